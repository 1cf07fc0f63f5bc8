import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { ESLint } from "eslint";

/**
 * The layering rules in eslint.config.js, tried on imports that break them: relative paths
 * are caught as well as "@/" aliases, and an allowed import stays allowed.
 */
const eslint = new ESLint({ cwd: process.cwd() });

async function layerErrors(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath });
  return (result?.messages ?? []).filter((message) => message.ruleId === "import/no-restricted-paths").map((message) => message.message);
}

const CASES: Array<[file: string, source: string, allowed: boolean]> = [
  ["server/risk/fixture.ts", 'import { Collector } from "../ib/collector";\nexport type T = Collector;\n', false],
  ["server/risk/fixture.ts", 'import { Collector } from "@/server/ib/collector";\nexport type T = Collector;\n', false],
  ["server/risk/fixture.ts", 'import type { DomainEvent } from "../domain/events";\nexport type T = DomainEvent;\n', true],
  ["server/ib/fixture.ts", 'import { RiskBook } from "../risk/book";\nexport type T = RiskBook;\n', false],
  ["server/store/fixture.ts", 'import type { Hub } from "../realtime/hub";\nexport type T = Hub;\n', false],
  ["server/store/fixture.ts", 'import type { Collector } from "@/server/ib/collector";\nexport type T = Collector;\n', false],
  ["server/store/fixture.ts", 'import type { Logger } from "../logger";\nexport type T = Logger;\n', true],
  ["lib/fixture.ts", 'import type { Logger } from "../server/logger";\nexport type T = Logger;\n', false],
  ["components/fixture.ts", 'import type { Config } from "../server/config";\nexport type T = Config;\n', false],
  ["server/sim/fixture.ts", 'import type { Config } from "../config";\nexport type T = Config;\n', false],
  ["server/sim/fixture.ts", 'import { encodeFrame } from "../tws-wire/frames";\nexport const f = encodeFrame;\n', true],
];

describe("the layering rules", () => {
  for (const [file, source, allowed] of CASES) {
    const importLine = source.split("\n")[0];
    test(`${file}: ${importLine} is ${allowed ? "allowed" : "refused"}`, async () => {
      const errors = await layerErrors(file, source);
      assert.equal(errors.length, allowed ? 0 : 1, errors.join("; "));
    });
  }
});
