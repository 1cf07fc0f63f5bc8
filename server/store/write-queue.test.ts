import { describe, mock, test } from "node:test";
import assert from "node:assert/strict";
import { setImmediate as nextTurn } from "node:timers/promises";
import { capturingLogger } from "@/server/testing/capturing-logger";
import { WriteQueue, type AlertRecordEntry, type FigureSampleRecord, type WriteBatch, type WriteQueueOptions } from "./write-queue";

const INFO = 30;
const sample = (n: number): FigureSampleRecord => ({
  scope: "account:DU1",
  at: new Date(Date.UTC(2026, 0, 2, 14, 0, n)),
  resolutionSeconds: 10,
  currency: "USD",
  netLiquidation: n,
});
const sampleNumbers = (batches: WriteBatch[]) => batches.flatMap((batch) => batch.samples.map((s) => s.netLiquidation));
const alertRecord = (id: string, level: string, at: number): AlertRecordEntry => ({
  alertId: id,
  key: id,
  rule: "marginUtilisation",
  scope: "all",
  level,
  message: `${id} ${level}`,
  raisedAt: new Date(0),
  levelSince: new Date(at),
});
const alertLevels = (batches: WriteBatch[]) => batches.flatMap((batch) => batch.alerts.map((a) => `${a.alertId} ${a.level}`));

/** A sink that records what it wrote and fails or holds its writes on demand. */
class FakeSink {
  written: WriteBatch[] = [];
  attempts = 0;
  failWith: Error | null = null;
  #held: Array<() => void> = [];
  holding = false;

  async write(batch: WriteBatch): Promise<void> {
    this.attempts += 1;
    if (this.holding) await new Promise<void>((resolve) => this.#held.push(resolve));
    if (this.failWith) throw this.failWith;
    this.written.push(batch);
  }

  release(): void {
    this.holding = false;
    for (const resolve of this.#held.splice(0)) resolve();
  }
}

function setUp(options: Partial<WriteQueueOptions> = {}) {
  const sink = new FakeSink();
  const log = capturingLogger();
  const clock = { ms: 0 };
  const queue = new WriteQueue(sink, log.logger, { batchSize: 100, maxQueued: 1000, stallAfterMs: 5000, now: () => clock.ms, ...options });
  return { sink, queue, log, clock };
}

describe("the store's write queue", () => {
  test("the caller never waits: nothing is written until the queue flushes", async () => {
    const { sink, queue } = setUp();
    assert.equal(queue.addSample(sample(1)), undefined);
    queue.addAlert(alertRecord("a", "warning", 1));
    assert.equal(sink.attempts, 0);
    assert.deepEqual(queue.state(), { state: "ok", queued: 2, queuedAlerts: 1, droppedSamples: 0, since: 0, lastError: null });
    await queue.flush();
    assert.equal(sink.written.length, 1, "one batch");
    assert.deepEqual(sampleNumbers(sink.written), [1]);
    assert.deepEqual(alertLevels(sink.written), ["a warning"]);
    assert.equal(queue.state().queued, 0);
  });

  test("an alert waiting to be written is written once, in its latest state", async () => {
    const { sink, queue } = setUp();
    queue.addAlert(alertRecord("a", "warning", 1));
    queue.addAlert(alertRecord("b", "warning", 1));
    queue.addAlert(alertRecord("a", "critical", 2));
    assert.equal(queue.state().queuedAlerts, 2);
    await queue.flush();
    assert.deepEqual(alertLevels(sink.written).sort(), ["a critical", "b warning"]);
  });

  test("alerts of a failed write are written later, unless a newer state of the same alert came meanwhile", async () => {
    const { sink, queue } = setUp();
    queue.addAlert(alertRecord("a", "warning", 1));
    queue.addAlert(alertRecord("b", "warning", 1));
    sink.holding = true;
    sink.failWith = new Error("database down");
    const failing = queue.flush();
    queue.addAlert(alertRecord("a", "critical", 2));
    sink.release();
    await failing;
    assert.equal(queue.state().queuedAlerts, 2);
    sink.failWith = null;
    await queue.flush();
    assert.deepEqual(alertLevels(sink.written).sort(), ["a critical", "b warning"]);
  });

  test("writes in batches of batchSize, alerts first, each kind in its order", async () => {
    const { sink, queue } = setUp({ batchSize: 3 });
    for (let n = 1; n <= 5; n++) queue.addSample(sample(n));
    queue.addAlert(alertRecord("a", "warning", 1));
    queue.addAlert(alertRecord("b", "warning", 1));
    await queue.flush();
    assert.deepEqual(sink.written.map((batch) => [batch.alerts.length, batch.samples.length]), [[2, 1], [0, 3], [0, 1]]);
    assert.deepEqual(sampleNumbers(sink.written), [1, 2, 3, 4, 5]);
  });

  test("a full batch is written on the next turn of the event loop, without waiting for the interval", async () => {
    const { sink, queue } = setUp({ batchSize: 3 });
    queue.addSample(sample(1));
    queue.addSample(sample(2));
    await nextTurn();
    assert.equal(sink.attempts, 0);
    queue.addSample(sample(3));
    assert.equal(sink.attempts, 0, "not on the caller's stack");
    await nextTurn();
    assert.equal(sink.attempts, 1);
  });

  test("the interval flushes once started, and close() writes what is left", async () => {
    mock.timers.enable({ apis: ["setInterval"] });
    try {
      const { sink, queue } = setUp({ flushIntervalMs: 1000 });
      queue.start();
      queue.addSample(sample(1));
      mock.timers.tick(999);
      assert.equal(sink.attempts, 0);
      mock.timers.tick(1);
      assert.equal(sink.attempts, 1);
      await queue.flush();
      queue.addAlert(alertRecord("a", "warning", 1));
      assert.deepEqual(await queue.close(), { state: "ok", queued: 0, queuedAlerts: 0, droppedSamples: 0, since: 0, lastError: null });
      assert.deepEqual(alertLevels(sink.written), ["a warning"]);
      mock.timers.tick(5000);
      assert.equal(sink.attempts, 2, "no flush after close");
    } finally {
      mock.timers.reset();
    }
  });

  test("a failing database: records stay queued in order, the state and the log say so once, and the queue drains on recovery", async () => {
    const { sink, queue, log, clock } = setUp({ batchSize: 2 });
    sink.failWith = new Error("connect ECONNREFUSED 127.0.0.1:5432");
    for (let n = 1; n <= 3; n++) queue.addSample(sample(n));
    clock.ms = 1000;
    await queue.flush();
    clock.ms = 2000;
    await queue.flush();
    assert.deepEqual(queue.state(), { state: "unreachable", queued: 3, queuedAlerts: 0, droppedSamples: 0, since: 1000, lastError: "connect ECONNREFUSED 127.0.0.1:5432" });
    assert.equal(log.warnings().length, 1, "one warning for the outage, not one per attempt");
    assert.match(log.warnings()[0]!.msg, /store writes failing/);
    assert.equal(log.warnings()[0]!.queued, 3, "the warning says how much is queued");

    queue.addSample(sample(4));
    sink.failWith = null;
    clock.ms = 3000;
    await queue.flush();
    assert.deepEqual(sampleNumbers(sink.written), [1, 2, 3, 4]);
    assert.deepEqual(queue.state(), { state: "ok", queued: 0, queuedAlerts: 0, droppedSamples: 0, since: 3000, lastError: "connect ECONNREFUSED 127.0.0.1:5432" }, "the last error stays readable");
    const infos = log.lines.filter((line) => line.level === INFO).map((line) => [line.msg, line.store, line.queued]);
    assert.deepEqual(infos, [
      ["store writes recovered: draining the queue", "backlogged", 2],
      ["store write queue drained: writes keep up again", "ok", 0],
    ]);
  });

  test("beyond the bound the oldest history samples are dropped first, and alerts never", async () => {
    const { sink, queue, log } = setUp({ maxQueued: 5 });
    sink.failWith = new Error("database is locked");
    queue.addAlert(alertRecord("a1", "warning", 1));
    for (let n = 1; n <= 6; n++) queue.addSample(sample(n));
    queue.addAlert(alertRecord("a2", "warning", 1));
    await queue.flush();
    assert.deepEqual(queue.state(), { state: "unreachable", queued: 5, queuedAlerts: 2, droppedSamples: 3, since: 0, lastError: "database is locked" });

    for (let n = 3; n <= 7; n++) queue.addAlert(alertRecord(`a${n}`, "warning", 1));
    assert.deepEqual(queue.state(), { state: "unreachable", queued: 7, queuedAlerts: 7, droppedSamples: 6, since: 0, lastError: "database is locked" });
    assert.equal(log.warnings().filter((line) => /dropping the oldest history samples/.test(line.msg)).length, 1);

    sink.failWith = null;
    await queue.flush();
    assert.deepEqual(alertLevels(sink.written), [1, 2, 3, 4, 5, 6, 7].map((n) => `a${n} warning`));
    assert.deepEqual(sampleNumbers(sink.written), []);
  });

  test("a stalled database: the write in flight is flagged after stallAfterMs, new records queue within the bound, and it all drains when the write returns", async () => {
    const { sink, queue, clock, log } = setUp({ batchSize: 2, maxQueued: 4, stallAfterMs: 5000 });
    sink.holding = true;
    queue.addSample(sample(1));
    queue.addSample(sample(2));
    const stalled = queue.flush();
    clock.ms = 4999;
    void queue.flush();
    assert.equal(queue.state().state, "ok");
    clock.ms = 5000;
    void queue.flush();
    assert.equal(queue.state().state, "backlogged");
    assert.equal(queue.state().since, 5000);
    assert.equal(queue.state().lastError, "a database write has not finished after 5000 ms");
    assert.match(log.warnings()[0]!.msg, /store write stalled/);
    assert.equal(log.warnings()[0]!.queued, 2);

    for (let n = 3; n <= 6; n++) queue.addSample(sample(n));
    queue.addAlert(alertRecord("a", "warning", 1));
    assert.deepEqual(
      { queued: queue.state().queued, dropped: queue.state().droppedSamples },
      { queued: 4, dropped: 3 },
      "the two in flight are kept; the oldest waiting samples make room, for the alert too",
    );
    assert.equal(sink.attempts, 1, "one write at a time");

    sink.release();
    await stalled;
    assert.equal(queue.state().state, "ok");
    assert.ok(log.lines.some((line) => line.level === INFO && /drained/.test(line.msg)));
    assert.deepEqual(sampleNumbers(sink.written), [1, 2, 6]);
    assert.deepEqual(alertLevels(sink.written), ["a warning"]);
    assert.equal(log.warnings().length, 2, "one for the stall, one for dropping");
  });
});
