// Check-in during the session window, the attendance record, its CSV, and the roster of
// people trained to score this school year.
import { stringify } from "csv-stringify/sync";
import type { Db } from "../../db/client.js";
import { UserError } from "../../core/errors.js";
import { formatInZone } from "../../core/rich.js";
import { displayNames } from "../workspaces.js";
import { endOf, rsvps, type SessionRow } from "./sessions.js";

/** Check-in opens this long before the start and closes at the end. */
export const CHECKIN_OPENS_MIN = 30;

export async function checkIn(db: Db, s: SessionRow, userId: string, markedBy: string | undefined, now: Date): Promise<{ already: boolean }> {
  const opens = new Date(s.startsAt.getTime() - CHECKIN_OPENS_MIN * 60_000);
  if (s.status === "cancelled") throw new UserError(`${s.title} was cancelled.`, "/session list");
  // Leaders may record attendance after the session too; self check-in only in the window.
  if (now < opens || (!markedBy && now > endOf(s)))
    throw new UserError(
      `Check-in for ${s.title} is open from ${formatInZone(opens, s.timeZone, "short")} to ${formatInZone(endOf(s), s.timeZone, "time")}.`,
      `/session checkin id:${s.shortId}`,
    );
  const prev = await db.rsvp.findUnique({ where: { sessionId_userId: { sessionId: s.id, userId } } });
  if (prev?.checkedInAt) return { already: true };
  await db.rsvp.upsert({
    where: { sessionId_userId: { sessionId: s.id, userId } },
    create: { sessionId: s.id, userId, answer: "none", answeredAt: now, checkedInAt: now, markedBy: markedBy ?? null },
    update: { checkedInAt: now, markedBy: markedBy ?? null },
  });
  return { already: false };
}

const ANSWER: Record<string, string> = { going: "Going", maybe: "Maybe", no: "Can't go", waitlist: "Waitlist", none: "(no answer)" };

export async function attendanceCsv(db: Db, s: SessionRow): Promise<string> {
  const rows = await rsvps(db, s.id);
  const names = await displayNames(db, s.workspaceId, rows.map((r) => r.userId));
  return stringify([
    ["name", "platform user id", "rsvp", "checked in", "marked by"],
    ...rows.map((r) => [names.get(r.userId) ?? r.userId, r.userId, ANSWER[r.answer] ?? r.answer, r.checkedInAt ? r.checkedInAt.toISOString() : "", r.markedBy ? names.get(r.markedBy) ?? r.markedBy : r.checkedInAt ? "self" : ""]),
  ]);
}

export async function attendanceSummary(db: Db, s: SessionRow): Promise<{ came: string[]; absent: string[]; walkIns: string[]; maybeCame: string[] }> {
  const rows = await rsvps(db, s.id);
  return {
    came: rows.filter((r) => r.answer === "going" && r.checkedInAt).map((r) => r.userId),
    absent: rows.filter((r) => r.answer === "going" && !r.checkedInAt).map((r) => r.userId),
    maybeCame: rows.filter((r) => r.answer === "maybe" && r.checkedInAt).map((r) => r.userId),
    walkIns: rows.filter((r) => !["going", "maybe"].includes(r.answer) && r.checkedInAt).map((r) => r.userId),
  };
}

/** Trained this school year (attended a scoring training since it began), and Going-but-absent. */
export async function scoringRoster(db: Db, workspaceId: string, yearStart: Date, now: Date): Promise<{ trained: Map<string, Date>; missed: string[] }> {
  const sessions = await db.session.findMany({ where: { workspaceId, kind: "scoring-training", status: "scheduled", startsAt: { gte: yearStart } }, include: { rsvps: true } });
  const trained = new Map<string, Date>();
  for (const s of sessions) for (const r of s.rsvps) if (r.checkedInAt && (!trained.has(r.userId) || trained.get(r.userId)! > s.startsAt)) trained.set(r.userId, s.startsAt);
  const missed = new Set<string>();
  for (const s of sessions) if (endOf(s) < now) for (const r of s.rsvps) if (r.answer === "going" && !r.checkedInAt && !trained.has(r.userId)) missed.add(r.userId);
  return { trained, missed: [...missed] };
}
