import { EventName } from "@stoqey/ib";
import { RATIO_FIGURES, type FigureKey } from "@/lib/figures";
import { listen, logRefusal, type FeedContext } from "./feed";
import type { NumberKind } from "./ib-numbers";
import { needsPerAccountRequests } from "./limits";
import type { AccountsChange, ManagedAccounts } from "./managed-accounts";
import { PRIORITY, type Priority } from "./pacer";
import { StandingRequest, targetOf, type StandingRequestSpec } from "./subscriptions";

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

/** The standing requests of this feed, by kind; every one is about an account (or "All"). */
const KIND = { summary: "accountSummary", updates: "accountUpdates", pnl: "pnl" } as const;

export interface AccountFeedOptions extends FeedContext {
  accounts: ManagedAccounts;
}

/**
 * Account-level data for every followed account: margin and balances (account summary
 * group "All" up to IB's 50 sub-accounts, per-account updates beyond), IB's exchange rates
 * from the ledger, and account P&L, as `accountValues` / `exchangeRates` events.
 */
export class AccountFeed {
  private readonly summary: StandingRequest<string>;

  constructor(private readonly options: AccountFeedOptions) {
    const { api, registry, logger } = options;
    this.summary = this.request(KIND.summary, SUMMARY_GROUP, PRIORITY.high, "account summary", {
      start: (reqId) => api.reqAccountSummary(reqId, SUMMARY_GROUP, SUMMARY_TAGS),
      stop: (reqId) => api.cancelAccountSummary(reqId),
    });
    options.accounts.onChange((change) => this.onAccountsChanged(change));
    listen(api, logger, EventName.accountSummary, (reqId: number, account: string, tag: string, value: string, currency: string) => {
      if (targetOf(registry, KIND.summary, reqId)) this.onValue(account, tag, value, currency);
    });
    listen(api, logger, EventName.accountUpdateMulti, (reqId: number, account: string, _model: string, key: string, value: string, currency: string) => {
      if (targetOf(registry, KIND.updates, reqId)) this.onValue(account, key, value, currency);
    });
    listen(api, logger, EventName.pnl, (reqId: number, daily?: number, unrealized?: number, realized?: number) => {
      const account = targetOf<string>(registry, KIND.pnl, reqId);
      if (account) this.onPnl(account, daily, unrealized, realized);
    });
  }

  private onAccountsChanged({ accounts, managedCount, removed }: AccountsChange): void {
    const { registry, api } = this.options;
    const perAccount = needsPerAccountRequests(managedCount);
    for (const gone of removed) {
      registry.remove(StandingRequest.keyOf(KIND.pnl, gone));
      registry.remove(StandingRequest.keyOf(KIND.updates, gone));
    }
    if (perAccount) registry.remove(this.summary.key);
    else registry.add(this.summary);
    for (const account of accounts) {
      if (perAccount) {
        registry.add(
          this.request(KIND.updates, account, PRIORITY.high, `account updates of ${account}`, {
            start: (reqId) => api.reqAccountUpdatesMulti(reqId, account, "", false),
            stop: (reqId) => api.cancelAccountUpdatesMulti(reqId),
          }),
        );
      } else {
        registry.remove(StandingRequest.keyOf(KIND.updates, account));
      }
      registry.add(
        this.request(KIND.pnl, account, PRIORITY.normal, `P&L of ${account}`, {
          start: (reqId) => api.reqPnL(reqId, account, ""),
          stop: (reqId) => api.cancelPnL(reqId),
        }),
      );
    }
  }

  /** A standing request about one account (or the summary group), refusals logged with what it was for. */
  private request(kind: string, account: string, priority: Priority, what: string, calls: Pick<StandingRequestSpec<string>, "start" | "stop">) {
    return new StandingRequest({ kind, id: account, target: account, priority, ...calls, onRefused: (m) => logRefusal(this.options.logger, what, m) });
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
