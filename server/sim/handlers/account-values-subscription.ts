/**
 * The subscription behind both account summary and account updates (multi): the full set
 * of selected values for every account, an end marker, then only values that changed, on
 * the summary cadence. The two requests differ only in how a line and the end are encoded.
 */
import type { Field } from "@/server/tws-wire/frames";
import { summaryLines, type TagSelection } from "./account-summary-tags";
import type { RequestContext, Subscription } from "./handler";

export interface AccountValuesEncoding {
  line(account: string, tag: string, value: string, currency: string): Field[];
  /** What goes between the first full set of values and the end marker (reqAccountUpdates: the portfolio). */
  beforeEnd?(): void;
  end(): Field[];
}

export class AccountValuesSubscription implements Subscription {
  readonly cadence = "summary";
  private readonly lastSent = new Map<string, string>();

  constructor(
    private readonly context: RequestContext,
    private readonly accounts: readonly string[],
    private readonly tags: TagSelection,
    private readonly encoding: AccountValuesEncoding,
  ) {}

  start(): void {
    this.sendChanges();
    this.encoding.beforeEnd?.();
    this.context.send(this.encoding.end());
  }

  push(): void {
    this.sendChanges();
  }

  private sendChanges(): void {
    const { simulation } = this.context;
    for (const account of this.accounts) {
      for (const line of summaryLines(simulation.figures(account), this.tags)) {
        const { tag, currency } = line;
        const value = simulation.overrides.accountValue(account, tag) ?? line.value;
        const key = `${account}\0${tag}\0${currency}`;
        if (this.lastSent.get(key) === value) continue;
        this.lastSent.set(key, value);
        this.context.send(this.encoding.line(account, tag, value, currency));
      }
    }
  }
}
