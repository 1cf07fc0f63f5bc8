import assert from "node:assert/strict";
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Role } from "@/lib/auth";
import { sessionStreamAccess } from "@/server/auth/stream-access";
import { authFixture, type AuthFixture } from "@/server/auth/testing/auth-fixture";
import { CookieClient } from "@/server/auth/testing/cookie-client";
import { createRequestHandler, type RequestHandlerOptions } from "@/server/http/request-handler";
import { startMonitor, type Monitor, type MonitorOptions } from "@/server/monitor";
import { attachStreamHub, type StreamControls, type StreamHub } from "@/server/realtime/hub";
import type { StreamAccess } from "@/server/realtime/stream-access";
import { startSimGateway, type SimGateway } from "@/server/sim/gateway";
import { testLogger } from "./silent-logger";

export interface TestUser {
  name: string;
  role: Role;
  password: string;
  grants?: string[];
}

export interface DeskOptions {
  /** The simulator's seed and number of FA sub-accounts. */
  seed: number;
  accounts: number;
  /** The monitor's client id on the simulated gateway. */
  clientId: number;
  monitor?: MonitorOptions;
  /** The users to create, once the simulator's accounts are known (for grants). */
  users: (accounts: readonly string[]) => TestUser[];
  userRoutes?: (fixture: AuthFixture) => RequestHandlerOptions["userRoutes"];
  /** The hub's access (the session access by default, which a test may wrap) and its controls. */
  hub?: (parts: { access: StreamAccess; fixture: AuthFixture; monitor: Monitor }) => { access?: StreamAccess; controls?: StreamControls };
}

/** The desk as a browser reaches it: a simulated gateway, the monitor on it, access control over a fresh store,
 *  the request handler and the stream hub on an ephemeral port of 127.0.0.1. */
export interface DeskUnderTest {
  sim: SimGateway;
  monitor: Monitor;
  fixture: AuthFixture;
  server: Server;
  hub: StreamHub;
  baseUrl: string;
  /** A client with this user's session cookie. */
  loggedIn(name: string, password: string): Promise<CookieClient>;
  close(): Promise<void>;
}

export async function startDeskUnderTest(options: DeskOptions): Promise<DeskUnderTest> {
  const sim = await startSimGateway({ port: 0, seed: options.seed, accounts: options.accounts, tickMs: 0 });
  const monitor = startMonitor(
    { IB_HOST: sim.host, IB_PORT: sim.port, IB_CLIENT_ID: options.clientId, IB_ACCOUNTS: [], IB_RECONNECT_MIN_MS: 100, IB_RECONNECT_MAX_MS: 400 },
    testLogger(),
    options.monitor,
  );
  let baseUrl = "";
  const fixture = await authFixture(() => [baseUrl]);
  for (const user of options.users(sim.accounts)) await fixture.addUser(user.name, user.role, user.password, user.grants);
  const server = createServer(
    createRequestHandler({ logger: testLogger(), health: () => ({ ok: true }), auth: fixture.auth, userRoutes: options.userRoutes?.(fixture) }),
  );
  const sessionAccess = sessionStreamAccess(fixture.users, fixture.auth.sessionOptions, () => [baseUrl]);
  const { access = sessionAccess, controls } = options.hub?.({ access: sessionAccess, fixture, monitor }) ?? {};
  const hub = attachStreamHub(server, monitor.publication, testLogger(), undefined, access, controls);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    sim,
    monitor,
    fixture,
    server,
    hub,
    baseUrl,
    async loggedIn(name, password) {
      const client = new CookieClient(baseUrl);
      assert.equal((await client.login(name, password)).status, 200, `${name} logs in`);
      return client;
    },
    async close() {
      await hub.close();
      server.close();
      monitor.stop();
      await sim.close();
      await fixture.close();
    },
  };
}
