import { EventName, type IBApi } from "@stoqey/ib";
import { RATIO_FIGURES, type FigureKey } from "@/lib/figures";
import type { IbMessage } from "./connection";
import { listen, logRefusal, type FeedContext } from "./feed";
import type { NumberKind } from "./ib-numbers";
import { needsPerAccountRequests } from "./limits";
import type { AccountsChange, ManagedAccounts } from "./managed-accounts";
import { PRIORITY } from "./pacer";
import { FeedSubscription } from "./subscriptions";

/** IB account-value tags (account summary and account updates share them) and the figure each feeds. */
const TAG_FIGURES: Readonly<Record<string, FigureKey>> = {
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
const RATIOS: ReadonlySet<FigureKey> = new Set(RATIO_FIGURES);
const kindOf = (figure: FigureKey): NumberKind => (RATIOS.has(figure) ? "ratio" : "money");
const EXCHANGE_RATE_TAG = "ExchangeRate";
/** The ledger in every currency: RiskDesk reads IB's own exchange rates from it. */
const LEDGER_ALL = "$LEDGER:ALL";
export const SUMMARY_TAGS = [...Object.keys(TAG_FIGURES), LEDGER_ALL].join(",");
export const SUMMARY_GROUP = "All";

type Failure = (message: IbMessage) => void;

class AccountSummarySubscription extends FeedSubscription {
  readonly key = "accountSummary:All";
  readonly priority = PRIORITY.high;
  constructor(private readonly api: IBApi, onFailure: Failure) {
    super(onFailure);
  }
  start(reqId: number): void {
    this.api.reqAccountSummary(reqId, SUMMARY_GROUP, SUMMARY_TAGS);
  }
  stop(reqId: number): void {
    this.api.cancelAccountSummary(reqId);
  }
}

/** Per-account values, for structures too large for account summary group "All". */
class AccountUpdatesSubscription extends FeedSubscription {
  readonly priority = PRIORITY.high;
  readonly key: string;
  constructor(private readonly api: IBApi, readonly account: string, onFailure: Failure) {
    super(onFailure);
    this.key = AccountUpdatesSubscription.keyFor(account);
  }
  static keyFor(account: string) {
    return `accountUpdates:${account}`;
  }
  start(reqId: number): void {
    this.api.reqAccountUpdatesMulti(reqId, this.account, "", false);
  }
  stop(reqId: number): void {
    this.api.cancelAccountUpdatesMulti(reqId);
  }
}

class AccountPnlSubscription extends FeedSubscription {
  readonly priority = PRIORITY.normal;
  readonly key: string;
  constructor(private readonly api: IBApi, readonly account: string, onFailure: Failure) {
    super(onFailure);
    this.key = AccountPnlSubscription.keyFor(account);
  }
  static keyFor(account: string) {
    return `pnl:${account}`;
  }
  start(reqId: number): void {
    this.api.reqPnL(reqId, this.account, "");
  }
  stop(reqId: number): void {
    this.api.cancelPnL(reqId);
  }
}

export interface AccountFeedOptions extends FeedContext {
  accounts: ManagedAccounts;
}

/**
 * Account-level data for every followed account: margin and balances (account summary
 * group "All" up to IB's 50 sub-accounts, per-account updates beyond), IB's exchange rates
 * from the ledger, and account P&L, as `accountValues` / `exchangeRates` events.
 */
export class AccountFeed {
  private readonly summary: AccountSummarySubscription;

  constructor(private readonly options: AccountFeedOptions) {
    const { api } = options;
    this.summary = new AccountSummarySubscription(api, (message) => logRefusal(this.options.logger, "account summary", message));
    options.accounts.onChange((change) => this.onAccountsChanged(change));
    listen(api, options.logger, EventName.accountSummary, (reqId: number, account: string, tag: string, value: string, currency: string) => {
      if (options.registry.lookup(reqId) === this.summary) this.onValue(account, tag, value, currency);
    });
    listen(api, options.logger, EventName.accountUpdateMulti, (reqId: number, account: string, _model: string, key: string, value: string, currency: string) => {
      if (options.registry.lookup(reqId) instanceof AccountUpdatesSubscription) this.onValue(account, key, value, currency);
    });
    listen(api, options.logger, EventName.pnl, (reqId: number, daily?: number, unrealized?: number, realized?: number) => {
      const subscription = options.registry.lookup(reqId);
      if (subscription instanceof AccountPnlSubscription) this.onPnl(subscription.account, daily, unrealized, realized);
    });
  }

  private onAccountsChanged({ accounts, managedCount, removed }: AccountsChange): void {
    const { registry, api } = this.options;
    const perAccount = needsPerAccountRequests(managedCount);
    for (const gone of removed) {
      registry.remove(AccountPnlSubscription.keyFor(gone));
      registry.remove(AccountUpdatesSubscription.keyFor(gone));
    }
    if (perAccount) registry.remove(this.summary.key);
    else registry.add(this.summary);
    for (const account of accounts) {
      if (perAccount) {
        registry.add(new AccountUpdatesSubscription(api, account, (m) => logRefusal(this.options.logger, `account updates of ${account}`, m)));
      } else {
        registry.remove(AccountUpdatesSubscription.keyFor(account));
      }
      registry.add(new AccountPnlSubscription(api, account, (m) => logRefusal(this.options.logger, `P&L of ${account}`, m)));
    }
  }

  private onValue(account: string, tag: string, raw: string, currency: string): void {
    if (!this.options.accounts.has(account)) return;
    const { numbers, emit } = this.options;
    const at = this.options.now();
    const figure = TAG_FIGURES[tag];
    if (figure) {
      // Account figures come in the base currency, so their currency field names it. (IB's
      // "Currency" tag is not used: account updates repeat it once per ledger currency.)
      const baseCurrency = currency && currency !== "BASE" ? currency : null;
      const reading = numbers.read(kindOf(figure), raw, { account, field: tag });
      emit({ type: "accountValues", account, currency: baseCurrency, values: { [figure]: reading }, at });
    } else if (tag === EXCHANGE_RATE_TAG && currency && currency !== "BASE") {
      const rate = numbers.read("rate", raw, { account, field: `${tag} ${currency}` });
      if (rate !== "refused") emit({ type: "exchangeRates", account, rates: { [currency]: rate }, at });
    }
  }

  private onPnl(account: string, daily: number | undefined, unrealized?: number, realized?: number): void {
    const read = (raw: number | undefined, field: FigureKey) => this.options.numbers.read("money", raw, { account, field });
    const values = { dailyPnL: read(daily, "dailyPnL"), unrealizedPnL: read(unrealized, "unrealizedPnL"), realizedPnL: read(realized, "realizedPnL") };
    this.options.emit({ type: "accountValues", account, currency: null, values, at: this.options.now() });
  }
}
