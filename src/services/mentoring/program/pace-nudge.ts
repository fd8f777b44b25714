// Pace nudges (workspace setting pace-nudges): on Mondays from 9:00 in the workspace's zone, each
// mentor with a pair behind the program's pace gets one kind DM with their own numbers. One per
// mentor per week (the outbox's dedupe key), and nothing else records it: no audit event, no
// report, no log line naming anyone, so coordinators never learn who was nudged. A mentor may
// stop them for themselves (/mentor pace-nudges off): a preference on their member record, never a
// record of any nudge.
import { DateTime } from "luxon";
import type { Tx } from "../../../db/client.js";
import { fmt } from "../../../core/rich.js";
import { hoursText } from "../../../core/duration.js";
import type { WorkspaceInfo } from "../../../core/context.js";
import { enqueueAll, type Enqueue } from "../../outbox.js";
import { schoolYearStart, todayIn } from "../../school-year.js";
import { parseSettings } from "../../settings.js";
import { paceReport, type PaceRow } from "./pace.js";

/** The local hour on Monday from which the week's nudges go out. */
export const NUDGE_HOUR = 9;

/** The ISO week ("2026-W45") whose nudges are due at `now` in `zone`, or undefined before Monday 9:00 or after Monday. */
export function nudgeWeek(zone: string, now: Date): string | undefined {
  const local = DateTime.fromJSDate(now, { zone });
  if (local.weekday !== 1 || local.hour < NUDGE_HOUR) return undefined;
  return local.toFormat("kkkk-'W'WW");
}

const weeksText = (w: number) => {
  const n = Math.floor(w);
  return `${n} week${n === 1 ? "" : "s"}`;
};

/** The mentor's own numbers, pair by pair; a mentee who is not a member is named by the pair only. */
export function nudgeMessage(rows: readonly PaceRow[], paceHours: number): Enqueue["reply"] {
  const lines = rows.map((r) => {
    const who = r.pair.menteeUserId ? fmt.user(r.pair.menteeUserId) : `your mentee in pair ${r.pair.shortId}`;
    const toCatchUp = Math.max(0, paceHours * r.weeks * 60 - r.minutes);
    return (
      `- With ${who}: ${hoursText(r.minutes)} since ${r.window.from}, over ${weeksText(r.weeks)} ` +
      `(about ${hoursText(Math.round(r.perWeek * 60))} a week). About ${hoursText(Math.round(toCatchUp / 15) * 15)} more would bring it to the pace.`
    );
  });
  return {
    header: "A gentle note on your mentoring pace",
    text:
      `The program's pace is ${hoursText(paceHours * 60)} a week with each mentee. Here is where your log stands:\n` +
      lines.join("\n") +
      "\n\nIf you have met and not logged it yet, reply here in your own words, e.g. " +
      "`45 min with J.R. yesterday - planning`. Weeks get busy; every conversation counts.",
    context:
      "Only you get this note: coordinators are not told who receives it. " +
      "Stop these notes with /mentor pace-nudges off (/mentor pace-nudges on brings them back).",
  };
}

/**
 * Queues this week's nudges for the workspace, if it is due and the setting is on; how many
 * were newly queued (a repeat in the same week queues none).
 */
export async function queuePaceNudges(
  db: Tx,
  w: Pick<WorkspaceInfo, "id" | "timeZone" | "settings">,
  now: Date,
): Promise<number> {
  const s = w.settings;
  if (!s.paceNudges || !s.paceHoursPerWeek) return 0;
  const week = nudgeWeek(w.timeZone, now);
  if (!week) return 0;
  const today = todayIn(w.timeZone, now);
  const rows = await paceReport(db, {
    workspaceId: w.id,
    period: { from: schoolYearStart(now, w.timeZone, s.schoolYearStartMonth), to: today },
    today,
    paceHours: s.paceHoursPerWeek,
  });
  const behind = new Map<string, PaceRow[]>();
  for (const r of rows)
    if (r.state === "behind" && (!r.pair.to || r.pair.to >= today))
      behind.set(r.pair.mentorId, [...(behind.get(r.pair.mentorId) ?? []), r]);
  // Mentors who said /mentor pace-nudges off get none.
  if (behind.size)
    for (const m of await db.member.findMany({
      where: { workspaceId: w.id, userId: { in: [...behind.keys()] }, paceNudges: false },
      select: { userId: true },
    }))
      behind.delete(m.userId);
  return enqueueAll(
    db,
    [...behind].map(([mentorId, mine]) => ({
      workspaceId: w.id,
      dedupeKey: `mentor:pace:${w.id}:${mentorId}:${week}`,
      dueAt: now,
      target: { kind: "dm", id: mentorId },
      reply: nudgeMessage(mine, s.paceHoursPerWeek!),
    })),
  );
}

/**
 * A mentor's own choice of the weekly pace nudge, on or off (safe to repeat); whether it was
 * already so. Only the preference is stored: nothing about any nudge.
 */
export async function setPaceNudges(
  db: Tx,
  q: { workspaceId: string; userId: string; displayName: string; on: boolean },
): Promise<{ already: boolean }> {
  const before = await db.member.findUnique({
    where: { workspaceId_userId: { workspaceId: q.workspaceId, userId: q.userId } },
    select: { paceNudges: true },
  });
  if (before?.paceNudges === q.on) return { already: true };
  await db.member.upsert({
    where: { workspaceId_userId: { workspaceId: q.workspaceId, userId: q.userId } },
    update: { paceNudges: q.on },
    create: { workspaceId: q.workspaceId, userId: q.userId, displayName: q.displayName, paceNudges: q.on },
  });
  return { already: false };
}

/** Whether the person gets the weekly pace nudge (on unless they said /mentor pace-nudges off). */
export async function getsPaceNudges(db: Tx, workspaceId: string, userId: string): Promise<boolean> {
  const m = await db.member.findUnique({
    where: { workspaceId_userId: { workspaceId, userId } },
    select: { paceNudges: true },
  });
  return m?.paceNudges ?? true;
}

/** Every workspace's nudges that are due; how many were queued in all (a count, never who). */
export async function runPaceNudges(db: Tx, now: Date): Promise<number> {
  let queued = 0;
  const all = await db.workspace.findMany({
    select: { id: true, timeZone: true, settings: true },
    orderBy: { id: "asc" },
  });
  for (const w of all) queued += await queuePaceNudges(db, { ...w, settings: parseSettings(w.settings) }, now);
  return queued;
}
