import type { ScopeId } from "@/lib/scope";
import { DEFAULT_VIEW, type View } from "@/lib/stream";

/**
 * What this browser wants the server to send: the scope in the URL, and positions while
 * at least one component shows them. Listeners hear of a change once per task, after
 * mount/unmount churn has settled (React's strict mode mounts effects twice), and only
 * when the view really differs from the one last announced.
 */
export class ViewRequest {
  private scope: ScopeId = DEFAULT_VIEW.scope;
  private positionViewers = 0;
  private announced: View = DEFAULT_VIEW;
  private pending = false;
  private readonly listeners = new Set<(view: View) => void>();

  current(): View {
    return { scope: this.scope, positions: this.positionViewers > 0 };
  }

  setScope(scope: ScopeId): void {
    this.scope = scope;
    this.schedule();
  }

  /** Positions are wanted until the returned function is called. */
  showPositions(): () => void {
    this.positionViewers += 1;
    this.schedule();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.positionViewers -= 1;
      this.schedule();
    };
  }

  subscribe(listener: (view: View) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private schedule(): void {
    if (this.pending) return;
    this.pending = true;
    queueMicrotask(() => {
      this.pending = false;
      const view = this.current();
      if (view.scope === this.announced.scope && view.positions === this.announced.positions) return;
      this.announced = view;
      for (const listener of this.listeners) listener(view);
    });
  }
}
