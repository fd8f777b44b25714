// Mentee confirmation (workspace setting mentee-confirmation): when a mentor saves time with a
// paired mentee who is a member, the mentee gets one DM with the entry's date, minutes and
// topics (never notes, never the mentor's typed text) and two buttons. An edit of what the
// mentee was shown supersedes the request and asks again; old buttons then say so. Hours count
// as confirmed while the entry's current request is confirmed.
import { DateTime } from "luxon";
import { z } from "zod";
import type { Db, Tx } from "../../db/client.js";
import { actionKey } from "../../core/command.js";
import { formatDuration } from "../../core/duration.js";
import { fmt } from "../../core/rich.js";
import type { Reply } from "../../core/reply.js";
import { dateToDay } from "../school-year.js";
import { cancelPending, enqueue } from "../outbox.js";

export type ConfirmationStatus = "asked" | "confirmed" | "disputed" | "superseded";

const confirmationId = z.string().regex(/^[a-z0-9]{20,40}$/);
/** The DM's buttons, answered by /mentor's confirm and dispute actions. */
export const CONFIRM_BUTTON = {
  yes: actionKey("mentor", "confirm", confirmationId),
  no: actionKey("mentor", "dispute", confirmationId),
};

/** What the mentee is shown of an entry: nothing else about it leaves the mentor. */
export interface Shown {
  day: string;
  minutes: number;
  topics: string[];
}

/** "Tue 1 Dec" */
export const shortDay = (day: string): string => DateTime.fromISO(day, { zone: "utc" }).toFormat("ccc d LLL");

const what = (mentorId: string, e: Shown) =>
  `${fmt.user(mentorId)} logged **${formatDuration(e.minutes)}** with you on **${shortDay(e.day)}** — topics: ${e.topics.join(", ")}.`;

/** The request as first sent: what was logged, and the two buttons. */
export function requestMessage(id: string, mentorId: string, e: Shown): Omit<Reply, "to"> {
  return {
    header: "Your mentor logged time with you",
    text: what(mentorId, e),
    context:
      "Only the date, the time and the topics are shared with you; your mentor's notes stay theirs. " +
      "Confirming helps the program count your mentoring hours.",
    buttons: [CONFIRM_BUTTON.yes.button("Confirm", id, "primary"), CONFIRM_BUTTON.no.button("That's not right", id)],
  };
}

/**
 * Asks the member mentee to confirm an entry, inside the caller's transaction: the request row
 * and its DM in the outbox are written together with the entry, or neither is. Any earlier
 * request for the entry is superseded first.
 */
export async function askMentee(
  tx: Tx,
  q: { workspaceId: string; entryId: string; mentorId: string; menteeUserId: string; shown: Shown; now: Date },
): Promise<void> {
  await supersede(tx, q.entryId);
  const c = await tx.mentorConfirmation.create({
    data: { workspaceId: q.workspaceId, entryId: q.entryId, mentorId: q.mentorId, menteeUserId: q.menteeUserId },
  });
  await enqueue(tx, {
    workspaceId: q.workspaceId,
    dedupeKey: `mentor:confirm:${c.id}`,
    dueAt: q.now,
    target: { kind: "dm", id: q.menteeUserId },
    reply: requestMessage(c.id, q.mentorId, q.shown),
    createdBy: q.mentorId,
    sourceKind: "mentor-confirm",
    sourceId: c.id,
  });
}

/**
 * Marks the entry's open, confirmed or disputed request as replaced (a DM not yet delivered is
 * not sent; one delivered answers "this entry changed"); true when there was one.
 */
export async function supersede(tx: Tx, entryId: string): Promise<boolean> {
  const open = await tx.mentorConfirmation.findMany({
    where: { entryId, status: { not: "superseded" } },
    select: { id: true },
  });
  if (!open.length) return false;
  await tx.mentorConfirmation.updateMany({
    where: { id: { in: open.map((c) => c.id) } },
    data: { status: "superseded" },
  });
  for (const c of open) await cancelPending(tx, "mentor-confirm", c.id);
  return true;
}

/** The entry's current request, if it has one. */
export async function currentRequest(tx: Tx, entryId: string) {
  return tx.mentorConfirmation.findFirst({ where: { entryId, status: { not: "superseded" } } });
}

export type Answer =
  /** This press decided it. */
  | { kind: "answered"; status: "confirmed" | "disputed"; mentorId: string; entry: Shown & { shortId: string } }
  /** Decided before: the current state, nothing changed. */
  | { kind: "already"; status: "confirmed" | "disputed"; answeredAt: Date; mentorId: string; entry: Shown }
  /** The mentor changed the entry since: a newer request was sent. */
  | { kind: "changed" }
  /** The entry was deleted, or the request is not this person's. */
  | { kind: "gone" };

/**
 * The mentee's answer to a request. Only the first answer counts (a conditional update on
 * status "asked"); every later press, of either button, is answered with the state it found.
 */
export async function answerRequest(
  db: Db,
  q: { workspaceId: string; id: string; menteeUserId: string; answer: "confirmed" | "disputed"; now: Date },
): Promise<Answer> {
  return db.$transaction(async (tx) => {
    const c = await tx.mentorConfirmation.findFirst({
      where: { id: q.id, workspaceId: q.workspaceId, menteeUserId: q.menteeUserId },
    });
    if (!c) return { kind: "gone" };
    if (c.status === "superseded") return { kind: "changed" };
    const e = await tx.mentorEntry.findFirst({
      where: { id: c.entryId },
      select: { shortId: true, occurredOn: true, minutes: true, topics: { select: { topic: true } } },
    });
    if (!e) return { kind: "gone" };
    const entry = {
      shortId: e.shortId,
      day: dateToDay(e.occurredOn),
      minutes: e.minutes,
      topics: e.topics.map((t) => t.topic),
    };
    const n = await tx.mentorConfirmation.updateMany({
      where: { id: c.id, status: "asked" },
      data: { status: q.answer, answeredAt: q.now },
    });
    if (n.count) return { kind: "answered", status: q.answer, mentorId: c.mentorId, entry };
    const now = await tx.mentorConfirmation.findUniqueOrThrow({ where: { id: c.id } });
    if (now.status === "superseded") return { kind: "changed" };
    return {
      kind: "already",
      status: now.status as "confirmed" | "disputed",
      answeredAt: now.answeredAt ?? q.now,
      mentorId: c.mentorId,
      entry,
    };
  });
}

/** The status of each entry's current request (entries never asked are absent). */
export async function requestStatuses(tx: Tx, entryIds: string[]): Promise<Map<string, ConfirmationStatus>> {
  if (!entryIds.length) return new Map();
  const rows = await tx.mentorConfirmation.findMany({
    where: { entryId: { in: entryIds }, status: { not: "superseded" } },
    select: { entryId: true, status: true },
  });
  return new Map(rows.map((r) => [r.entryId, r.status as ConfirmationStatus]));
}

/** Minutes of a mentor's entries in a period whose mentee confirmed them. */
export async function confirmedMinutes(
  tx: Tx,
  q: { workspaceId: string; mentorId: string; from?: Date; to?: Date },
): Promise<number> {
  const rows = await tx.mentorConfirmation.findMany({
    where: { workspaceId: q.workspaceId, mentorId: q.mentorId, status: "confirmed" },
    select: { entryId: true },
  });
  if (!rows.length) return 0;
  const r = await tx.mentorEntry.aggregate({
    where: {
      id: { in: rows.map((x) => x.entryId) },
      occurredOn: { ...(q.from ? { gte: q.from } : {}), ...(q.to ? { lt: q.to } : {}) },
    },
    _sum: { minutes: true },
  });
  return r._sum.minutes ?? 0;
}

/** Confirmed minutes per mentor in a period, for the coordinator's report (one query each way). */
export async function confirmedMinutesByMentor(
  tx: Tx,
  q: { workspaceId: string; from: Date; to: Date },
): Promise<Map<string, number>> {
  const rows = await tx.mentorConfirmation.findMany({
    where: { workspaceId: q.workspaceId, status: "confirmed" },
    select: { entryId: true },
  });
  const out = new Map<string, number>();
  for (let i = 0; i < rows.length; i += 500) {
    const sums = await tx.mentorEntry.groupBy({
      by: ["mentorId"],
      where: { id: { in: rows.slice(i, i + 500).map((x) => x.entryId) }, occurredOn: { gte: q.from, lt: q.to } },
      _sum: { minutes: true },
    });
    for (const s of sums) out.set(s.mentorId, (out.get(s.mentorId) ?? 0) + (s._sum.minutes ?? 0));
  }
  return out;
}
