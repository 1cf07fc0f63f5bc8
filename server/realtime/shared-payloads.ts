import type { ZodError } from "zod";
import { deltaBodySchema, encodeBody, snapshotBodySchema, viewKey, type View } from "@/lib/stream";
import type { Logger } from "@/server/logger";
import type { StreamView } from "./publication";

/** What a client is sent for a delta: its bytes, or a snapshot instead. */
export type SharedDelta = Uint8Array | "snapshot";

/** A payload that fails its schema is logged at most this often per view and kind. */
const FAILURE_LOG_INTERVAL_MS = 10_000;
/**
 * A snapshot is reused this long by clients of the same view, whatever the revision since:
 * a grid's costs about 120 ms to build and encode, and the deltas that follow catch each
 * client up from the revision it was built at.
 */
const SNAPSHOT_REUSE_MS = 1000;

/** A snapshot's bytes, and the revision they show. */
export interface SharedSnapshot {
  bytes: Uint8Array;
  revision: number;
}

/**
 * Snapshots and deltas built, validated and encoded once per view and revision, however
 * many clients receive them: 180 browsers on the overview cost one build, one schema check
 * and one JSON encoding per flush, not 180. A payload that fails its schema (a NaN, an
 * Infinity, a malformed part) is logged with the reason and never sent.
 */
export class SharedPayloads {
  private builtAt = -1;
  private readonly built = new Map<string, SharedDelta>();
  private readonly failureLoggedAt = new Map<string, number>();
  private readonly snapshots = new Map<string, SharedSnapshot & { builtAt: number }>();

  constructor(
    private readonly source: StreamView,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  get revision(): number {
    return this.source.revision;
  }

  /** Null when the snapshot fails its schema: the client is sent one once it passes. */
  snapshot(view: View): SharedSnapshot | null {
    const key = viewKey(view);
    const now = this.now();
    const reusable = this.snapshots.get(key);
    if (reusable && now - reusable.builtAt < SNAPSHOT_REUSE_MS) return reusable;
    const revision = this.source.revision;
    const body = this.source.snapshot(view);
    const checked = snapshotBodySchema.safeParse(body);
    if (!checked.success) {
      this.reportFailure(`snapshot ${key}`, view, checked.error);
      return null;
    }
    const snapshot = { bytes: encodeBody(body), revision, builtAt: now };
    this.snapshots.set(key, snapshot);
    return snapshot;
  }

  /** What changed since `rev` for the view; "snapshot" when a delta cannot say it (or fails its schema). */
  delta(rev: number, view: View): SharedDelta {
    const key = `delta ${rev} ${viewKey(view)}`;
    return this.memo(key, () => {
      const body = this.source.deltaSince(rev, view);
      if (!body) return "snapshot";
      const checked = deltaBodySchema.safeParse(body);
      if (checked.success) return encodeBody(body);
      this.reportFailure(key.replace(/ \d+ /, " "), view, checked.error);
      return "snapshot";
    });
  }

  private memo(key: string, build: () => SharedDelta): SharedDelta {
    const revision = this.source.revision;
    if (revision !== this.builtAt) {
      this.built.clear();
      this.builtAt = revision;
    }
    if (this.built.has(key)) return this.built.get(key)!;
    const payload = build();
    this.built.set(key, payload);
    return payload;
  }

  private reportFailure(key: string, view: View, error: ZodError): void {
    const now = this.now();
    if (now - (this.failureLoggedAt.get(key) ?? -Infinity) < FAILURE_LOG_INTERVAL_MS) return;
    this.failureLoggedAt.set(key, now);
    const issues = error.issues.slice(0, 5).map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`);
    this.logger.error({ payload: key.split(" ")[0], view, issues, issueCount: error.issues.length }, "an outgoing payload failed its schema and was not sent");
  }
}
