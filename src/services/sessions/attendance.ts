// Who came against who answered, for one session.
import type { Tx } from "../../db/client.js";
import { creditedMinutes } from "./credit.js";
import { rsvps, type SessionRow } from "./sessions.js";

export interface AttendanceSummary {
  came: string[];
  absent: string[];
  maybeCame: string[];
  /** Maybe and not checked in. */
  maybe: string[];
  /** Waiting for a seat, first in line first. */
  waitlist: string[];
  /** Said they can't go (and did not come). */
  no: string[];
  /** On the waitlist and checked in anyway (credited like everyone who came). */
  fromWaitlist: string[];
  /** Checked in without answering Going or Maybe, nor being on the waitlist (walk-ins). */
  walkIns: string[];
  /** Everyone who attended with their hours credited (minutes), and whether a leader set them. */
  credited: { userId: string; minutes: number; byLeader: boolean }[];
}

export async function attendanceSummary(db: Tx, s: SessionRow, rounding: number): Promise<AttendanceSummary> {
  const rows = await rsvps(db, s.id);
  return {
    came: rows.filter((r) => r.answer === "going" && r.checkedInAt).map((r) => r.userId),
    absent: rows.filter((r) => r.answer === "going" && !r.checkedInAt).map((r) => r.userId),
    maybeCame: rows.filter((r) => r.answer === "maybe" && r.checkedInAt).map((r) => r.userId),
    maybe: rows.filter((r) => r.answer === "maybe" && !r.checkedInAt).map((r) => r.userId),
    waitlist: rows.filter((r) => r.answer === "waitlist" && !r.checkedInAt).map((r) => r.userId),
    no: rows.filter((r) => r.answer === "no" && !r.checkedInAt).map((r) => r.userId),
    fromWaitlist: rows.filter((r) => r.answer === "waitlist" && r.checkedInAt).map((r) => r.userId),
    walkIns: rows
      .filter((r) => !["going", "maybe", "waitlist"].includes(r.answer) && r.checkedInAt)
      .map((r) => r.userId),
    credited: rows
      .filter((r) => r.checkedInAt)
      .map((r) => ({
        userId: r.userId,
        minutes: creditedMinutes(s, r, rounding)!,
        byLeader: r.creditMinutes !== null,
      })),
  };
}
