#!/usr/bin/env bash
# The store's integration tests need PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth,
# database `test`; TEST_POSTGRES_URL names another). When it is not answering and we are root
# with apt-get, installs and starts Debian's; otherwise says what to do.
set -euo pipefail
ready() { command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h 127.0.0.1 -p 5432; }
ready && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    echo "installing Debian's postgresql for the store's tests..." >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    # Only a server installed here for the tests is opened to the tests' trust login.
    for hba in /etc/postgresql/*/main/pg_hba.conf; do
      sed -i '1i host all postgres 127.0.0.1/32 trust' "$hba"
    done
  fi
  version=$(ls /etc/postgresql | sort -V | tail -1)
  pg_ctlcluster "$version" main start 2>/dev/null || true
  for _ in $(seq 1 30); do ready && break; sleep 1; done
  if ready; then
    runuser -u postgres -- psql -qtAc "SELECT 1 FROM pg_database WHERE datname = 'test'" | grep -q 1 \
      || runuser -u postgres -- createdb test
    exit 0
  fi
fi
cat >&2 <<MSG
The store's integration tests need PostgreSQL on 127.0.0.1:5432 and nothing answers there.
Install and start it as root, then run the tests again:
  apt-get update && apt-get install -y postgresql && pg_ctlcluster <version> main start
with a trust login for user postgres from 127.0.0.1 and a database named test, or set
TEST_POSTGRES_URL to a PostgreSQL database the tests may create databases from.
MSG
exit 1
