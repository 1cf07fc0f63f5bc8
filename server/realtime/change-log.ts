/**
 * Which keys changed since a given revision, at a cost proportional to what changed
 * rather than to everything there is. Each client remembers the revision it last saw.
 */
export class ChangeLog {
  private rev = 0;
  /** Latest revision per key, in revision order (a key is moved to the end on change). */
  private readonly latest = new Map<string, number>();
  /** Append-only (revision, key) entries; older duplicates are compacted away. */
  private log: Array<{ rev: number; key: string }> = [];

  get revision(): number {
    return this.rev;
  }

  mark(key: string): void {
    this.rev += 1;
    this.latest.delete(key);
    this.latest.set(key, this.rev);
    this.log.push({ rev: this.rev, key });
    if (this.log.length > 2 * this.latest.size + 1024) this.compact();
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

  private compact(): void {
    this.log = [...this.latest].map(([key, rev]) => ({ rev, key }));
  }
}
