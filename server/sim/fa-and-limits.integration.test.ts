import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { XMLParser } from "fast-xml-parser";
import { decodeUnicodeEscapes } from "@/server/tws-wire/unicode-escapes";
import { waitFor } from "@/server/testing/wait-for";
import { startSimGateway, type SimGateway } from "./gateway";
import { RecordingClient } from "./testing/ib-client";
import { RawClient } from "./testing/raw-client";
import { encodeFrame } from "@/server/tws-wire/frames";

const xml = new XMLParser({ ignoreAttributes: false, parseTagValue: false, isArray: (name) => ["Group", "Account", "AccountAlias"].includes(name) });

interface GroupXml {
  name: string;
  defaultMethod: string;
  ListOfAccts: { "@_varName": string; Account: Array<{ acct: string; amount: string }> };
}

describe("FA configuration and account updates multi", () => {
  let sim: SimGateway;
  let client: RecordingClient;

  before(async () => {
    sim = await startSimGateway({ port: 0, seed: 7, accounts: 12, tickMs: 0 });
    client = await RecordingClient.connect(sim.host, sim.port, 1);
  });
  after(async () => {
    client.disconnect();
    await sim.close();
  });

  test("requestFA groups: IB's XML, parsing to what faConfig() says", async () => {
    client.ib.requestFA(1);
    await waitFor("groups", () => client.fa.find((f) => f.faDataType === 1));
    const parsed = xml.parse(client.fa.find((f) => f.faDataType === 1)!.xml) as { ListOfGroups: { Group: GroupXml[] } };
    const groups = parsed.ListOfGroups.Group;
    assert.deepEqual(
      groups.map((g) => ({ name: g.name, defaultMethod: g.defaultMethod, accounts: g.ListOfAccts.Account.map((a) => a.acct) })),
      sim.faConfig().groups,
    );
    assert.ok(groups.every((g) => g.ListOfAccts["@_varName"] === "list"));
    assert.deepEqual(sim.faConfig().groups.map((g) => g.name), ["Growth", "Income"]);
  });

  test("requestFA aliases: every account, most with a human alias, equal to faConfig() and GET-able per account", async () => {
    client.ib.requestFA(3);
    await waitFor("aliases", () => client.fa.find((f) => f.faDataType === 3));
    // The wire carries non-ASCII as \uXXXX (server version >= 153); the client library leaves it so.
    const text = decodeUnicodeEscapes(client.fa.find((f) => f.faDataType === 3)!.xml);
    const parsed = xml.parse(text) as { ListOfAccountAliases: { AccountAlias: Array<{ account: string; alias: string }> } };
    const entries = parsed.ListOfAccountAliases.AccountAlias;
    assert.deepEqual(entries.map((e) => e.account), [...sim.accounts]);
    const human = Object.fromEntries(entries.filter((e) => e.alias !== e.account).map((e) => [e.account, e.alias]));
    assert.deepEqual(human, sim.faConfig().aliases);
    assert.ok(Object.keys(human).length >= sim.accounts.length / 2, "most accounts have an alias");
    assert.equal(new Set(Object.values(human)).size, Object.keys(human).length, "aliases are distinct");
    for (const account of sim.accounts) assert.equal(sim.alias(account), human[account] ?? account);
  });

  test("account updates multi: every tag and an ExchangeRate per currency, END, changes after a step, nothing after cancel", async () => {
    const account = sim.accounts[4]!;
    client.ib.reqAccountUpdatesMulti(40, account, "", false);
    await waitFor("end", () => client.accountUpdateEnds.includes("40"));
    const lines = () => client.accountUpdates.filter((l) => l.reqId === 40);
    const initial = lines();
    assert.ok(initial.every((l) => l.account === account && l.modelCode === ""));
    const figures = sim.accountFigures(account);
    const value = (key: string, currency = "USD") => initial.find((l) => l.key === key && l.currency === currency)?.value;
    const expected: Record<string, number> = {
      NetLiquidation: figures.netLiquidation,
      TotalCashValue: figures.totalCash,
      EquityWithLoanValue: figures.equityWithLoan,
      GrossPositionValue: figures.grossPositionValue,
      InitMarginReq: figures.initMargin,
      MaintMarginReq: figures.maintMargin,
      AvailableFunds: figures.availableFunds,
      ExcessLiquidity: figures.excessLiquidity,
      BuyingPower: figures.buyingPower,
    };
    for (const [key, number] of Object.entries(expected)) assert.equal(Number(value(key)), number, key);
    assert.equal(Number(initial.find((l) => l.key === "Cushion")!.value), figures.cushion);
    assert.equal(Number(initial.find((l) => l.key === "Leverage")!.value), figures.leverage);
    assert.equal(value("Currency"), "USD");
    const rates = initial.filter((l) => l.key === "ExchangeRate");
    assert.deepEqual(rates.map((l) => l.currency), ["USD", "EUR", "BASE"]);
    assert.equal(rates[0]!.value, "1.00000");
    const eur = sim.positions(account).find((p) => p.localSymbol === "EUR.USD")!;
    assert.ok(Math.abs(Number(rates[1]!.value) - eur.value / eur.position) < 1e-4, "EUR rate = USD per EUR");

    sim.step();
    await client.sync();
    const updates = lines().slice(initial.length);
    assert.ok(updates.length > 0 && updates.length < initial.length, "only changed values");
    assert.equal(Number(updates.find((l) => l.key === "NetLiquidation")!.value), sim.accountFigures(account).netLiquidation);
    assert.deepEqual(client.accountUpdateEnds, ["40"]);

    client.ib.cancelAccountUpdatesMulti(40);
    await client.sync();
    const afterCancel = lines().length;
    sim.step(2);
    await client.sync();
    assert.equal(lines().length, afterCancel);
  });

  test("account updates multi with ledgerAndNLV: NetLiquidation and the ledgers only; an unknown account is refused", async () => {
    client.ib.reqAccountUpdatesMulti(41, sim.accounts[0]!, "", true);
    await waitFor("end", () => client.accountUpdateEnds.includes("41"));
    const keys = new Set(client.accountUpdates.filter((l) => l.reqId === 41).map((l) => l.key));
    assert.ok(keys.has("NetLiquidation") && keys.has("CashBalance") && keys.has("ExchangeRate"));
    assert.ok(!keys.has("MaintMarginReq"));
    client.ib.cancelAccountUpdatesMulti(41);
    client.ib.reqAccountUpdatesMulti(42, "DU9999999", "", false);
    await waitFor("error", () => client.errors.find((e) => e.reqId === 42));
    assert.equal(client.errors.find((e) => e.reqId === 42)!.code, 321);
  });

  test("$LEDGER:ALL has an ExchangeRate per currency: currency = that currency, value = base units per unit", async () => {
    client.ib.reqAccountSummary(43, "All", "$LEDGER:ALL");
    await waitFor("end", () => client.summaryEnds.includes(43));
    const rates = client.summaryFor(43).filter((l) => l.account === sim.accounts[0] && l.tag === "ExchangeRate");
    assert.deepEqual(rates.map((l) => [l.currency, Number(l.value) > 0]), [["USD", true], ["EUR", true], ["BASE", true]]);
    client.ib.cancelAccountSummary(43);
  });
});

describe("a login that is not an FA master (fa: false)", () => {
  test("one individual account, no groups, FA requests get 321 on reqId -1, everything else works", async () => {
    const sim = await startSimGateway({ port: 0, seed: 7, fa: false, tickMs: 0 });
    const client = await RecordingClient.connect(sim.host, sim.port, 1);
    try {
      assert.equal(client.managedAccounts, "U1000001");
      assert.deepEqual(sim.groups, []);
      assert.deepEqual(sim.faConfig(), { groups: [], aliases: {} });
      client.ib.requestFA(1);
      client.ib.requestFA(3);
      await waitFor("two refusals", () => client.infos.filter((i) => i.code === 321).length === 2);
      assert.equal(
        client.infos.find((i) => i.code === 321)!.message,
        "Error validating request.-'REQ_FA' : cause - FA data operations ignored for non FA customers.",
      );
      assert.deepEqual(client.fa, []);
      client.ib.reqPositions();
      client.ib.reqAccountSummary(1, "All", "NetLiquidation");
      await waitFor("positions and summary", () => client.positionEnds === 1 && client.summaryEnds.includes(1));
      assert.ok(client.positions.length > 0 && client.positions.every((p) => p.account === "U1000001"));
      assert.deepEqual(client.summaryFor(1).map((l) => l.account), ["U1000001"]);
    } finally {
      client.disconnect();
      await sim.close();
    }
  });
});

describe("above 50 sub-accounts", () => {
  test("reqPositions and account summary group All are refused; reqPositionsMulti and FA groups work", async () => {
    const sim = await startSimGateway({ port: 0, seed: 7, accounts: 51, positionsPerAccount: 3, tickMs: 0 });
    const client = await RecordingClient.connect(sim.host, sim.port, 1);
    try {
      client.ib.reqPositions();
      await waitFor("positions refusal", () => client.infos.find((i) => i.code === 321));
      assert.match(client.infos.find((i) => i.code === 321)!.message, /more than 50 accounts; use reqPositionsMulti/);
      client.ib.reqAccountSummary(2, "All", "NetLiquidation");
      await waitFor("All refusal", () => client.errors.find((e) => e.reqId === 2));
      assert.equal(client.errors.find((e) => e.reqId === 2)!.code, 321);
      assert.equal(client.positionEnds, 0);
      assert.ok(!client.summaryEnds.includes(2));

      client.ib.reqPositionsMulti(3, sim.accounts[50]!, "");
      client.ib.reqAccountSummary(4, "Income", "NetLiquidation");
      await waitFor("served", () => client.positionMultiEnds.includes(3) && client.summaryEnds.includes(4));
      assert.equal(client.positions.length, 3);
    } finally {
      client.disconnect();
      await sim.close();
    }
  });
});

describe("pacing", () => {
  test("a burst of 60 messages: the first 50 are served, exactly the last 10 get error 100 with their reqId", async () => {
    const sim = await startSimGateway({ port: 0, accounts: 1, tickMs: 0 });
    const raw = await RawClient.open(sim.port);
    try {
      await raw.start(1);
      const before = raw.messages.length;
      // 60 positions-multi requests with reqIds 1..60 in one write.
      raw.write(Buffer.concat(Array.from({ length: 60 }, (_, i) => encodeFrame([74, 1, i + 1, "", ""]))));
      await raw.waitFor("the last refusal", (m) => m[0] === "4" && m[2] === "60");
      await raw.waitFor("the 50th end", (m) => m[0] === "72" && m[2] === "50");
      const replies = raw.messages.slice(before);
      const ends = replies.filter((m) => m[0] === "72").map((m) => Number(m[2]));
      const refusals = replies.filter((m) => m[0] === "4");
      assert.deepEqual(ends, Array.from({ length: 50 }, (_, i) => i + 1));
      assert.deepEqual(refusals.map((m) => [Number(m[2]), m[3]]), Array.from({ length: 10 }, (_, i) => [51 + i, "100"]));
      assert.equal(refusals[0]![4], "Max rate of messages per second has been exceeded:max=50 rec=51 (543)");
      assert.equal(refusals[9]![4], "Max rate of messages per second has been exceeded:max=50 rec=60 (543)");
    } finally {
      raw.close();
      await sim.close();
    }
  });

  test("with the real client: excess requests without an id come back as info 100; a higher limit serves them all", async () => {
    const strict = await startSimGateway({ port: 0, accounts: 1, tickMs: 0, maxMessagesPerSecond: 20 });
    const relaxed = await startSimGateway({ port: 0, accounts: 1, tickMs: 0, maxMessagesPerSecond: 1000 });
    const a = await RecordingClient.connect(strict.host, strict.port, 1, 1000);
    const b = await RecordingClient.connect(relaxed.host, relaxed.port, 1, 1000);
    try {
      for (const client of [a, b]) for (let i = 0; i < 30; i++) client.ib.reqCurrentTime();
      await waitFor("answers", () => a.currentTimes.length + a.infos.filter((i) => i.code === 100).length === 30 && b.currentTimes.length === 30);
      assert.equal(a.currentTimes.length, 20);
      assert.equal(a.infos.filter((i) => i.code === 100).length, 10);
      assert.deepEqual(b.infos.filter((i) => i.code === 100), []);
    } finally {
      a.disconnect();
      b.disconnect();
      await Promise.all([strict.close(), relaxed.close()]);
    }
  });
});
