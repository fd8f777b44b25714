// The session feature's string protocols: stored in message refs and outbox rows and carried
// by buttons, so their shapes must not drift.
import { describe, expect, it } from "vitest";
import {
  cardKey,
  noticeEvent,
  noticeKey,
  parseRsvpValue,
  reminderKey,
  RSVP_VALUE,
  rsvpValue,
} from "../../src/services/sessions/keys.js";

const s = { id: "row1", shortId: "7K2Q", startsAt: new Date("2026-12-03T14:00:00Z") };

describe("session keys", () => {
  it("a card is tracked as session:<short id>", () => {
    expect(cardKey(s)).toBe("session:7K2Q");
  });

  it("a reminder's dedupe key carries the start time, so a rescheduled plan never collides with the old one", () => {
    expect(reminderKey(s, 1440, "U1")).toBe(`session:row1:${s.startsAt.getTime()}:1440:U1`);
    const moved = { ...s, startsAt: new Date("2026-12-10T14:00:00Z") };
    expect(reminderKey(moved, 1440, "U1")).not.toBe(reminderKey(s, 1440, "U1"));
    expect(reminderKey(s, 60, "U1")).not.toBe(reminderKey(s, 1440, "U1"));
  });

  it("a notice's dedupe key is unique per event and person", () => {
    expect(noticeKey(s, noticeEvent.moved(2), "U1")).toBe("session:row1:r2:moved:U1");
    expect(noticeKey(s, noticeEvent.cancelled(2), "U1")).toBe("session:row1:r2:cancelled:U1");
    expect(noticeKey(s, noticeEvent.promoted(7), "U2")).toBe("session:row1:promoted:7:U2");
  });

  it("an RSVP button value reads back to what was built; anything else is refused", () => {
    for (const a of ["going", "maybe", "no"] as const) {
      const v = rsvpValue(s, a);
      expect(v).toMatch(RSVP_VALUE);
      expect(parseRsvpValue(v)).toEqual({ shortId: "7K2Q", answer: a });
    }
    for (const bad of ["7K2Q:yes", "7k2q:going", "7K2Q", "7K2Q:going:x"]) expect(bad).not.toMatch(RSVP_VALUE);
  });
});
