import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { XMLParser } from "fast-xml-parser";
import { aliasesXml, escapeXml, groupsXml } from "./fa";
import { MAX_POSITIONS_PER_ACCOUNT, type SubAccount } from "./portfolio";
import { Simulation } from "./simulation";

const parser = new XMLParser({ ignoreAttributes: false, parseTagValue: false, isArray: (name) => ["Group", "Account", "AccountAlias"].includes(name) });

describe("FA configuration", () => {
  test("groups XML has IB's shape: name, defaultMethod, ListOfAccts varName=list of Account/acct/amount", () => {
    const xml = groupsXml([
      { name: "Growth", defaultMethod: "NetLiq", accounts: ["DU1", "DU2"] },
      { name: "R&D <1>", defaultMethod: "Equal", accounts: [] },
    ]);
    assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?><ListOfGroups><Group><name>Growth</name><defaultMethod>NetLiq</defaultMethod>'));
    assert.ok(xml.includes('<ListOfAccts varName="list"><Account><acct>DU1</acct><amount>0.0</amount></Account>'));
    const groups = (parser.parse(xml) as { ListOfGroups: { Group: Array<{ name: string }> } }).ListOfGroups.Group;
    assert.deepEqual(groups.map((g) => g.name), ["Growth", "R&D <1>"]);
  });

  test("aliases XML lists every account, escaping what needs it", () => {
    const accounts = [
      { id: "DU1", alias: "Lee & Sons Pension" },
      { id: "DU2", alias: "DU2" },
    ] as SubAccount[];
    const xml = aliasesXml(accounts);
    assert.ok(xml.includes("<AccountAlias><account>DU1</account><alias>Lee &amp; Sons Pension</alias></AccountAlias>"));
    const entries = (parser.parse(xml) as { ListOfAccountAliases: { AccountAlias: Array<{ account: string; alias: string }> } })
      .ListOfAccountAliases.AccountAlias;
    assert.deepEqual(entries, [
      { account: "DU1", alias: "Lee & Sons Pension" },
      { account: "DU2", alias: "DU2" },
    ]);
    assert.equal(escapeXml(`O'Brien "Q" <&>`), "O&apos;Brien &quot;Q&quot; &lt;&amp;&gt;");
  });

  test("aliases are deterministic from the seed, distinct, and most accounts have one", () => {
    const config = new Simulation(3, 200).faConfig();
    assert.deepEqual(new Simulation(3, 200).faConfig(), config);
    assert.notDeepEqual(new Simulation(4, 200).faConfig().aliases, config.aliases);
    const aliases = Object.values(config.aliases);
    assert.ok(aliases.length > 150 && aliases.length < 200, `${aliases.length} of 200 have an alias`);
    assert.equal(new Set(aliases).size, aliases.length);
  });

  test("fixed positions per account: exactly that many lines each, including EUR.USD", () => {
    const simulation = new Simulation(9, 6, { positionsPerAccount: 40 });
    for (const id of simulation.accountIds) {
      const positions = simulation.positions(id);
      assert.equal(positions.length, 40, id);
      assert.equal(new Set(positions.map((p) => p.conId)).size, 40);
      assert.deepEqual([...new Set(positions.map((p) => p.secType))].sort(), ["CASH", "FUT", "OPT", "STK"]);
    }
    assert.throws(() => new Simulation(9, 1, { positionsPerAccount: 1 }), /positionsPerAccount/);
    assert.throws(() => new Simulation(9, 1, { positionsPerAccount: MAX_POSITIONS_PER_ACCOUNT + 1 }), /positionsPerAccount/);
    assert.equal(new Simulation(9, 1, { positionsPerAccount: MAX_POSITIONS_PER_ACCOUNT }).positions().length, MAX_POSITIONS_PER_ACCOUNT);
  });
});
