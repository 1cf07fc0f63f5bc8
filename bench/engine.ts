import type { DomainEvent } from "@/server/domain/events";
import { Publication } from "@/server/realtime/publication";
import { RiskEngine } from "@/server/risk/engine";
import { readyLink } from "@/lib/testing/link";

export interface BookShape {
  accounts: number;
  positionsPerAccount: number;
}


const accountId = (index: number) => `DU${2000000 + index}`;

/** A publication of the engine (one with the default thresholds and alert rules unless given) loaded with a full book: every account, position and P&L. */
export function loadedPublication({ accounts, positionsPerAccount }: BookShape, engine = new RiskEngine({ initialLink: readyLink() })): Publication {
  const publication = new Publication({ engine, now: () => 0 });
  const ids = Array.from({ length: accounts }, (_, i) => accountId(i));
  publication.apply({ type: "accountsListed", accounts: ids, at: 0 });
  for (const id of ids) {
    publication.apply({ type: "accountValues", account: id, currency: "USD", values: { netLiquidation: 1e6, maintMargin: 2e5 }, at: 0 });
    publication.apply({ type: "exchangeRates", account: id, rates: { EUR: 1.08 }, at: 0 });
    for (let p = 0; p < positionsPerAccount; p++) {
      publication.apply({
        type: "position", account: id, position: 100, avgCost: 50, at: 0,
        contract: { conId: 1000 + p, symbol: `S${p % 60}`, secType: p % 5 === 0 ? "OPT" : "STK", expiry: null, strike: null, right: null, multiplier: 1, currency: p % 4 === 0 ? "EUR" : "USD", localSymbol: `S${p}` },
      });
    }
  }
  publication.apply({ type: "faConfig", groups: [{ name: "Half", method: "NetLiq", accounts: ids.slice(0, accounts / 2) }], aliases: {}, at: 0 });
  return publication;
}

/** One market tick: a P&L message for every position, as IB sends them about once a second. */
export function tickEvents({ accounts, positionsPerAccount }: BookShape, tick: number): DomainEvent[] {
  const events: DomainEvent[] = [];
  for (let a = 0; a < accounts; a++) {
    for (let p = 0; p < positionsPerAccount; p++) {
      const value = 5000 + ((a * 31 + p * 17 + tick * 13) % 1000);
      events.push({ type: "positionPnl", account: accountId(a), conId: 1000 + p, position: 100, dailyPnL: value - 5000, unrealizedPnL: value - 5000, realizedPnL: 0, value, at: tick });
    }
  }
  return events;
}

/** A margin move in every account, a tenth of them into warning or critical utilisation (and back on the next round). */
export function marginEvents({ accounts }: BookShape, round: number): DomainEvent[] {
  return Array.from({ length: accounts }, (_, a) => {
    const squeezed = (a + round) % 10 === 0;
    const maintMargin = squeezed ? 6e5 + (a % 3) * 1.5e5 : 2e5 + ((a * 7 + round) % 50) * 1e3;
    return { type: "accountValues", account: accountId(a), currency: "USD", values: { maintMargin, excessLiquidity: 1e6 - maintMargin }, at: round };
  });
}
