// The scorer gate: a session with requiresTrained (a scoring day) takes Going only from people
// trained to score this school year (roster.ts: checked in to a scoring training since the
// year began, one that has ended). At a school year's start leaders get, by DM, last year's scorers whose status
// lapsed; /session roster invite:lapsed DMs them an invitation to a training.
import { DateTime } from "luxon";
import type { Tx } from "../../db/client.js";
import { UserError } from "../../core/errors.js";
import { fmt } from "../../core/rich.js";
import { hasRole } from "../../core/roles.js";
import type { Reply } from "../../core/reply.js";
import { enqueue, enqueueAll, type Enqueue } from "../outbox.js";
import { listMembersWithRoles } from "../workspaces.js";
import { parseSettings } from "../settings.js";
import { schoolYearOf, trainedAt, trainedBetween, trainingUnderway, TRAINING_KIND } from "./roster.js";
import { endOf, type SessionRow } from "./sessions.js";
import { BUTTON, inviteKey, lapsedListKey, NOTICE_SOURCE, rsvpValue } from "./keys.js";

/** The soonest scoring training not yet over, preferring one with a free seat; undefined when none is announced. */
export async function nextTraining(db: Tx, workspaceId: string, now: Date): Promise<SessionRow | undefined> {
  const rows = await db.session.findMany({
    where: {
      workspaceId,
      kind: TRAINING_KIND,
      status: "scheduled",
      startsAt: { gte: new Date(+now - 12 * 3_600_000) },
    },
    include: { _count: { select: { rsvps: { where: { answer: "going" } } } } },
    orderBy: { startsAt: "asc" },
    take: 20,
  });
  const open = rows.filter((s) => endOf(s) > now);
  const pick = open.find((s) => !s.capacity || s._count.rsvps < s.capacity) ?? open[0];
  if (!pick) return undefined;
  const { _count: _, ...s } = pick;
  return s;
}

/**
 * Refuses (privately, nothing saved) a Going answer to a requiresTrained session from someone
 * not trained to score this school year, naming the next scoring training and how to join it.
 */
export async function requireTrained(
  db: Tx,
  s: SessionRow,
  userId: string,
  startMonth: number,
  now: Date,
): Promise<void> {
  if (!s.requiresTrained) return;
  const year = schoolYearOf(now, s.timeZone, startMonth);
  if (await trainedAt(db, s.workspaceId, userId, year, now)) return;
  const why =
    `${s.title} is for people trained to score this school year (checked in to a scoring training since ` +
    `${year.since} that has ended), and you have not been yet.`;
  // Checked in to a training still running (or not started): it counts once it is over.
  const underway = await trainingUnderway(db, s.workspaceId, userId, year, now);
  if (underway)
    throw new UserError(
      `${why} You are checked in to **${underway.title}** (${underway.shortId}); it counts once it ends, ` +
        `${fmt.time(endOf(underway), "short")}. Say Going here then. Nothing was saved.`,
      `/session rsvp id:${s.shortId} answer:going`,
    );
  const next = await nextTraining(db, s.workspaceId, now);
  if (!next)
    throw new UserError(
      `${why} No scoring training is announced yet; ask a leader when the next one is.`,
      "/session list all:yes",
    );
  throw new UserError(
    `${why} The next scoring training is **${next.title}** (${next.shortId}), ${fmt.time(next.startsAt)}` +
      `${next.location ? `, ${next.location}` : ""}. Once you have checked in there, you can say Going here.`,
    `/session rsvp id:${next.shortId} answer:going`,
  );
}

/** Trained to score last school year, not (yet) this one: whose status lapsed. */
export async function lapsedScorers(
  db: Tx,
  workspaceId: string,
  zone: string,
  startMonth: number,
  now: Date,
): Promise<{ since: string; lapsed: string[] }> {
  const year = schoolYearOf(now, zone, startMonth);
  const lastFrom = DateTime.fromJSDate(year.from, { zone }).minus({ years: 1 }).toJSDate();
  const last = await trainedBetween(db, workspaceId, lastFrom, now, year.from);
  const current = await trainedBetween(db, workspaceId, year.from, now);
  return { since: year.since, lapsed: [...last.keys()].filter((u) => !current.has(u)).sort() };
}

/** How long after the school year's first day its lapsed-scorer list is still sent (a bot started late in the month). */
export const LAPSED_LIST_WINDOW_DAYS = 31;

/**
 * Queues, once per school year and leader, the DM listing last year's scorers whose status
 * lapsed, for every workspace whose school year began in the last LAPSED_LIST_WINDOW_DAYS.
 * Safe to run every hour and on every instance: the dedupe key names the year and the leader.
 * Returns how many DMs were queued.
 */
export async function queueLapsedScorerLists(db: Tx, now: Date): Promise<number> {
  let queued = 0;
  for (const w of await db.workspace.findMany({ select: { id: true, timeZone: true, settings: true } })) {
    const startMonth = parseSettings(w.settings).schoolYearStartMonth;
    const year = schoolYearOf(now, w.timeZone, startMonth);
    if (+now - +year.from >= LAPSED_LIST_WINDOW_DAYS * 86_400_000) continue;
    const leaders = (await listMembersWithRoles(db, w.id)).filter((m) => hasRole(m.roles, "leader"));
    if (!leaders.length) continue;
    const { lapsed } = await lapsedScorers(db, w.id, w.timeZone, startMonth, now);
    if (!lapsed.length) continue;
    const next = await nextTraining(db, w.id, now);
    const reply: Omit<Reply, "to"> = {
      header: `Scorers to retrain — school year since ${year.since}`,
      text:
        `${lapsed.length} ${lapsed.length === 1 ? "person was" : "people were"} trained to score last school year ` +
        `and ${lapsed.length === 1 ? "is" : "are"} not trained for this one yet (scorers retrain every year):\n` +
        lapsed.map((u) => `- ${fmt.user(u)}`).join("\n"),
      context: next
        ? `Invite them to ${next.title} (${next.shortId}): /session roster invite:lapsed id:${next.shortId}`
        : "Announce a scoring training, then invite them: /session roster invite:lapsed id:<training>",
    };
    queued += await enqueueAll(
      db,
      leaders.map((m): Enqueue => ({
        workspaceId: w.id,
        dedupeKey: lapsedListKey(w.id, year.since, m.userId),
        dueAt: now,
        target: { kind: "dm", id: m.userId },
        reply,
        sourceKind: "notice",
      })),
    );
  }
  return queued;
}

export interface InviteResult {
  /** Invited now (a DM queued). */
  invited: string[];
  /** Invited to this training before: not DMed again. */
  already: string[];
  /** Already answered Going, Maybe or waitlist to this training: not invited. */
  answered: string[];
}

/**
 * DMs each lapsed scorer an invitation to `training` with its RSVP buttons, once per person
 * and training (a second run invites nobody twice and says who was already invited).
 */
export async function inviteToTraining(
  db: Tx,
  training: SessionRow,
  people: readonly string[],
  by: string,
  now: Date,
): Promise<InviteResult> {
  const answered = new Set(
    (
      await db.rsvp.findMany({
        where: { sessionId: training.id, userId: { in: [...people] }, answer: { in: ["going", "maybe", "waitlist"] } },
        select: { userId: true },
      })
    ).map((r) => r.userId),
  );
  const res: InviteResult = { invited: [], already: [], answered: [] };
  for (const u of people) {
    if (answered.has(u)) {
      res.answered.push(u);
      continue;
    }
    const fresh = await enqueue(db, {
      workspaceId: training.workspaceId,
      dedupeKey: inviteKey(training, u),
      dueAt: now,
      target: { kind: "dm", id: u },
      reply: {
        header: `🎓 Time to retrain: ${training.title}`,
        text:
          `You were trained to score last school year; scorers retrain every year. **${training.title}** is ` +
          `${fmt.time(training.startsAt)}${training.location ? `, ${training.location}` : ""}. Will you come?`,
        context: `Or answer with /session rsvp id:${training.shortId} answer:going`,
        buttons: [
          BUTTON.rsvp.button("Going", rsvpValue(training, "going"), "primary"),
          BUTTON.rsvp.button("Maybe", rsvpValue(training, "maybe")),
          BUTTON.rsvp.button("Can't go", rsvpValue(training, "no")),
        ],
      },
      createdBy: by,
      sourceKind: NOTICE_SOURCE,
      sourceId: training.id,
    });
    (fresh ? res.invited : res.already).push(u);
  }
  return res;
}
