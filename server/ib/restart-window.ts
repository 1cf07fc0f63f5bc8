/**
 * The gateway's daily restart window, e.g. "23:45-00:45 America/New_York": wall-clock times
 * in the gateway's time zone, so it stays right across daylight-saving changes (Intl does
 * the conversion). A window whose end is before its start crosses midnight. A disconnect
 * that happens inside it is expected; the link is still shown down, with that note.
 */
export interface RestartWindow {
  /** Minutes after local midnight. */
  startMinute: number;
  endMinute: number;
  timeZone: string;
  /** As configured, for the status and the log. */
  text: string;
}

const SPEC = /^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s+(\S+)\s*$/;

/** The window a setting describes, or why it is not one. */
export function parseRestartWindow(text: string): RestartWindow | { error: string } {
  const match = SPEC.exec(text);
  if (!match) return { error: 'expected "HH:MM-HH:MM Area/City", e.g. "23:45-00:45 America/New_York"' };
  const [, startH, startM, endH, endM, timeZone] = match;
  const startMinute = minuteOfDay(Number(startH), Number(startM));
  const endMinute = minuteOfDay(Number(endH), Number(endM));
  if (startMinute === null || endMinute === null) return { error: "hours are 00-23 and minutes 00-59" };
  if (startMinute === endMinute) return { error: "the window must not start and end at the same time" };
  if (!isTimeZone(timeZone!)) return { error: `unknown time zone "${timeZone}" (use an IANA name such as America/New_York)` };
  return { startMinute, endMinute, timeZone: timeZone!, text: text.trim() };
}

function minuteOfDay(hours: number, minutes: number): number | null {
  return hours <= 23 && minutes <= 59 ? hours * 60 + minutes : null;
}

function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock minute of the day at `at` in `timeZone`. */
export function localMinuteOfDay(at: number, timeZone: string): number {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", hour: "2-digit", minute: "2-digit" });
    formatters.set(timeZone, formatter);
  }
  let hour = 0;
  let minute = 0;
  for (const part of formatter.formatToParts(at)) {
    if (part.type === "hour") hour = Number(part.value) % 24;
    if (part.type === "minute") minute = Number(part.value);
  }
  return hour * 60 + minute;
}

/** Whether `at` falls inside the window (start included, end excluded). */
export function inRestartWindow(window: RestartWindow, at: number): boolean {
  const minute = localMinuteOfDay(at, window.timeZone);
  const { startMinute, endMinute } = window;
  return startMinute < endMinute ? minute >= startMinute && minute < endMinute : minute >= startMinute || minute < endMinute;
}
