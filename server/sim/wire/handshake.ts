/**
 * The opening of a TWS API connection: the client sends `API\0`, then a length-prefixed version
 * range `v<min>..<max>` (or a single `v<n>`), optionally followed by a space and connect options
 * such as `+PACEAPI`. The server answers `[serverVersion, connectionTime]`.
 */

export const API_PREFIX = Buffer.from("API\0", "latin1");

/** The highest server version the simulator speaks: what @stoqey/ib 1.6.x decodes. */
export const SIM_MAX_VERSION = 193;

/** The lowest client version TWS serves: 100 introduced the length-prefixed protocol. */
export const MIN_CLIENT_VERSION = 100;

export interface ClientVersionRange {
  min: number;
  max: number;
  connectOptions: string;
}

export class HandshakeError extends Error {
  override readonly name = "HandshakeError";
}

const VERSION_TEXT = /^v(\d{1,9})(?:\.\.(\d{1,9}))?(?: (.*))?$/s;

export function parseVersionRange(text: string): ClientVersionRange {
  const match = VERSION_TEXT.exec(text);
  if (!match) throw new HandshakeError(`not a version range: ${JSON.stringify(text.slice(0, 40))}`);
  const min = Number(match[1]);
  const max = match[2] === undefined ? min : Number(match[2]);
  if (min > max) throw new HandshakeError(`empty version range v${min}..${max}`);
  return { min, max, connectOptions: match[3] ?? "" };
}

export type Negotiation =
  | { accepted: true; serverVersion: number }
  | { accepted: false; reason: string };

/**
 * Picks the version to answer with, as TWS does: the highest one both sides speak.
 *
 * A client whose minimum is above ours still gets our own version: a real gateway answers an
 * older server version than the client asked for and leaves the refusal to the client (every
 * IB client, @stoqey/ib included, checks the answer against its range and disconnects with
 * "Unsupported Version"; rust-ibapi PR #492 describes exactly that against pre-201 gateways).
 * A client whose maximum is below 100 cannot be served at all: it does not speak the framing
 * it just used. TWS reports "the socket client is out of date" on its own screen, not to the
 * client; the simulator closes the socket without answering (no public capture shows the wire).
 */
export function negotiate(range: ClientVersionRange, serverMax = SIM_MAX_VERSION): Negotiation {
  if (range.max < MIN_CLIENT_VERSION) {
    return { accepted: false, reason: `client versions v${range.min}..${range.max} are below ${MIN_CLIENT_VERSION}` };
  }
  return { accepted: true, serverVersion: Math.min(range.max, serverMax) };
}

/** The connection time as TWS prints it: local wall time and zone abbreviation, e.g. `20261123 12:00:00 EST`. */
export function formatConnectionTime(at: Date, timeZone = "America/New_York"): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
      timeZoneName: "short",
    })
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}${parts.month}${parts.day} ${parts.hour}:${parts.minute}:${parts.second} ${parts.timeZoneName}`;
}
