import { test } from "node:test";
import assert from "node:assert/strict";
import { inRestartWindow, localMinuteOfDay, parseRestartWindow, type RestartWindow } from "./restart-window";

function window(text: string): RestartWindow {
  const parsed = parseRestartWindow(text);
  if ("error" in parsed) throw new Error(parsed.error);
  return parsed;
}

const utc = (iso: string) => Date.parse(iso);

test("parses a window and refuses what is not one", () => {
  assert.deepEqual(window("23:45-00:45 America/New_York"), { startMinute: 1425, endMinute: 45, timeZone: "America/New_York", text: "23:45-00:45 America/New_York" });
  for (const bad of ["", "23:45 America/New_York", "24:00-01:00 UTC", "10:60-11:00 UTC", "10:00-10:00 UTC", "10:00-11:00 Nowhere/Land"]) {
    assert.ok("error" in parseRestartWindow(bad), bad);
  }
});

test("a window crossing midnight contains the late evening and the early morning, not the day", () => {
  const nightly = window("23:45-00:45 UTC");
  assert.equal(inRestartWindow(nightly, utc("2026-11-20T23:44:59Z")), false);
  assert.equal(inRestartWindow(nightly, utc("2026-11-20T23:45:00Z")), true);
  assert.equal(inRestartWindow(nightly, utc("2026-11-21T00:30:00Z")), true);
  assert.equal(inRestartWindow(nightly, utc("2026-11-21T00:45:00Z")), false, "the end is excluded");
  assert.equal(inRestartWindow(nightly, utc("2026-11-21T12:00:00Z")), false);
});

test("a window within one day contains only its own minutes", () => {
  const morning = window("05:00-05:10 Europe/Zurich");
  assert.equal(inRestartWindow(morning, utc("2026-01-15T04:05:00Z")), true, "05:05 in Zurich in winter (UTC+1)");
  assert.equal(inRestartWindow(morning, utc("2026-01-15T05:05:00Z")), false, "06:05 in Zurich");
});

test("the window follows the gateway's wall clock across daylight-saving changes", () => {
  const nightly = window("23:45-00:45 America/New_York");
  // Summer (EDT, UTC-4): 23:50 local is 03:50 UTC; winter (EST, UTC-5): 04:50 UTC.
  assert.equal(inRestartWindow(nightly, utc("2026-07-01T03:50:00Z")), true);
  assert.equal(inRestartWindow(nightly, utc("2026-07-01T04:50:00Z")), false, "00:50 EDT is past the end");
  assert.equal(inRestartWindow(nightly, utc("2026-01-15T04:50:00Z")), true);
  assert.equal(inRestartWindow(nightly, utc("2026-01-15T03:50:00Z")), false, "22:50 EST is before the start");
  // The spring-forward night (8 March 2026, 02:00 EST → 03:00 EDT) and the fall-back night (1 November 2026).
  const early = window("01:30-03:30 America/New_York");
  assert.equal(localMinuteOfDay(utc("2026-03-08T07:00:00Z"), "America/New_York"), 3 * 60, "07:00 UTC is 03:00 EDT");
  assert.equal(inRestartWindow(early, utc("2026-03-08T06:59:00Z")), true, "01:59 EST");
  assert.equal(inRestartWindow(early, utc("2026-03-08T07:31:00Z")), false, "03:31 EDT");
  assert.equal(inRestartWindow(early, utc("2026-11-01T05:45:00Z")), true, "01:45 EDT, the first time");
  assert.equal(inRestartWindow(early, utc("2026-11-01T06:45:00Z")), true, "01:45 EST, the second time");
  assert.equal(inRestartWindow(early, utc("2026-11-01T08:35:00Z")), false, "03:35 EST");
});
