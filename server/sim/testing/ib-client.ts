/** The real @stoqey/ib client, wired to record what a test needs to assert on. */
import { EventName, IBApi, type CommissionReport, type Contract, type Execution, type Order, type OrderState } from "@stoqey/ib";
import { waitFor } from "@/server/testing/wait-for";

export interface SummaryLine {
  reqId: number;
  account: string;
  tag: string;
  value: string;
  currency: string;
}

export interface PnlLine {
  reqId: number;
  daily: number;
  unrealized: number | undefined;
  realized: number | undefined;
}

export interface PositionMessage {
  /** reqId of a positionMulti; undefined for a position. */
  reqId: number | undefined;
  account: string;
  contract: Contract;
  pos: number;
  avgCost: number | undefined;
  modelCode?: string;
}

export interface PnlSingleLine {
  reqId: number;
  pos: number;
  daily: number;
  unrealized: number | undefined;
  realized: number | undefined;
  value: number;
}

export interface AccountUpdateLine {
  reqId: number;
  account: string;
  modelCode: string;
  key: string;
  value: string;
  currency: string;
}

export interface OpenOrderMessage {
  orderId: number;
  contract: Contract;
  order: Order;
  orderState: OrderState;
}

export interface OrderStatusMessage {
  orderId: number;
  status: string;
  filled: number | undefined;
  remaining: number | undefined;
  permId: number | undefined;
  clientId: number | undefined;
}

export class RecordingClient {
  readonly ib: IBApi;
  readonly infos: Array<{ code: number; message: string }> = [];
  readonly errors: Array<{ code: number; reqId: number; message: string }> = [];
  readonly summary: SummaryLine[] = [];
  readonly summaryEnds: number[] = [];
  readonly pnl: PnlLine[] = [];
  readonly positions: PositionMessage[] = [];
  positionEnds = 0;
  readonly positionMultiEnds: number[] = [];
  readonly pnlSingle: PnlSingleLine[] = [];
  readonly fa: Array<{ faDataType: number; xml: string }> = [];
  readonly accountUpdates: AccountUpdateLine[] = [];
  /** The decoder reads ACCOUNT_UPDATE_MULTI_END's reqId as a string. */
  readonly accountUpdateEnds: string[] = [];
  readonly nextValidIds: number[] = [];
  readonly currentTimes: number[] = [];
  readonly openOrders: OpenOrderMessage[] = [];
  openOrderEnds = 0;
  readonly orderStatuses: OrderStatusMessage[] = [];
  readonly completedOrders: OpenOrderMessage[] = [];
  completedOrdersEnds = 0;
  readonly executions: Array<{ reqId: number; contract: Contract; execution: Execution }> = [];
  readonly executionEnds: number[] = [];
  readonly commissions: CommissionReport[] = [];
  readonly accountValues: Array<{ key: string; value: string; currency: string; account: string }> = [];
  readonly portfolio: Array<{ contract: Contract; position: number; marketValue: number; account: string | undefined }> = [];
  readonly accountTimes: string[] = [];
  readonly accountDownloadEnds: string[] = [];
  managedAccounts: string | undefined;
  serverVersion: number | undefined;
  disconnects = 0;

  constructor(host: string, port: number, maxReqPerSec?: number) {
    this.ib = new IBApi({ host, port, maxReqPerSec });
    this.ib
      .on(EventName.server, (version: number) => (this.serverVersion = version))
      .on(EventName.managedAccounts, (accounts: string) => (this.managedAccounts = accounts))
      .on(EventName.nextValidId, (id: number) => this.nextValidIds.push(id))
      .on(EventName.currentTime, (time: number) => this.currentTimes.push(time))
      .on(EventName.info, (message: string, code: number) => this.infos.push({ code, message }))
      .on(EventName.error, (error: Error, code: number, reqId: number) => this.errors.push({ code, reqId, message: error.message }))
      .on(EventName.accountSummary, (reqId: number, account: string, tag: string, value: string, currency: string) =>
        this.summary.push({ reqId, account, tag, value, currency }),
      )
      .on(EventName.accountSummaryEnd, (reqId: number) => this.summaryEnds.push(reqId))
      .on(EventName.pnl, (reqId: number, daily: number, unrealized?: number, realized?: number) =>
        this.pnl.push({ reqId, daily, unrealized, realized }),
      )
      .on(EventName.position, (account: string, contract: Contract, pos: number, avgCost?: number) =>
        this.positions.push({ reqId: undefined, account, contract, pos, avgCost }),
      )
      .on(EventName.positionEnd, () => this.positionEnds++)
      .on(EventName.positionMulti, (reqId: number, account: string, modelCode: string, contract: Contract, pos: number, avgCost: number) =>
        this.positions.push({ reqId, account, contract, pos, avgCost, modelCode }),
      )
      .on(EventName.positionMultiEnd, (reqId: number) => this.positionMultiEnds.push(reqId))
      .on(
        EventName.pnlSingle,
        (reqId: number, pos: number, daily: number, unrealized: number | undefined, realized: number | undefined, value: number) =>
          this.pnlSingle.push({ reqId, pos, daily, unrealized, realized, value }),
      )
      .on(EventName.receiveFA, (faDataType: number, xml: string) => this.fa.push({ faDataType, xml }))
      .on(EventName.accountUpdateMulti, (reqId: number, account: string, modelCode: string, key: string, value: string, currency: string) =>
        this.accountUpdates.push({ reqId, account, modelCode, key, value, currency }),
      )
      // Typed as a number, but the decoder reads it with readStr.
      .on(EventName.accountUpdateMultiEnd, (reqId: number) => this.accountUpdateEnds.push(String(reqId)))
      .on(EventName.openOrder, (orderId: number, contract: Contract, order: Order, orderState: OrderState) =>
        this.openOrders.push({ orderId, contract, order, orderState }),
      )
      .on(EventName.openOrderEnd, () => this.openOrderEnds++)
      .on(
        EventName.orderStatus,
        (orderId: number, status: string, filled: number | undefined, remaining: number | undefined, _avg: number, permId?: number, _parent?: number, _last?: number, clientId?: number) =>
          this.orderStatuses.push({ orderId, status, filled, remaining, permId, clientId }),
      )
      .on(EventName.completedOrder, (contract: Contract, order: Order, orderState: OrderState) =>
        this.completedOrders.push({ orderId: order.orderId ?? 0, contract, order, orderState }),
      )
      .on(EventName.completedOrdersEnd, () => this.completedOrdersEnds++)
      .on(EventName.execDetails, (reqId: number, contract: Contract, execution: Execution) => this.executions.push({ reqId, contract, execution }))
      .on(EventName.execDetailsEnd, (reqId: number) => this.executionEnds.push(reqId))
      .on(EventName.commissionReport, (report: CommissionReport) => this.commissions.push(report))
      .on(EventName.updateAccountValue, (key: string, value: string, currency: string, account: string) => this.accountValues.push({ key, value, currency, account }))
      .on(EventName.updatePortfolio, (contract: Contract, position: number, _price: number, marketValue: number, _avg?: number, _u?: number, _r?: number, account?: string) =>
        this.portfolio.push({ contract, position, marketValue, account }),
      )
      .on(EventName.updateAccountTime, (time: string) => this.accountTimes.push(time))
      .on(EventName.accountDownloadEnd, (account: string) => this.accountDownloadEnds.push(account))
      .on(EventName.disconnected, () => this.disconnects++);
  }

  /** Connects and waits for the handshake to finish (the first nextValidId). */
  static async connect(host: string, port: number, clientId: number, maxReqPerSec?: number): Promise<RecordingClient> {
    const client = new RecordingClient(host, port, maxReqPerSec);
    client.ib.connect(clientId);
    await waitFor(`client ${clientId} handshake`, () => client.nextValidIds.length > 0);
    return client;
  }

  /** A round trip: everything the server sent before answering has arrived once this resolves. */
  async sync(): Promise<void> {
    const count = this.currentTimes.length;
    this.ib.reqCurrentTime();
    await waitFor("current time", () => this.currentTimes.length > count);
  }

  summaryFor(reqId: number): SummaryLine[] {
    return this.summary.filter((line) => line.reqId === reqId);
  }

  disconnect(): void {
    this.ib.disconnect();
  }
}
