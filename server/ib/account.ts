import { EventName, type IBApi } from "@stoqey/ib";
import type { FigureKey } from "@/lib/figures";
import type { DomainEventListener } from "@/server/domain/events";
import type { Logger } from "@/server/logger";
import type { IbMessage } from "./connection";
import { PRIORITY } from "./pacer";
import type { Subscription, SubscriptionRegistry } from "./subscriptions";

/** IB account-summary tags and the figure each one feeds. */
const SUMMARY_TAG_FIGURES: Readonly<Record<string, FigureKey>> = {
  NetLiquidation: "netLiquidation",
  TotalCashValue: "totalCash",
  EquityWithLoanValue: "equityWithLoan",
  GrossPositionValue: "grossPositionValue",
  InitMarginReq: "initMargin",
  MaintMarginReq: "maintMargin",
  AvailableFunds: "availableFunds",
  ExcessLiquidity: "excessLiquidity",
  BuyingPower: "buyingPower",
  Cushion: "cushion",
  Leverage: "leverage",
};
const CURRENCY_TAG = "Currency";
export const SUMMARY_TAGS = [...Object.keys(SUMMARY_TAG_FIGURES), CURRENCY_TAG].join(",");
export const SUMMARY_GROUP = "All";

class AccountSummarySubscription implements Subscription {
  readonly key = "accountSummary:All";
  readonly priority = PRIORITY.high;
  constructor(
    private readonly api: IBApi,
    private readonly onFailure: (message: IbMessage) => void,
  ) {}
  start(reqId: number): void {
    this.api.reqAccountSummary(reqId, SUMMARY_GROUP, SUMMARY_TAGS);
  }
  stop(reqId: number): void {
    this.api.cancelAccountSummary(reqId);
  }
  onError(message: IbMessage): void {
    this.onFailure(message);
  }
}

class AccountPnlSubscription implements Subscription {
  readonly key: string;
  readonly priority = PRIORITY.normal;
  constructor(
    private readonly api: IBApi,
    readonly account: string,
    private readonly onFailure: (message: IbMessage) => void,
  ) {
    this.key = AccountPnlSubscription.keyFor(account);
  }
  static keyFor(account: string): string {
    return `pnl:${account}`;
  }
  start(reqId: number): void {
    this.api.reqPnL(reqId, this.account, "");
  }
  stop(reqId: number): void {
    this.api.cancelPnL(reqId);
  }
  onError(message: IbMessage): void {
    this.onFailure(message);
  }
}

export interface AccountFeedOptions {
  api: IBApi;
  registry: SubscriptionRegistry;
  emit: DomainEventListener;
  /** Follow only these accounts; empty follows every managed account. */
  accountFilter: readonly string[];
  logger: Logger;
  now: () => number;
}

/**
 * Account-level data: the managed-accounts list, the account summary for every account
 * and account P&L per account, turned into `accountsListed` / `accountValues` events.
 */
export class AccountFeed {
  private followed: ReadonlySet<string> = new Set();
  private readonly filter: ReadonlySet<string>;

  constructor(private readonly options: AccountFeedOptions) {
    this.filter = new Set(options.accountFilter);
    const { api, registry } = options;
    api.on(EventName.managedAccounts, (list: string) => this.onManagedAccounts(list));
    api.on(EventName.accountSummary, (reqId: number, account: string, tag: string, value: string, currency: string) =>
      this.onSummaryValue(reqId, account, tag, value, currency),
    );
    api.on(EventName.pnl, (reqId: number, daily: number, unrealized?: number, realized?: number) =>
      this.onPnl(reqId, daily, unrealized, realized),
    );
    registry.add(new AccountSummarySubscription(api, (message) => this.logFailure("account summary", message)));
  }

  private onManagedAccounts(list: string): void {
    const listed = list.split(",").map((id) => id.trim()).filter(Boolean);
    const followed = this.filter.size ? listed.filter((id) => this.filter.has(id)) : listed;
    const { registry, api } = this.options;
    const keep = new Set(followed);
    for (const gone of this.followed) if (!keep.has(gone)) registry.remove(AccountPnlSubscription.keyFor(gone));
    for (const account of followed) {
      registry.add(new AccountPnlSubscription(api, account, (message) => this.logFailure(`P&L of ${account}`, message)));
    }
    this.followed = keep;
    this.options.emit({ type: "accountsListed", accounts: followed, at: this.options.now() });
  }

  private onSummaryValue(reqId: number, account: string, tag: string, raw: string, currency: string): void {
    if (!(this.options.registry.lookup(reqId) instanceof AccountSummarySubscription)) return;
    if (!this.followed.has(account)) return;
    const baseCurrency = currency && currency !== "BASE" ? currency : null;
    if (tag === CURRENCY_TAG) {
      this.options.emit({ type: "accountValues", account, currency: raw || baseCurrency, values: {}, at: this.options.now() });
      return;
    }
    const figure = SUMMARY_TAG_FIGURES[tag];
    if (!figure) return;
    const value = Number(raw);
    if (raw === "" || !Number.isFinite(value)) {
      this.options.logger.warn({ account, tag, value: raw }, "ignoring a non-numeric account summary value");
      return;
    }
    this.options.emit({ type: "accountValues", account, currency: baseCurrency, values: { [figure]: value }, at: this.options.now() });
  }

  private onPnl(reqId: number, daily: number, unrealized?: number, realized?: number): void {
    const subscription = this.options.registry.lookup(reqId);
    if (!(subscription instanceof AccountPnlSubscription)) return;
    const values: Partial<Record<FigureKey, number>> = {};
    if (Number.isFinite(daily)) values.dailyPnL = daily;
    if (unrealized !== undefined && Number.isFinite(unrealized)) values.unrealizedPnL = unrealized;
    if (realized !== undefined && Number.isFinite(realized)) values.realizedPnL = realized;
    this.options.emit({ type: "accountValues", account: subscription.account, currency: null, values, at: this.options.now() });
  }

  private logFailure(what: string, message: IbMessage): void {
    this.options.logger.error({ code: message.code, reqId: message.reqId }, `IB refused ${what}: ${message.message}`);
  }
}
