import { accountOfOrderKey, type WorkingOrder } from "@/lib/orders";
import { accountOfPositionKey } from "@/lib/positions";
import { grantedAccounts, grantedScope, parseScope, scopeId, type Grant } from "@/lib/scope";
import type { DeltaBody, FirmRisk, SnapshotBody, View } from "@/lib/stream";
import type { GrantableView, StreamView } from "./publication";

/**
 * The stream as a user limited to some accounts or FA groups may see it: its view's scope is
 * narrowed to what it was granted (lib/scope's grantedScope), the account list, FA groups and
 * aliases name only what it may see, group totals come only for granted groups, and in place
 * of the firm's totals it gets the engine's totals over its own accounts. Accounts, positions,
 * exposure and history follow the narrowed scope, so nothing of another account is sent.
 */
export class GrantedView implements StreamView {
  private previousTotals: FirmRisk | null = null;
  private readonly grantedGroups: ReadonlySet<string>;

  constructor(
    private readonly source: GrantableView,
    private readonly grants: readonly Grant[],
  ) {
    if (grants.length === 0) throw new Error("a GrantedView narrows to at least one grant; a user without grants sees the whole stream");
    this.grantedGroups = new Set(grants.flatMap((grant) => (grant.kind === "group" ? [grant.name] : [])));
  }

  get revision(): number {
    return this.source.revision;
  }

  snapshot(view: View): SnapshotBody {
    const body = this.source.snapshot(this.narrow(view));
    const allowed = this.allowed();
    const allowedSet = new Set(allowed);
    return {
      ...body,
      accountIds: [...allowed],
      fa: {
        groups: body.fa.groups.filter((group) => this.grantedGroups.has(group.name)),
        aliases: Object.fromEntries(Object.entries(body.fa.aliases).filter(([id]) => allowedSet.has(id))),
      },
      firm: this.totals(allowed, body.at),
      groups: body.groups.filter((group) => this.grantedGroups.has(group.name)),
      orders: body.orders.filter((order) => this.maySee(order, allowedSet)),
      // Counts over every account, the user's or not.
      ordersNote: null,
    };
  }

  deltaSince(rev: number, view: View): DeltaBody | null {
    const delta = this.source.deltaSince(rev, this.narrow(view));
    // FA membership moved: what this user may see may have moved with it.
    if (!delta || delta.fa || delta.accountIds) return null;
    const { firm, firmFigures, groups, groupFigures, ordersNote: _firmWide, ...rest } = delta;
    const restricted: DeltaBody = rest;
    // The granted accounts, worked out at most once per delta and only when something needs them.
    let allowed: readonly string[] | undefined;
    let allowedSet: ReadonlySet<string> | undefined;
    const allowedAccounts = () => (allowed ??= this.allowed());
    const allowedAccountSet = () => (allowedSet ??= new Set(allowedAccounts()));
    // The firm's totals moved, so its own may have: they are sent whole, never the firm's.
    if (firm || firmFigures) restricted.firm = this.totals(allowedAccounts(), delta.at);
    const granted = groups?.filter((group) => this.grantedGroups.has(group.name));
    if (granted) restricted.groups = granted;
    const patches = groupFigures?.filter(([name]) => this.grantedGroups.has(name));
    if (patches?.length) restricted.groupFigures = patches;
    // Removals go to every view of the scope's; another account's would name its position.
    if (rest.removedPositions) {
      const removed = rest.removedPositions.filter((key) => allowedAccountSet().has(accountOfPositionKey(key)));
      if (removed.length) restricted.removedPositions = removed;
      else delete restricted.removedPositions;
    }
    if (rest.orders || rest.removedOrders) this.restrictOrders(restricted, allowedAccountSet());
    return restricted;
  }

  private restrictOrders(delta: DeltaBody, allowed: ReadonlySet<string>): void {
    const orders = delta.orders?.filter((order) => this.maySee(order, allowed));
    // An order allocated to an FA group names no account in its key: its removal names nothing else either.
    const removed = delta.removedOrders?.filter((key) => {
      const account = accountOfOrderKey(key);
      return account === "" || allowed.has(account);
    });
    if (orders?.length) delta.orders = orders;
    else delete delta.orders;
    if (removed?.length) delta.removedOrders = removed;
    else delete delta.removedOrders;
  }

  /** An order of an account it may see, or allocated to an FA group it was granted. */
  private maySee(order: WorkingOrder, allowed: ReadonlySet<string>): boolean {
    return allowed.has(order.account) || (order.faGroup !== null && this.grantedGroups.has(order.faGroup));
  }

  private narrow(view: View): View {
    const scope = grantedScope(parseScope(view.scope), this.grants, this.source.accountIds(), this.source.fa().groups);
    return { ...view, scope: scopeId(scope) };
  }

  private allowed(): readonly string[] {
    return grantedAccounts(this.grants, this.source.accountIds(), this.source.fa().groups);
  }

  private totals(accounts: readonly string[], at: number): FirmRisk {
    this.previousTotals = this.source.totalsOf(accounts, this.previousTotals, at);
    return this.previousTotals;
  }
}
