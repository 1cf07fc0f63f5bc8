import type { ScopeId } from "@/lib/scope";
import { DEFAULT_VIEW, viewKey, type View } from "@/lib/stream";

/**
 * What this browser wants the server to send: the scope in the URL, and positions and
 * exposure each while at least one component shows them. Listeners hear of a change once per task, after
 * mount/unmount churn has settled (React's strict mode mounts effects twice), and only
 * when the view really differs from the one last announced.
 */
export class ViewRequest {
  private scope: ScopeId = DEFAULT_VIEW.scope;
  private readonly viewers = { positions: 0, exposure: 0, orders: 0 };
  private announced: View = DEFAULT_VIEW;
  private pending = false;
  private readonly listeners = new Set<(view: View) => void>();

  current(): View {
    return { scope: this.scope, positions: this.viewers.positions > 0, exposure: this.viewers.exposure > 0, orders: this.viewers.orders > 0 };
  }

  setScope(scope: ScopeId): void {
    this.scope = scope;
    this.schedule();
  }

  /** Positions are wanted until the returned function is called. */
  showPositions(): () => void {
    return this.show("positions");
  }

  /** Exposure is wanted until the returned function is called. */
  showExposure(): () => void {
    return this.show("exposure");
  }

  /** Working orders are wanted until the returned function is called. */
  showOrders(): () => void {
    return this.show("orders");
  }

  subscribe(listener: (view: View) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private show(part: keyof ViewRequest["viewers"]): () => void {
    this.viewers[part] += 1;
    this.schedule();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.viewers[part] -= 1;
      this.schedule();
    };
  }

  private schedule(): void {
    if (this.pending) return;
    this.pending = true;
    queueMicrotask(() => {
      this.pending = false;
      const view = this.current();
      if (viewKey(view) === viewKey(this.announced)) return;
      this.announced = view;
      for (const listener of this.listeners) listener(view);
    });
  }
}
