import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { INCIDENT_KINDS, ScenarioError, parseIncident, parseScenario, parseScenarioText } from "./schema";

describe("incident and scenario parsing", () => {
  test("an incident gets its defaults; every kind is known", () => {
    assert.deepEqual(parseIncident({ kind: "margin-squeeze", account: "DU1000003" }), {
      kind: "margin-squeeze",
      account: "DU1000003",
      severity: 1.02,
      rampSeconds: 20,
      holdSeconds: 20,
      recoverSeconds: 10,
    });
    assert.deepEqual(parseIncident({ kind: "connectivity-loss" }), { kind: "connectivity-loss", downSeconds: 10, data: "kept" });
    assert.deepEqual(INCIDENT_KINDS, [
      "price-shock",
      "margin-squeeze",
      "connectivity-loss",
      "farm-outage",
      "socket-drop",
      "daily-restart",
      "half-open",
      "margin-warning",
      "order-burst",
      "restore",
    ]);
  });

  test("a bad incident names the field: unknown kind, unknown parameter, out of range, account and group both", () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ kind: "meteor" }, /kind/],
      [{ kind: "half-open", secs: 3 }, /secs/],
      [{ kind: "daily-restart", downSeconds: 601 }, /downSeconds/],
      [{ kind: "margin-squeeze", account: "DU1", group: "Growth" }, /either an account or an FA group/],
      [{ kind: "margin-squeeze" }, /either an account or an FA group/],
      [{ kind: "farm-outage", farms: ["US FARM"] }, /farms\.0/],
      [{ kind: "margin-warning" }, /account/],
      ["margin-squeeze", /object/i],
    ];
    for (const [body, message] of cases) assert.throws(() => parseIncident(body), (error: Error) => error instanceof ScenarioError && message.test(error.message), JSON.stringify(body));
  });

  test("a scenario's steps come back in time order with their parsed incidents", () => {
    const scenario = parseScenario({
      name: "two steps",
      steps: [
        { at: 5, kind: "socket-drop" },
        { at: 0, kind: "price-shock", percent: -3, symbol: "AAPL" },
        { at: 5, kind: "half-open", seconds: 2 },
      ],
    });
    assert.equal(scenario.name, "two steps");
    assert.deepEqual(
      scenario.steps.map((s) => [s.at, s.incident.kind]),
      [
        [0, "price-shock"],
        [5, "socket-drop"],
        [5, "half-open"],
      ],
    );
    assert.deepEqual(scenario.steps[0]!.incident, { kind: "price-shock", percent: -3, symbol: "AAPL" });
  });

  test("a bad step is named by its number and kind", () => {
    const bad = (steps: unknown[]) => () => parseScenario({ name: "x", steps });
    assert.throws(bad([{ at: 0, kind: "socket-drop" }, { at: 3, kind: "half-open", seconds: -1 }]), /^ScenarioError: step 2 \(half-open\): seconds:/);
    assert.throws(bad([{ kind: "socket-drop" }]), /step 1 \(socket-drop\): at: seconds from the start/);
    assert.throws(bad([{ at: 1, kind: "margin-squeeze", account: "DU1", severity: 9 }]), /step 1 \(margin-squeeze\): severity/);
    assert.throws(bad([{ at: 1 }]), /step 1: kind/);
    assert.throws(() => parseScenario({ steps: [] }), /scenario: steps/);
    assert.throws(() => parseScenario({ steps: [{ at: 0, kind: "socket-drop" }], extra: 1 }), /scenario: .*extra/);
    assert.throws(() => parseScenarioText("{nope", "x.json"), /x\.json is not valid JSON/);
  });

  test("the scenario files in scenarios/ parse", () => {
    for (const file of ["scenarios/margin-squeeze.json", "scenarios/bad-day.json"]) {
      const scenario = parseScenarioText(readFileSync(file, "utf8"), file);
      assert.ok(scenario.steps.length > 0, file);
    }
  });
});
