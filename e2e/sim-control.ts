import { isWorkingStatus } from "../lib/orders";
import { E2E_SIM_CONTROL_PORT } from "../playwright.config";
import type { ConnectivityCode, SimOrderPlacement, SimOrderView } from "../server/sim/gateway";

/** The simulated gateway's HTTP control surface, as the end-to-end tests drive it. */
const base = `http://127.0.0.1:${E2E_SIM_CONTROL_PORT}`;

export interface SimAccount {
  id: string;
  figures: { netLiquidation: number; maintMargin: number; currency: string };
}

export interface SimGroup {
  name: string;
  accounts: string[];
}

export interface SimPosition {
  account: string;
  conId: number;
  localSymbol: string;
  secType: string;
  position: number;
  value: number;
}

export const isWorkingOrder = (order: SimOrderView) => isWorkingStatus(order.status);

async function call<T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
  const response = await fetch(base + path, {
    method,
    headers: method === "GET" ? {} : { "content-type": "application/json" },
    body: method === "GET" ? undefined : JSON.stringify(body ?? {}),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

export const sim = {
  accounts: async () => (await call<{ accounts: SimAccount[] }>("GET", "/accounts")).accounts,
  groups: async () => (await call<{ groups: SimGroup[] }>("GET", "/accounts")).groups,
  positions: async () => (await call<{ positions: SimPosition[] }>("GET", "/positions")).positions,
  trade: (account: string, conId: number, quantity: number) => call("POST", "/trade", { account, conId, quantity }),
  pause: () => call("POST", "/pause"),
  resume: () => call("POST", "/resume"),
  step: (ticks: number) => call("POST", "/step", { ticks }),
  restart: (downMs: number) => call("POST", "/restart", { downMs }),
  /** Closes every client socket at once, as a dropped connection. */
  drop: () => call("POST", "/drop"),
  /** IB's connectivity notice to every session: 1100 lost (farms broken), 1101/1102 restored (farms OK). */
  connectivity: (code: ConnectivityCode) => call("POST", "/connectivity", { code }),
  /** Moves prices by `percent` at once: every stock and future, or one symbol. */
  shock: (percent: number, symbol?: string) => call("POST", "/shock", symbol ? { percent, symbol } : { percent }),
  orders: async () => (await call<{ orders: SimOrderView[] }>("GET", "/orders")).orders,
  /** Places an order as API client `clientId` would (0: typed in TWS). */
  placeOrder: (placement: SimOrderPlacement) => call<{ orderId: number; permId: number }>("POST", "/orders", placement),
  readOnly: (on: boolean) => call("POST", "/read-only", { on }),
  /** Starts one of the simulator's incidents (server/sim/README.md, "Incidents and scenarios"); `restore` with its id ends it. */
  incident: (incident: { kind: string } & Record<string, unknown>) => call<{ id: number; running: boolean }>("POST", "/incident", incident),
  /** Makes the gateway send `value` for an account's summary tag ("unset": IB's unset double; null: the true value again). */
  overrideAccountValue: (account: string, tag: string, value: "unset" | number | string | null) => call("POST", "/override", { account, tag, value }),
};
