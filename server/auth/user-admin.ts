import type { Role } from "@/lib/auth";
import type { SecurityAction } from "@/lib/audit";
import { scopeId, type Grant } from "@/lib/scope";
import type { AuditLog } from "./audit";
import { UserError, type UserDirectory, type UserSummary } from "./users";

/** Who asks for a change, as the audit log names them: a user and its address, or `cli:<os user>` without one. */
export interface Actor {
  name: string;
  address: string | null;
}

const LAST_ADMIN = "is the last admin: make another admin first, so someone can still manage users";

/** The audit log could not record a change, so the change was not made. */
export class AuditUnavailableError extends Error {
  override name = "AuditUnavailableError";
  constructor(cause: unknown) {
    super("the audit log could not record this change, so it was not made: try again when the store is back", { cause });
  }
}

/** One audit record of a change: what was done and to whom. */
type Entry = [action: SecurityAction, details: Record<string, unknown>];

/**
 * Managing users, shared by the user CLI and the admin page. Each change is checked, then
 * written to the audit log, and only then made in the directory (which ends the user's
 * sessions, and so drops its sockets, when it narrows what it may do): no change stands
 * unaudited. A change that fails after its record is followed by a `refused` record with the
 * error. Changes run one at a time, so two requests cannot each pass the last-admin check and
 * leave no admin between them.
 */
export class UserAdministration {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly users: UserDirectory,
    private readonly audit: AuditLog,
  ) {}

  list(): Promise<UserSummary[]> {
    return this.users.list();
  }

  add(actor: Actor, name: string, role: Role, password: string, grants: readonly Grant[] = []): Promise<void> {
    return this.serially(async () => {
      await this.users.assertAbsent(name);
      const entries: Entry[] = [["user.added", { user: name, role }], ...grants.map((grant): Entry => ["grant.added", { user: name, grant: scopeId(grant) }])];
      await this.audited(actor, entries, () => this.users.add(name, role, password, grants));
    });
  }

  setRole(actor: Actor, name: string, role: Role): Promise<void> {
    return this.serially(async () => {
      if (role !== "admin" && (await this.users.isLastAdmin(name))) throw new UserError(`${name} ${LAST_ADMIN}`, "lastAdmin");
      const before = await this.users.summary(name);
      await this.audited(actor, [["user.role", { user: name, from: before.role, role }]], () => this.users.setRole(name, role));
    });
  }

  grant(actor: Actor, name: string, grant: Grant): Promise<void> {
    return this.serially(async () => {
      await this.users.summary(name);
      await this.audited(actor, [["grant.added", { user: name, grant: scopeId(grant) }]], () => this.users.grant(name, grant));
    });
  }

  revoke(actor: Actor, name: string, grant: Grant): Promise<void> {
    return this.serially(async () => {
      const id = scopeId(grant);
      if (!(await this.users.summary(name)).grants.some((held) => scopeId(held) === id)) throw new UserError(`${name} has no grant ${id}`, "missing");
      await this.audited(actor, [["grant.removed", { user: name, grant: id }]], () => this.users.revokeGrant(name, grant));
    });
  }

  /** Gives the user exactly these grants; each one added or removed is audited on its own. Unchanged grants end no session. */
  replaceGrants(actor: Actor, name: string, grants: readonly Grant[]): Promise<void> {
    return this.serially(async () => {
      const before = new Set((await this.users.summary(name)).grants.map(scopeId));
      const after = new Set(grants.map(scopeId));
      const added = [...after].filter((id) => !before.has(id));
      const removed = [...before].filter((id) => !after.has(id));
      if (added.length === 0 && removed.length === 0) return;
      const entries = [
        ...added.map((grant): Entry => ["grant.added", { user: name, grant }]),
        ...removed.map((grant): Entry => ["grant.removed", { user: name, grant }]),
      ];
      await this.audited(actor, entries, () => this.users.replaceGrants(name, grants));
    });
  }

  setPassword(actor: Actor, name: string, password: string): Promise<void> {
    return this.serially(async () => {
      await this.users.summary(name);
      await this.audited(actor, [["user.password", { user: name }]], () => this.users.setPassword(name, password));
    });
  }

  setDisabled(actor: Actor, name: string, disabled: boolean): Promise<void> {
    return this.serially(async () => {
      if (disabled && (await this.users.isLastAdmin(name))) throw new UserError(`${name} ${LAST_ADMIN}`, "lastAdmin");
      await this.users.summary(name);
      await this.audited(actor, [[disabled ? "user.disabled" : "user.enabled", { user: name }]], () => this.users.setDisabled(name, disabled));
    });
  }

  remove(actor: Actor, name: string): Promise<void> {
    return this.serially(async () => {
      if (await this.users.isLastAdmin(name)) throw new UserError(`${name} ${LAST_ADMIN}`, "lastAdmin");
      await this.users.summary(name);
      await this.audited(actor, [["user.removed", { user: name }]], () => this.users.remove(name));
    });
  }

  /** Writes the change's records, then makes it; a record that cannot be written refuses the change. */
  private async audited(actor: Actor, entries: readonly Entry[], apply: () => Promise<void>): Promise<void> {
    const written: Entry[] = [];
    try {
      for (const [action, details] of entries) {
        await this.record(actor, action, details, "ok");
        written.push([action, details]);
      }
    } catch (error) {
      await this.refuse(actor, written, error);
      throw new AuditUnavailableError(error);
    }
    try {
      await apply();
    } catch (error) {
      await this.refuse(actor, entries, error);
      throw error;
    }
  }

  /** Follows records already written with `refused` ones naming the error. The first failure is what the caller is told, so a second one here is not. */
  private async refuse(actor: Actor, entries: readonly Entry[], error: unknown): Promise<void> {
    const reason = error instanceof Error ? error.message : String(error);
    try {
      for (const [action, details] of entries) await this.record(actor, action, { ...details, error: reason }, "refused");
    } catch {
      // The store refuses writes: the caller already gets the error that stopped the change.
    }
  }

  private record(actor: Actor, action: SecurityAction, details: Record<string, unknown>, outcome: "ok" | "refused"): Promise<void> {
    return this.audit({ actor: actor.name, address: actor.address, action, details, outcome });
  }

  private serially<T>(change: () => Promise<T>): Promise<T> {
    const result = this.queue.then(change);
    this.queue = result.catch(() => undefined);
    return result;
  }
}
