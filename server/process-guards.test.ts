import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import { Writable } from "node:stream";
import { pino } from "pino";
import { CRASH_EXIT_CODE, installProcessGuards } from "./process-guards";

function fakeProcess() {
  const emitter = new EventEmitter();
  const exits: number[] = [];
  return Object.assign(emitter, { exits, exit: (code: number) => void exits.push(code) });
}

function capturingLogger() {
  const lines: Array<{ level: number; msg: string; err?: { message: string; stack?: string } }> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return { lines, logger: pino({ level: "info" }, stream) };
}

describe("process guards", () => {
  test("an uncaught exception is logged as fatal with its stack, then the process exits non-zero", async () => {
    const target = fakeProcess();
    const { lines, logger } = capturingLogger();
    installProcessGuards(logger, target);
    target.emit("uncaughtException", new Error("boom"), "uncaughtException");
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(target.exits, [CRASH_EXIT_CODE]);
    assert.equal(lines[0]?.level, 60);
    assert.equal(lines[0]?.err?.message, "boom");
    assert.match(lines[0]?.err?.stack ?? "", /boom/);
  });

  test("an unhandled rejection too", async () => {
    const target = fakeProcess();
    const { lines, logger } = capturingLogger();
    installProcessGuards(logger, target);
    target.emit("unhandledRejection", new Error("lost promise"));
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(target.exits, [CRASH_EXIT_CODE]);
    assert.equal(lines[0]?.err?.message, "lost promise");
  });
});
