import { test } from "node:test";
import assert from "node:assert/strict";
import { FaXmlError, parseFaAliases, parseFaGroups } from "./fa-xml";

test("reads groups in the unified format (TWS 983+) with allocation methods", () => {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<ListOfGroups>
  <Group><name>Growth</name><defaultMethod>NetLiq</defaultMethod>
    <ListOfAccts varName="list">
      <Account><acct>DU1</acct><amount>0.0</amount></Account>
      <Account><acct>DU2</acct><amount>0.0</amount></Account>
    </ListOfAccts>
  </Group>
  <Group><name>Solo</name><defaultMethod>Equal</defaultMethod>
    <ListOfAccts varName="list"><Account><acct>DU3</acct></Account></ListOfAccts>
  </Group>
</ListOfGroups>`;
  assert.deepEqual(parseFaGroups(xml), [
    { name: "Growth", method: "NetLiq", accounts: ["DU1", "DU2"] },
    { name: "Solo", method: "Equal", accounts: ["DU3"] },
  ]);
});

test("reads groups in the older <String> member format", () => {
  const xml = `<ListOfGroups><Group><name>Old</name><ListOfAccts varName="list"><String>U1</String><String>U2</String></ListOfAccts><defaultMethod>AvailableEquity</defaultMethod></Group></ListOfGroups>`;
  assert.deepEqual(parseFaGroups(xml), [{ name: "Old", method: "AvailableEquity", accounts: ["U1", "U2"] }]);
});

test("an empty configuration has no groups", () => {
  assert.deepEqual(parseFaGroups("<ListOfGroups/>"), []);
  assert.deepEqual(parseFaAliases("<ListOfAccountAliases></ListOfAccountAliases>"), {});
});

test("reads aliases, skipping ones equal to the account id", () => {
  const xml = `<ListOfAccountAliases>
    <AccountAlias><account>DU1</account><alias>Smith Family</alias></AccountAlias>
    <AccountAlias><account>DU2</account><alias>DU2</alias></AccountAlias>
  </ListOfAccountAliases>`;
  assert.deepEqual(parseFaAliases(xml), { DU1: "Smith Family" });
});

test("malformed XML is a clear error, not a silent empty result", () => {
  assert.throws(() => parseFaGroups("<ListOfGroups><Group><name>x</Group>"), FaXmlError);
  assert.throws(() => parseFaAliases("not xml at all <"), FaXmlError);
});
