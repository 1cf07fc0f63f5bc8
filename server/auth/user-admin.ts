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

/**
 * Managing users, shared by the user CLI and the admin page: each change goes to the
 * directory (which ends the user's sessions, and so drops its sockets, when it narrows what it
 * may do) and then to the audit log. Changes run one at a time, so two requests cannot each
 * pass the last-admin check and leave no admin between them.
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
      await this.users.add(name, role, password, grants);
      await this.record(actor, "user.added", { user: name, role });
      for (const grant of grants) await this.record(actor, "grant.added", { user: name, grant: scopeId(grant) });
    });
  }

  setRole(actor: Actor, name: string, role: Role): Promise<void> {
    return this.serially(async () => {
      if (role !== "admin" && (await this.users.isLastAdmin(name))) throw new UserError(`${name} ${LAST_ADMIN}`, "lastAdmin");
      const before = await this.users.summary(name);
      await this.users.setRole(name, role);
      await this.record(actor, "user.role", { user: name, from: before.role, role });
    });
  }

  grant(actor: Actor, name: string, grant: Grant): Promise<void> {
    return this.serially(async () => {
      await this.users.grant(name, grant);
      await this.record(actor, "grant.added", { user: name, grant: scopeId(grant) });
    });
  }

  revoke(actor: Actor, name: string, grant: Grant): Promise<void> {
    return this.serially(async () => {
      await this.users.revokeGrant(name, grant);
      await this.record(actor, "grant.removed", { user: name, grant: scopeId(grant) });
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
      await this.users.replaceGrants(name, grants);
      for (const grant of added) await this.record(actor, "grant.added", { user: name, grant });
      for (const grant of removed) await this.record(actor, "grant.removed", { user: name, grant });
    });
  }

  setPassword(actor: Actor, name: string, password: string): Promise<void> {
    return this.serially(async () => {
      await this.users.setPassword(name, password);
      await this.record(actor, "user.password", { user: name });
    });
  }

  setDisabled(actor: Actor, name: string, disabled: boolean): Promise<void> {
    return this.serially(async () => {
      if (disabled && (await this.users.isLastAdmin(name))) throw new UserError(`${name} ${LAST_ADMIN}`, "lastAdmin");
      await this.users.setDisabled(name, disabled);
      await this.record(actor, disabled ? "user.disabled" : "user.enabled", { user: name });
    });
  }

  remove(actor: Actor, name: string): Promise<void> {
    return this.serially(async () => {
      if (await this.users.isLastAdmin(name)) throw new UserError(`${name} ${LAST_ADMIN}`, "lastAdmin");
      await this.users.remove(name);
      await this.record(actor, "user.removed", { user: name });
    });
  }

  private record(actor: Actor, action: SecurityAction, details: Record<string, unknown>): Promise<void> {
    return this.audit({ actor: actor.name, address: actor.address, action, details, outcome: "ok" });
  }

  private serially<T>(change: () => Promise<T>): Promise<T> {
    const result = this.queue.then(change);
    this.queue = result.catch(() => undefined);
    return result;
  }
}
