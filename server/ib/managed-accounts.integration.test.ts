import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { LinkStatus } from "@/lib/stream";
import { testLogger } from "@/server/testing/silent-logger";
import { waitFor } from "@/server/testing/wait-for";
import { Collector } from "./collector";
import { HostileGateway, type HostileConnection } from "./testing/hostile-gateway";

describe("a managed-accounts list that is empty or shrinks", () => {
  const connections: HostileConnection[] = [];
  let gateway: HostileGateway;
  let collector: Collector;
  after(async () => {
    collector?.stop();
    await gateway?.close();
  });

  test("is a warning on the link until a list that leaves nothing out", async () => {
    const lists = ["", "DU1,DU2,DU3", "DU1"];
    gateway = await HostileGateway.start(
      lists.map((accounts) => async (connection: HostileConnection) => {
        connections.push(connection);
        await connection.handshake({ accounts });
      }),
    );
    collector = new Collector(
      { IB_HOST: "127.0.0.1", IB_PORT: gateway.port, IB_CLIENT_ID: 5, IB_ACCOUNTS: [], IB_RECONNECT_MIN_MS: 50, IB_RECONNECT_MAX_MS: 100 },
      testLogger(),
    );
    const links: LinkStatus[] = [];
    collector.onEvent((event) => event.type === "link" && links.push(event.status));
    collector.start();
    const warningOn = (connection: number) =>
      waitFor(`the link status after list ${connection}`, () => gateway.connections === connection && links.at(-1)?.state === "ready" && links.at(-1));

    const first = await warningOn(1);
    assert.deepEqual(first.warnings.map((w) => w.message), ["IB listed no managed accounts: there is nothing to monitor"]);

    connections[0]!.close();
    await warningOn(2);
    await waitFor("the warning to clear", () => links.at(-1)?.warnings.length === 0);

    connections[1]!.close();
    await warningOn(3);
    await waitFor("the shrink warning", () => links.at(-1)?.warnings.length === 1);
    assert.match(links.at(-1)!.warnings[0]!.message, /no longer lists 2 account\(s\) it listed before: DU2, DU3/);
    assert.deepEqual(collector.status.warnings, links.at(-1)!.warnings);
  });
});
