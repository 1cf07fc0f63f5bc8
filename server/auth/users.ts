import { parseScope, scopeIdSchema, scopeId, type Grant } from "@/lib/scope";
import type { Role } from "@/lib/auth";
import type { StoreClient } from "@/server/store/database";
import { hashPassword, verifyPassword } from "@/server/store/passwords";

export interface SessionUser {
  id: number;
  name: string;
  role: Role;
  /** Empty: the user sees every account. */
  grants: Grant[];
}

export interface UserSummary extends SessionUser {
  disabled: boolean;
  createdAt: Date;
  lastLoginAt: Date | null;
}

/** Why a change to the users was refused: the request named something wrong (`invalid`), or the store's state forbids it. */
export type UserErrorReason = "invalid" | "exists" | "missing" | "lastAdmin";

export class UserError extends Error {
  override name = "UserError";
  constructor(
    message: string,
    readonly reason: UserErrorReason = "invalid",
  ) {
    super(message);
  }
}

/** Parses `group:Growth` or `account:DU1` into a grant. */
export function parseGrant(text: string): Grant {
  const id = scopeIdSchema.safeParse(text);
  const scope = id.success ? parseScope(id.data) : undefined;
  if (!scope || scope.kind === "all") throw new UserError(`a grant is group:<name> or account:<id>, not ${JSON.stringify(text)}`);
  return scope;
}

const grantOf = (row: { kind: "account" | "group"; value: string }): Grant =>
  row.kind === "account" ? { kind: "account", id: row.value } : { kind: "group", name: row.value };
const grantValue = (grant: Grant) => (grant.kind === "account" ? grant.id : grant.name);

/** A hash to verify against when the user does not exist, so that answer takes as long as a wrong password. */
const ABSENT_USER_HASH = hashPassword("riskdesk: no such user");

/**
 * Users, their roles and grants in the store. Every change that narrows what a user may do
 * raises its session version, which ends its sessions (and its sockets) at once.
 */
export class UserDirectory {
  private readonly sessionsEndedListeners = new Set<() => void>();

  constructor(private readonly client: StoreClient) {}

  /** Called after a change here ended sessions; the same change made by another process is found by `sessionVersions`. */
  onSessionsEnded(listener: () => void): void {
    this.sessionsEndedListeners.add(listener);
  }

  /** The current session version of each of these users; one that is gone or disabled is absent. */
  async sessionVersions(ids: readonly number[]): Promise<Map<number, number>> {
    const users = await this.client.user.findMany({ where: { id: { in: [...ids] }, disabled: false }, select: { id: true, sessionVersion: true } });
    return new Map(users.map((user) => [user.id, user.sessionVersion]));
  }

  async count(): Promise<number> {
    return this.client.user.count();
  }

  /** The user whose name and password these are, or null; a disabled user never logs in. */
  async authenticate(name: string, password: string): Promise<{ id: number; sessionVersion: number } | null> {
    const user = await this.client.user.findUnique({ where: { name } });
    const matches = await verifyPassword(user?.passwordHash ?? (await ABSENT_USER_HASH), password);
    if (!user || !matches || user.disabled) return null;
    await this.client.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
    return { id: user.id, sessionVersion: user.sessionVersion };
  }

  /** The user a session names while that session is still valid. */
  async sessionUser(id: number, sessionVersion: number): Promise<SessionUser | null> {
    const user = await this.client.user.findUnique({ where: { id }, include: { grants: true } });
    if (!user || user.disabled || user.sessionVersion !== sessionVersion) return null;
    return { id: user.id, name: user.name, role: user.role, grants: user.grants.map(grantOf) };
  }

  async list(where: { name?: string } = {}): Promise<UserSummary[]> {
    const users = await this.client.user.findMany({ where, include: { grants: true }, orderBy: { name: "asc" } });
    return users.map((user) => ({
      id: user.id,
      name: user.name,
      role: user.role,
      grants: user.grants.map(grantOf),
      disabled: user.disabled,
      createdAt: user.createdAt,
      lastLoginAt: user.lastLoginAt,
    }));
  }

  /** The user as it is now, or an error naming the missing user. */
  async summary(name: string): Promise<UserSummary> {
    const user = (await this.list({ name }))[0];
    if (!user) throw new UserError(`no user named ${name}`, "missing");
    return user;
  }

  /** Whether this user is the only enabled admin: demoting, disabling or removing it would leave nobody to manage users. */
  async isLastAdmin(name: string): Promise<boolean> {
    const admins = await this.client.user.findMany({ where: { role: "admin", disabled: false }, select: { name: true }, take: 2 });
    return admins.length === 1 && admins[0]!.name === name;
  }

  /** An error when a user by this name exists. */
  async assertAbsent(name: string): Promise<void> {
    if (await this.client.user.findUnique({ where: { name } })) throw new UserError(`a user named ${name} exists already`, "exists");
  }

  async add(name: string, role: Role, password: string, grants: readonly Grant[] = []): Promise<void> {
    await this.assertAbsent(name);
    const passwordHash = await hashPassword(password);
    await this.client.user.create({
      data: { name, role, passwordHash, grants: { create: grants.map((grant) => ({ kind: grant.kind, value: grantValue(grant) })) } },
    });
  }

  async setPassword(name: string, password: string): Promise<void> {
    const passwordHash = await hashPassword(password);
    await this.update(name, { passwordHash, sessionVersion: { increment: 1 } });
  }

  async setRole(name: string, role: Role): Promise<void> {
    await this.update(name, { role, sessionVersion: { increment: 1 } });
  }

  async grant(name: string, grant: Grant): Promise<void> {
    const user = await this.find(name);
    const value = grantValue(grant);
    await this.client.$transaction([
      this.client.accountGrant.upsert({
        where: { userId_kind_value: { userId: user.id, kind: grant.kind, value } },
        create: { userId: user.id, kind: grant.kind, value },
        update: {},
      }),
      // A first grant narrows a user who saw everything: its sessions start again.
      this.client.user.update({ where: { id: user.id }, data: { sessionVersion: { increment: 1 } } }),
    ]);
    this.sessionsEnded();
  }

  /** Gives the user exactly these grants (none: every account); its sessions end. */
  async replaceGrants(name: string, grants: readonly Grant[]): Promise<void> {
    const user = await this.find(name);
    await this.client.$transaction([
      this.client.accountGrant.deleteMany({ where: { userId: user.id } }),
      this.client.accountGrant.createMany({ data: grants.map((grant) => ({ userId: user.id, kind: grant.kind, value: grantValue(grant) })) }),
      this.client.user.update({ where: { id: user.id }, data: { sessionVersion: { increment: 1 } } }),
    ]);
    this.sessionsEnded();
  }

  /** A disabled user keeps its name, role and grants but cannot log in; its sessions end. */
  async setDisabled(name: string, disabled: boolean): Promise<void> {
    await this.update(name, { disabled, sessionVersion: { increment: 1 } });
  }

  async revokeGrant(name: string, grant: Grant): Promise<void> {
    const user = await this.find(name);
    const removed = await this.client.accountGrant.deleteMany({ where: { userId: user.id, kind: grant.kind, value: grantValue(grant) } });
    if (removed.count === 0) throw new UserError(`${name} has no grant ${scopeId(grant)}`, "missing");
    await this.client.user.update({ where: { id: user.id }, data: { sessionVersion: { increment: 1 } } });
    this.sessionsEnded();
  }

  async remove(name: string): Promise<void> {
    await this.find(name);
    await this.client.user.delete({ where: { name } });
    this.sessionsEnded();
  }

  /** Ends every session of the user (logout). */
  async endSessions(id: number): Promise<void> {
    await this.client.user.update({ where: { id }, data: { sessionVersion: { increment: 1 } } });
    this.sessionsEnded();
  }

  private async find(name: string) {
    const user = await this.client.user.findUnique({ where: { name } });
    if (!user) throw new UserError(`no user named ${name}`, "missing");
    return user;
  }

  private async update(name: string, data: Parameters<StoreClient["user"]["update"]>[0]["data"]): Promise<void> {
    await this.find(name);
    await this.client.user.update({ where: { name }, data });
    this.sessionsEnded();
  }

  private sessionsEnded(): void {
    for (const listener of this.sessionsEndedListeners) listener();
  }
}
