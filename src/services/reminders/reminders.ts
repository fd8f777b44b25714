// /reminder's domain. A Reminder row keeps the phrase, the rule, the zone it is read in and
// the occurrence currently queued (nextAt); the outbox holds that occurrence as a Delivery
// with a dedupe key per occurrence. When the scheduler settles an occurrence (sent, skipped
// as stale, or failed for good) it asks planAfterDelivery for the next one inside the same
// transaction, so a repeat is never lost across a restart and never queued twice.
import { pageFrom, pageWindow, type Page } from "../../core/paging.js";
import { randomUUID } from "node:crypto";
import { emptySql, sql, sqlTimestamp, type Db, type Tx } from "../../db/client.js";
import { queryRows } from "../../db/direct.js";
import { UserError } from "../../core/errors.js";
import { fmt } from "../../core/rich.js";
import type { Reply } from "../../core/reply.js";
import { normalizeShortId, withShortId } from "../../core/short-id.js";
import { hasRole, whoCan, type Role } from "../../core/roles.js";
import { cancelPending, enqueue, type Enqueue } from "../outbox.js";
import { matchesTyped, type Suggestion, type SuggestionQuery } from "../suggestions.js";
import { DEFAULT_TIME, parseSchedule, type PhraseResult, type Reading } from "./phrase.js";
import { assumedNote, formatClock } from "../../core/time-of-day.js";
import { DEFAULT_REMINDER_CAPS } from "../settings.js";
import { MIN_INTERVAL_MINUTES, nextOccurrence, upcoming, type Recurrence, type RecurrenceKind } from "./recurrence.js";

export type ReminderRow = NonNullable<Awaited<ReturnType<Db["reminder"]["findFirst"]>>>;
export type Target = { kind: "dm" | "channel"; id: string };

export const WHEN_EXAMPLES = [
  "tomorrow 8am",
  "in 2 hours",
  "Dec 3 at 9:00",
  "every weekday at 7:45",
  "every other Thursday at 3:30pm",
  "first Monday of the month at 4pm",
  "45 7 * * 1-5",
];
export const ADD_EXAMPLE = '/reminder add to:me when:"every weekday at 7:45" Post today\'s exit tickets';

export interface Actor {
  db: Db;
  now: Date;
  workspaceId: string;
  /** The workspace's zone: phrases are read in it and the reminder keeps it. */
  zone: string;
  userId: string;
  roles: readonly Role[];
  /** The workspace's caps on active reminders (settings remindersPerPerson / remindersPerChannel). */
  caps?: { perPerson: number; perChannel: number };
}

/** "R-7K2Q": how people see and type a reminder id. */
export const displayId = (r: Pick<ReminderRow, "shortId">): string => `R-${r.shortId}`;

export function recurrenceOf(r: Pick<ReminderRow, "kind" | "rule" | "timeZone" | "nextAt">): Recurrence | undefined {
  if (r.kind === "once" || !r.rule) return undefined;
  return { kind: r.kind as RecurrenceKind, rule: r.rule, zone: r.timeZone, anchor: r.nextAt ?? undefined };
}

/** What the reminder posts when it fires. */
export function reminderBody(
  r: Pick<ReminderRow, "text" | "creatorId" | "targetKind" | "shortId" | "kind" | "phrase">,
): Omit<Reply, "to"> {
  const repeats = r.kind === "once" ? "" : ` · repeats ${r.phrase}`;
  return {
    text: `⏰ ${r.text}`,
    context:
      r.targetKind === "channel"
        ? `Reminder from ${fmt.user(r.creatorId)} · ${displayId(r)}${repeats}`
        : `Your reminder ${displayId(r)}${repeats}${r.kind === "once" ? "" : ` · stop it with /reminder pause ${displayId(r)}`}`,
  };
}

/** The outbox entry for one occurrence; the dedupe key makes queuing it twice a no-op. */
export function occurrenceDelivery(r: ReminderRow, at: Date): Enqueue {
  return {
    workspaceId: r.workspaceId,
    dedupeKey: `reminder:${r.id}:${at.getTime()}`,
    dueAt: at,
    target: { kind: r.targetKind === "channel" ? "channel" : "dm", id: r.targetId },
    reply: reminderBody(r),
    createdBy: r.creatorId,
    sourceKind: "reminder",
    sourceId: r.id,
  };
}

/** Queues an occurrence unless it already is; a cancelled copy (paused, then resumed) is put back. */
export const queueOccurrence = (db: Tx, e: Enqueue): Promise<boolean> => enqueue(db, e, { revive: true });

/** Turns a phrase problem into the private error the person sees. */
export function phraseError(parsed: Extract<PhraseResult, { ok: false }>, when: string, zone: string): UserError {
  const tries = `Try one of: ${WHEN_EXAMPLES.map((w) => `"${w}"`).join(", ")} (times are in ${zone}).`;
  const text = when.length > 60 ? when.slice(0, 57) + "..." : when;
  switch (parsed.kind) {
    case "past":
      return new UserError(
        `"${text}" is in the past. Pick a time still ahead, e.g. when:"tomorrow 8am".`,
        ADD_EXAMPLE,
        "when",
      );
    case "too-often":
      return new UserError(
        `"${text}" repeats too often: ${parsed.problem}. Use ${MIN_INTERVAL_MINUTES} ` +
          `minutes or more, e.g. when:"every 30 minutes" or when:"every weekday at 7:45".`,
        ADD_EXAMPLE,
        "when",
      );
    case "unsupported":
      return new UserError(`when:"${text}" — ${parsed.problem}.`, ADD_EXAMPLE, "when");
    case "never":
      return new UserError(`"${text}" never happens. ${tries}`, ADD_EXAMPLE, "when");
    default:
      return new UserError(`I could not read when:"${text}" (${parsed.problem}). ${tries}`, ADD_EXAMPLE, "when");
  }
}

/** The confirmation's word on a time cadre chose: the school-day reading of am/pm, or the default time. */
export function readingNote(r: Reading | undefined, when: string): string | undefined {
  if (r?.assumed) return assumedNote(r.assumed);
  if (!r?.defaulted) return undefined;
  const phrase = when.trim().length > 40 ? "every Thursday" : when.trim();
  return (
    `No time of day was given, so it goes at ${formatClock(DEFAULT_TIME)}; ` +
    `for another time add one, e.g. when:"${phrase} at 3:30pm".`
  );
}

export interface Added {
  reminder: ReminderRow;
  /** How the time of day was read, when cadre chose it (am/pm by the school-day rule, or the default time). */
  note?: string;
  /** The same reminder (person, target, text and time) was already active: nothing new was set. */
  already?: boolean;
  /** The next few occurrences, for the confirmation. */
  upcoming: Date[];
}

export async function addReminder(a: Actor, input: { text: string; when: string; target: Target }): Promise<Added> {
  if (input.target.kind === "channel" && !hasRole(a.roles, "leader"))
    throw new UserError(
      `Only ${whoCan("leader")} can set reminders for a channel. You can set one for yourself with to:me.`,
      `/reminder add to:me when:"${input.when.length > 40 ? "tomorrow 8am" : input.when}" ` +
        `${input.text.length > 40 ? "Check the channel" : input.text}`,
      "to",
    );
  const parsed = parseSchedule(input.when, a.zone, a.now);
  if (!parsed.ok) throw phraseError(parsed, input.when, a.zone);
  const s = parsed.schedule;
  const first = s.kind === "once" ? s.at : s.first;
  const caps = a.caps ?? DEFAULT_REMINDER_CAPS;
  let already = false;
  const reminder = await withShortId((shortId) =>
    a.db.$transaction(async (tx) => {
      const fields = {
        workspaceId: a.workspaceId,
        shortId,
        creatorId: a.userId,
        targetKind: input.target.kind,
        targetId: input.target.id,
        text: input.text,
        phrase: input.when.trim(),
        kind: s.kind,
        rule: s.kind === "once" ? null : s.rule,
        timeZone: a.zone,
        nextAt: first,
      };
      const r = (await insertUnlessBlocked(tx, fields, caps)) ?? (await whyBlocked(tx, fields, caps));
      if (r === "same-id") throw Object.assign(new Error("short id taken"), { code: "P2002" });
      if ("already" in r) {
        already = true;
        return r.already;
      }
      await enqueue(tx, occurrenceDelivery(r, first), { fresh: true });
      return r;
    }),
  );
  const rec = recurrenceOf(reminder);
  if (already) {
    const next = reminder.nextAt ?? first;
    return { reminder, upcoming: rec ? [next, ...upcoming(rec, next, 2)] : [next], already };
  }
  return {
    reminder,
    upcoming: rec ? [first, ...upcoming(rec, first, 2)] : [first],
    note: readingNote(parsed.reading, input.when),
  };
}

type NewReminder = Omit<ReminderRow, "id" | "paused" | "status" | "createdAt">;
type Caps = { perPerson: number; perChannel: number };

const sameWhere = (f: NewReminder) => ({
  workspaceId: f.workspaceId,
  creatorId: f.creatorId,
  status: "active",
  targetKind: f.targetKind,
  targetId: f.targetId,
  text: f.text,
  phrase: f.phrase,
});

/**
 * Inserts the reminder unless the same one is already active (a double press, a retry), a cap
 * is reached or its short id is taken: the checks and the insert are one hand-written
 * statement (Prisma would need a look-up and a count before its insert). Undefined when blocked.
 */
async function insertUnlessBlocked(tx: Tx, f: NewReminder, caps: Caps): Promise<ReminderRow | undefined> {
  // PostgreSQL types a parameter in a SELECT list as text: the time columns need a cast.
  const at = (d: Date | null) => sqlTimestamp(tx, d);
  const channelCap =
    f.targetKind === "channel"
      ? sql`AND (SELECT COUNT(*) FROM "Reminder" WHERE "workspaceId" = ${f.workspaceId} AND "targetKind" = 'channel'
          AND "targetId" = ${f.targetId} AND "status" = 'active') < ${caps.perChannel}`
      : emptySql;
  const [row] = await queryRows<ReminderRow[]>(
    tx,
    sql`INSERT INTO "Reminder" ("id", "workspaceId", "shortId", "creatorId",
      "targetKind", "targetId", "text", "phrase", "kind", "rule", "timeZone", "nextAt", "createdAt")
    SELECT ${randomUUID()}, ${f.workspaceId}, ${f.shortId}, ${f.creatorId}, ${f.targetKind}, ${f.targetId}, ${f.text},
      ${f.phrase}, ${f.kind}, ${f.rule}, ${f.timeZone}, ${at(f.nextAt)}, ${at(new Date())}
    WHERE NOT EXISTS (SELECT 1 FROM "Reminder" WHERE "workspaceId" = ${f.workspaceId} AND "creatorId" = ${f.creatorId}
        AND "status" = 'active' AND "targetKind" = ${f.targetKind} AND "targetId" = ${f.targetId}
        AND "text" = ${f.text} AND "phrase" = ${f.phrase})
      AND NOT EXISTS (SELECT 1 FROM "Reminder" WHERE "workspaceId" = ${f.workspaceId} AND "shortId" = ${f.shortId})
      AND (SELECT COUNT(*) FROM "Reminder" WHERE "workspaceId" = ${f.workspaceId} AND "creatorId" = ${f.creatorId}
        AND "status" = 'active') < ${caps.perPerson}
      ${channelCap}
    RETURNING *`,
  );
  return row;
}

/** Why insertUnlessBlocked inserted nothing: the same reminder (kept), a cap (the person is told), or the short id. */
async function whyBlocked(tx: Tx, f: NewReminder, caps: Caps): Promise<{ already: ReminderRow } | "same-id"> {
  const same = await tx.reminder.findFirst({ where: sameWhere(f) });
  if (same) return { already: same };
  // Counted in the transaction that would create the row; two adds at the same instant can
  // still both pass on PostgreSQL (read committed), which the per-person rate limit bounds.
  const mine = await tx.reminder.count({
    where: { workspaceId: f.workspaceId, creatorId: f.creatorId, status: "active" },
  });
  if (mine >= caps.perPerson)
    throw new UserError(
      `You already have ${mine} active reminders, the most this workspace ` +
        `allows one person (paused ones count). Remove one you no longer need — ` +
        `/reminder list shows them — or ask an admin to raise the limit with /cadre ` +
        `settings reminders-per-person:${Math.min(caps.perPerson * 2, 1000)}.`,
      "/reminder remove R-7K2Q",
    );
  if (f.targetKind === "channel") {
    const there = await tx.reminder.count({
      where: { workspaceId: f.workspaceId, targetKind: "channel", targetId: f.targetId, status: "active" },
    });
    if (there >= caps.perChannel)
      throw new UserError(
        `${fmt.channel(f.targetId)} already has ${there} active reminders, ` +
          `the most this workspace allows one channel. Remove one (/reminder list ` +
          `all:yes shows them), or ask an admin to raise the limit with /cadre ` +
          `settings reminders-per-channel:${Math.min(caps.perChannel * 2, 1000)}.`,
        "/reminder list all:yes",
        "to",
      );
  }
  return "same-id";
}

export type ReminderPage = Page<ReminderRow>;

/** One page of the reminders the person made; with `channels`, also every channel reminder in the workspace. */
export async function listReminders(
  db: Tx,
  workspaceId: string,
  userId: string,
  channels = false,
  page = 1,
): Promise<ReminderPage> {
  const where = {
    workspaceId,
    status: "active",
    OR: [{ creatorId: userId }, ...(channels ? [{ targetKind: "channel" }] : [])],
  };
  const [total, rows] = await Promise.all([
    db.reminder.count({ where }),
    db.reminder.findMany({
      where,
      // id last: a stable order, so pages neither repeat nor skip rows with the same time.
      orderBy: [{ paused: "asc" }, { nextAt: "asc" }, { id: "asc" }],
      ...pageWindow(page),
    }),
  ]);
  return pageFrom(rows, total, page);
}

/** The person's own active reminders by id or text, newest first, with their R- id. */
export async function reminderSuggestions(db: Tx, q: SuggestionQuery): Promise<Suggestion[]> {
  if (!q.workspaceId) return [];
  const rows = await db.reminder.findMany({
    where: { workspaceId: q.workspaceId, creatorId: q.userId, status: "active" },
    orderBy: { createdAt: "desc" },
    take: 100,
    select: { shortId: true, text: true, phrase: true },
  });
  return rows
    .filter((r) => matchesTyped(q.typed, r.shortId, r.text))
    .map((r) => ({ name: `${displayId(r)} · ${r.text} · ${r.phrase}`, value: displayId(r) }));
}

/**
 * A reminder the person may change: their own, or (leader and above) any channel reminder.
 * Someone else's personal reminder looks exactly like a missing one.
 */
export async function findReminder(
  a: Pick<Actor, "db" | "workspaceId" | "userId" | "roles">,
  id: string,
  verb: string,
): Promise<ReminderRow> {
  const typed = normalizeShortId(id);
  const shortId = typed.replace(/^R-?/, "");
  const example = `/reminder ${verb} R-7K2Q`;
  if (!/^[0-9A-Z]{2,10}$/.test(shortId))
    throw new UserError(
      `"${id.slice(0, 20)}" is not a reminder id; ids look like R-7K2Q and are shown by /reminder list.`,
      example,
      "id",
    );
  // "R7K2" may be a bare id that starts with R, or "R-" + "7K2".
  const r = await a.db.reminder.findFirst({
    where: { workspaceId: a.workspaceId, shortId: { in: [shortId, typed] }, status: "active" },
    orderBy: { createdAt: "asc" },
  });
  const mayChange = r && (r.creatorId === a.userId || (r.targetKind === "channel" && hasRole(a.roles, "leader")));
  if (!r || !mayChange)
    throw new UserError(
      `You have no reminder ${id.trim().toUpperCase().slice(0, 20)}. Your reminders and their ids are in /reminder list.`,
      example,
      "id",
    );
  return r;
}

export async function removeReminder(db: Db, r: ReminderRow): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.reminder.update({ where: { id: r.id }, data: { status: "removed", nextAt: null } });
    await cancelPending(tx, "reminder", r.id);
  });
}

export async function pauseReminder(db: Db, r: ReminderRow): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.reminder.update({ where: { id: r.id }, data: { paused: true } });
    await cancelPending(tx, "reminder", r.id);
  });
}

/** Queues the next occurrence from now; a one-off whose time passed while paused cannot resume. */
export async function resumeReminder(db: Db, r: ReminderRow, now: Date): Promise<Date> {
  const rec = recurrenceOf(r);
  const next = rec ? nextOccurrence(rec, now) : r.nextAt && r.nextAt > now ? r.nextAt : undefined;
  if (!next)
    throw new UserError(
      `${displayId(r)} was due ${r.nextAt ? fmt.time(r.nextAt) : "earlier"}, ` +
        `which passed while it was paused. Remove it and add a new one.`,
      `/reminder remove ${displayId(r)}`,
      "id",
    );
  await db.$transaction(async (tx) => {
    const row = await tx.reminder.update({ where: { id: r.id }, data: { paused: false, nextAt: next } });
    await queueOccurrence(tx, occurrenceDelivery(row, next));
  });
  return next;
}

/**
 * After an occurrence is settled, the next one to queue (or undefined: a one-off is done).
 * Occurrences missed while cadre was down are not replayed one by one: the next is the
 * first after both the settled occurrence and now.
 */
export async function planAfterDelivery(
  tx: Tx,
  reminderId: string,
  dueAt: Date,
  now: Date,
): Promise<Enqueue | undefined> {
  const r = await tx.reminder.findUnique({ where: { id: reminderId } });
  if (!r || r.status !== "active" || r.paused) return undefined;
  const rec = recurrenceOf({ ...r, nextAt: dueAt });
  // Rows made before the minimum repeat was raised keep their rule but go out no more often
  // than MIN_INTERVAL_MINUTES: the next occurrence is the first at least that long after this one.
  const floor = new Date(dueAt.getTime() + MIN_INTERVAL_MINUTES * 60_000 - 1);
  const from = [dueAt, now, floor].reduce((a, b) => (b > a ? b : a));
  const next = rec ? nextOccurrence(rec, from) : undefined;
  const row = await tx.reminder.update({
    where: { id: r.id },
    data: { nextAt: next ?? null, status: next ? "active" : "done" },
  });
  return next ? occurrenceDelivery(row, next) : undefined;
}

/**
 * After the workspace's zone changed: repeating wall-clock reminders (rrule, cron) are read in
 * the new zone, so "every Thursday 3:30 PM" stays 3:30 PM there; their queued occurrence is
 * replaced by the next one from now. Interval and one-off reminders are instants and stay put.
 * Returns how many reminders moved.
 */
export async function rezoneReminders(tx: Tx, workspaceId: string, zone: string, now: Date): Promise<number> {
  const rows = await tx.reminder.findMany({
    where: { workspaceId, status: "active", kind: { in: ["rrule", "cron"] }, timeZone: { not: zone } },
  });
  for (const r of rows) {
    const rec = recurrenceOf({ ...r, timeZone: zone });
    const next = rec && !r.paused ? nextOccurrence(rec, now) : r.nextAt;
    await cancelPending(tx, "reminder", r.id);
    const row = await tx.reminder.update({ where: { id: r.id }, data: { timeZone: zone, nextAt: next ?? null } });
    if (next && !r.paused) await queueOccurrence(tx, occurrenceDelivery(row, next));
  }
  return rows.length;
}
