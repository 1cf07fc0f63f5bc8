import type { IncomingMessage } from "node:http";
import type { Role } from "@/lib/auth";
import type { Grant } from "@/lib/scope";

/** Who is at the other end of a socket, as far as the stream is concerned. */
export interface Viewer {
  userId: number;
  name: string;
  sessionVersion: number;
  /** What the user may do (control actions check it on every request). */
  role: Role;
  /** Empty: every account. */
  grants: readonly Grant[];
}

/** Who may open the stream, and how the hub learns that a session ended. */
export interface StreamAccess {
  /** Who the handshake's session names, or null to refuse it (no session, an ended one, another origin). */
  admit(request: IncomingMessage): Promise<Viewer | null>;
  /** The current session version of each of these users; one that is gone or disabled is absent. */
  sessionVersions(userIds: readonly number[]): Promise<ReadonlyMap<number, number>>;
  /** Called when a session ends in this process (logout, a new password, role or grants). */
  onSessionsEnded(listener: () => void): void;
}

/** How often sessions ended elsewhere (the user CLI, another RiskDesk process) are looked for. */
export const SESSION_RECHECK_INTERVAL_MS = 2000;
