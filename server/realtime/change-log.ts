import type { FigureKey } from "@/lib/figures";

/** A revision counter that several change logs can share, so one number orders them all. */
export class RevisionCounter {
  value = 0;
}

/**
 * Which keys changed since a given revision, at a cost proportional to what changed
 * rather than to everything there is. Each client remembers the revision it last saw.
 */
export class ChangeLog {
  /** Latest revision per key. */
  private readonly latest = new Map<string, number>();
  /** Append-only (revision, key) entries in revision order; superseded ones are compacted away. */
  private log: Array<{ rev: number; key: string }> = [];

  constructor(private readonly counter = new RevisionCounter()) {}

  get revision(): number {
    return this.counter.value;
  }

  mark(key: string): void {
    const rev = ++this.counter.value;
    this.latest.set(key, rev);
    this.log.push({ rev, key });
    if (this.log.length > 2 * this.latest.size + 1024) {
      this.log = this.log.filter((entry) => this.latest.get(entry.key) === entry.rev);
    }
  }

  /** Keys whose latest change is after `rev`, oldest change first. */
  changedSince(rev: number): string[] {
    const keys: string[] = [];
    for (let index = this.firstAfter(rev); index < this.log.length; index++) {
      const entry = this.log[index]!;
      if (this.latest.get(entry.key) === entry.rev) keys.push(entry.key);
    }
    return keys;
  }

  private firstAfter(rev: number): number {
    let low = 0;
    let high = this.log.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.log[mid]!.rev <= rev) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

/** The revision at which each named part (the link, the FA configuration, …) last changed. */
export class PartRevisions<Part extends string> {
  private readonly latest = new Map<Part, number>();

  constructor(private readonly counter: RevisionCounter) {}

  mark(part: Part): void {
    this.latest.set(part, ++this.counter.value);
  }

  changedSince(part: Part, rev: number): boolean {
    return (this.latest.get(part) ?? 0) > rev;
  }
}

/** Which figures of which owners (accounts, groups) changed since a revision. */
export class FigureLog {
  private readonly log: ChangeLog;

  constructor(counter: RevisionCounter) {
    this.log = new ChangeLog(counter);
  }

  mark(owner: string, figure: FigureKey): void {
    this.log.mark(`${owner}${SEPARATOR}${figure}`);
  }

  /** The changed figures of each owner, owners in the order of their oldest change. */
  changedSince(rev: number): Map<string, FigureKey[]> {
    const changed = new Map<string, FigureKey[]>();
    for (const key of this.log.changedSince(rev)) {
      const cut = key.lastIndexOf(SEPARATOR);
      const owner = key.slice(0, cut);
      let figures = changed.get(owner);
      if (!figures) changed.set(owner, (figures = []));
      figures.push(key.slice(cut + 1) as FigureKey);
    }
    return changed;
  }
}

/** Between an owner and a figure key in FigureLog's entries: neither ever contains it. */
const SEPARATOR = "\u0000";
