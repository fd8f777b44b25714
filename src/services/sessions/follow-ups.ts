// After a session ends, each checked-in attendee is asked for feedback by DM, reminded the
// next day if they have not answered, and asked weeks later whether they used what they
// learned. The scheduler calls planEndedSessions every minute or so: it finds checked-in
// attendees of recently ended sessions who have no flag yet (at the end, or when a leader
// records a paper sign-in sheet afterwards) and plans their follow-ups in one transaction.
// Flags and dedupe keys make it safe with several instances and across restarts.
import type { Db, Tx } from "../../db/client.js";
import { fmt } from "../../core/rich.js";
import type { Reply } from "../../core/reply.js";
import { enqueueAll, type Enqueue } from "../outbox.js";
import { getWorkspace } from "../workspaces.js";
import type { WorkspaceSettings } from "../settings.js";
import { endOf, type SessionRow } from "./sessions.js";
import { newFlag } from "./answer-flags.js";
import { FEEDBACK_BUTTON, FEEDBACK_SOURCE, followUpKey, type FollowUpDm } from "./feedback-keys.js";

/** Attendees checked in up to this long after a session ends still get its follow-ups. */
export const FOLLOW_UP_WINDOW_DAYS = 14;
const DAY_MS = 86_400_000;
/** The longest session (12 h): one that started this long before the window may end inside it. */
const LONGEST_MS = 12 * 3_600_000;

export type FollowUpSettings = Pick<WorkspaceSettings, "impactAfterWeeks">;

const anonymous = "Your answers reach the organizer without your name; nobody can see who answered what.";

export function feedbackDm(s: SessionRow, reminder: boolean): Omit<Reply, "to"> {
  return {
    text: reminder
      ? `A reminder: how was **${s.title}** (${fmt.time(s.startsAt, "date")})? Three quick questions, one minute.`
      : `Thanks for coming to **${s.title}**! How was it? Three quick questions, one minute.`,
    context: `${anonymous} Or type /session rate id:${s.shortId} rating:4 use:"…"`,
    buttons: [FEEDBACK_BUTTON.form.button("Give feedback", s.shortId, "primary")],
  };
}

export function impactDm(s: SessionRow): Omit<Reply, "to"> {
  const b = FEEDBACK_BUTTON.impact;
  return {
    text: `Have you used what you learned in **${s.title}** (${fmt.time(s.startsAt, "date")})?`,
    context: `You can add an example. ${anonymous} Or type /session used id:${s.shortId} answer:yes`,
    buttons: [
      b.button("Yes", `${s.shortId}:yes`, "primary"),
      b.button("Not yet", `${s.shortId}:not-yet`),
      b.button("No", `${s.shortId}:no`),
    ],
  };
}

/** When the "did you use it?" DM is due, or undefined when the workspace asks nobody. */
export const impactDueAt = (s: SessionRow, weeks: number): Date | undefined =>
  weeks > 0 ? new Date(endOf(s).getTime() + weeks * 7 * DAY_MS) : undefined;

/**
 * Plans one session's follow-ups for attendees who have none yet: their flags, the feedback
 * DM now, its reminder a day later, the "did you use it?" DM, and (certificate-after-feedback
 * off) their certificate. Runs in the caller's transaction.
 */
export async function planFollowUps(
  tx: Tx,
  s: SessionRow,
  userIds: readonly string[],
  settings: FollowUpSettings,
  now: Date,
): Promise<void> {
  if (!userIds.length) return;
  const impactAt = impactDueAt(s, settings.impactAfterWeeks);
  await tx.answerFlag.createMany({
    data: userIds.flatMap((u) => [newFlag(s.id, u, "feedback"), ...(impactAt ? [newFlag(s.id, u, "impact")] : [])]),
  });
  const row = (u: string, dm: FollowUpDm, dueAt: Date, reply: Omit<Reply, "to">): Enqueue => ({
    workspaceId: s.workspaceId,
    dedupeKey: followUpKey(s.id, dm, u),
    dueAt,
    target: { kind: "dm", id: u },
    reply,
    sourceKind: FEEDBACK_SOURCE,
    sourceId: s.id,
  });
  const from = Math.max(now.getTime(), endOf(s).getTime());
  await enqueueAll(
    tx,
    userIds.flatMap((u) => [
      row(u, "feedback", now, feedbackDm(s, false)),
      row(u, "feedback-reminder", new Date(from + DAY_MS), feedbackDm(s, true)),
      ...(impactAt ? [row(u, "impact", new Date(Math.max(impactAt.getTime(), now.getTime())), impactDm(s))] : []),
    ]),
  );
}

/** The follow-ups of one person's session, planned now if they have none (an answer before the scheduler's pass). */
export async function ensureFollowUps(tx: Tx, s: SessionRow, userId: string, now: Date): Promise<void> {
  const has = await tx.answerFlag.findFirst({ where: { sessionId: s.id, userId }, select: { id: true } });
  if (has) return;
  const ws = await getWorkspace(tx, s.workspaceId);
  if (ws) await planFollowUps(tx, s, [userId], ws.settings, now);
}

/**
 * Plans follow-ups for every checked-in attendee of a session that ended in the last
 * FOLLOW_UP_WINDOW_DAYS who has none yet. Returns how many people were planned.
 */
export async function planEndedSessions(db: Db, now: Date): Promise<number> {
  const oldest = now.getTime() - FOLLOW_UP_WINDOW_DAYS * DAY_MS;
  const sessions = (
    await db.session.findMany({
      where: { status: "scheduled", startsAt: { gte: new Date(oldest - LONGEST_MS), lte: now } },
      select: { id: true, startsAt: true, minutes: true },
    })
  ).filter((s) => endOf(s) <= now && endOf(s).getTime() > oldest);
  if (!sessions.length) return 0;
  // Counts first (a row per session): only sessions with more check-ins than flags need a look.
  const [checkins, flags] = await Promise.all([
    db.rsvp.groupBy({
      by: ["sessionId"],
      where: { sessionId: { in: sessions.map((s) => s.id) }, checkedInAt: { not: null } },
      _count: { _all: true },
    }),
    db.answerFlag.groupBy({
      by: ["sessionId"],
      where: { sessionId: { in: sessions.map((s) => s.id) }, kind: "feedback" },
      _count: { _all: true },
    }),
  ]);
  const flagCount = new Map(flags.map((f) => [f.sessionId, f._count._all]));
  const ids = checkins.filter((c) => c._count._all > (flagCount.get(c.sessionId) ?? 0)).map((c) => c.sessionId);
  if (!ids.length) return 0;
  const [attended, flagged] = await Promise.all([
    db.rsvp.findMany({
      where: { sessionId: { in: ids }, checkedInAt: { not: null } },
      select: { sessionId: true, userId: true },
    }),
    db.answerFlag.findMany({
      where: { sessionId: { in: ids }, kind: "feedback" },
      select: { sessionId: true, userId: true },
    }),
  ]);
  const has = new Set(flagged.map((f) => `${f.sessionId}\n${f.userId}`));
  const todo = new Map<string, string[]>();
  for (const r of attended)
    if (!has.has(`${r.sessionId}\n${r.userId}`)) todo.set(r.sessionId, [...(todo.get(r.sessionId) ?? []), r.userId]);
  let planned = 0;
  const settings = new Map<string, Promise<FollowUpSettings | undefined>>();
  for (const s of await db.session.findMany({ where: { id: { in: [...todo.keys()] } } })) {
    const users = todo.get(s.id)!;
    if (!settings.has(s.workspaceId))
      settings.set(
        s.workspaceId,
        getWorkspace(db, s.workspaceId).then((w) => w?.settings),
      );
    const ws = await settings.get(s.workspaceId);
    if (!ws) continue;
    try {
      await db.$transaction((tx) => planFollowUps(tx, s, users, ws, now));
      planned += users.length;
    } catch (e) {
      // Another instance planned them at the same moment: its rows stand, and nothing of ours was kept.
      if ((e as { code?: string }).code !== "P2002") throw e;
    }
  }
  return planned;
}
