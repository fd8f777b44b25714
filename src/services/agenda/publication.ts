// Loading an agenda and publishing it. A meeting's agenda is posted once before the meeting:
// by the scheduler at the team's publish time (an outbox row whose content is kept current as
// items change), or earlier by /agenda publish, which cancels that row. Either way the
// meeting is then `published` (markPublished), so role changes no longer touch it.
import { sql, type Db, type Tx } from "../../db/client.js";
import { executeRows, queryRows } from "../../db/direct.js";
import type { Sql } from "@prisma/client/runtime/client";
import { enqueue } from "../outbox.js";
import { displayNames } from "../workspaces.js";
import { publishTimeOf } from "./cadence.js";
import { agendaMessageKey, PUBLISH_SOURCE, publishKey } from "./keys.js";
import { findMessageRef, type MessageLocation } from "../message-refs.js";
import type { Reply } from "../../core/reply.js";
import {
  actionRow,
  itemRow,
  rolesOf,
  type ActionRow,
  type ActionStatus,
  type ItemRow,
  type ItemStatus,
  type MeetingRow,
  type MeetingStatus,
} from "./rows.js";
import type { TeamWithMembers } from "./teams.js";
import { publishedPost, type AgendaView } from "./view.js";

const shown: ItemStatus[] = ["open", "done"];

export async function loadAgenda(db: Tx, team: TeamWithMembers, meeting: MeetingRow): Promise<AgendaView> {
  const items = await db.agendaItem.findMany({
    where: { meetingId: meeting.id, status: { in: shown } },
    orderBy: [{ position: "asc" }, { createdAt: "asc" }],
  });
  return { team, meeting, items: items.map(itemRow), followUps: await openFollowUps(db, team, meeting) };
}

/** The agenda from the meeting's items already read (any status, e.g. with one just added), and its follow-ups when read with them. */
export async function agendaFrom(
  db: Tx,
  team: TeamWithMembers,
  meeting: MeetingRow,
  items: ItemRow[],
  followUps?: ActionRow[],
): Promise<AgendaView> {
  const listed = items
    .filter((i) => shown.includes(i.status))
    .sort((a, b) => a.position - b.position || a.createdAt.getTime() - b.createdAt.getTime());
  return { team, meeting, items: listed, followUps: followUps ?? (await openFollowUps(db, team, meeting)) };
}

type StoredAction = Parameters<typeof actionRow>[0];

/**
 * Which follow-ups a meeting's agenda carries: the open action items of the team's meetings
 * before number `seq` (ActionItem has no relation to its meeting for Prisma to filter on).
 * `x` is the ActionItem; `seq` may be a subquery.
 */
export const openFollowUpsBefore = (teamId: string, seq: Sql): Sql =>
  sql`x."teamId" = ${teamId} AND x."status" = ${"open" satisfies ActionStatus} AND x."meetingId" IN
    (SELECT e."id" FROM "Meeting" e WHERE e."teamId" = ${teamId} AND e."seq" < ${seq})`;

/** The open follow-ups of the team's earlier meetings, oldest first, in one hand-written statement. */
async function openFollowUps(db: Tx, team: TeamWithMembers, meeting: MeetingRow): Promise<ActionRow[]> {
  const rows = await queryRows<StoredAction[]>(
    db,
    sql`SELECT x.* FROM "ActionItem" x
    WHERE ${openFollowUpsBefore(team.id, sql`${meeting.seq}`)} ORDER BY x."createdAt" ASC`,
  );
  return rows.map(actionRow);
}

/** Queues the automatic publication of a new meeting's agenda, unless its publish time has passed. */
export async function schedulePublication(db: Tx, team: TeamWithMembers, m: MeetingRow, now: Date): Promise<void> {
  const dueAt = publishTimeOf(team, m);
  if (dueAt <= now) return;
  await enqueue(db, {
    workspaceId: team.workspaceId,
    dedupeKey: publishKey(m.id),
    dueAt,
    target: { kind: "channel", id: team.channelId },
    reply: publishedPost(await loadAgenda(db, team, m)),
    createdBy: team.createdBy,
    sourceKind: PUBLISH_SOURCE,
    sourceId: m.id,
  });
}

/** Keeps the queued automatic publication showing the agenda as it is now. */
export async function refreshScheduledPublish(db: Tx, v: AgendaView): Promise<void> {
  // One hand-written statement: Prisma's updateMany here costs BEGIN, UPDATE and COMMIT.
  await executeRows(
    db,
    sql`UPDATE "Delivery" SET "payload" = ${JSON.stringify(publishedPost(v))}
    WHERE "dedupeKey" = ${publishKey(v.meeting.id)} AND "status" = 'pending'`,
  );
}

/** The one step that records a meeting's agenda as posted (a closed meeting stays closed). */
export async function markPublished(db: Tx, meetingId: string, at: Date): Promise<void> {
  await db.meeting.updateMany({
    where: { id: meetingId, status: { not: "closed" satisfies MeetingStatus } },
    data: { status: "published" satisfies MeetingStatus, publishedAt: at },
  });
}

export type Publication =
  /** Not posted yet: the caller posts `post` to the team channel. */
  | { state: "new"; view: AgendaView; post: Omit<Reply, "to"> }
  /** Posted already, as it is now: nothing to post. */
  | { state: "unchanged"; view: AgendaView; at: MessageLocation; postedAt: Date | null }
  /** Posted already, and changed since: the caller edits the posted message (`to.update(ref)`) with `post`. */
  | {
      state: "changed";
      view: AgendaView;
      post: Omit<Reply, "to">;
      ref: string;
      at: MessageLocation;
      postedAt: Date | null;
    };

/**
 * /agenda publish: the agenda to post now, the meeting marked published and its automatic
 * publication cancelled, in one transaction; the caller posts the returned view. Run again, it
 * posts nothing: the agenda already posted (a tracked message) is left as it is when nothing
 * changed, or edited in place. The publication's outbox row keeps what was posted, to compare.
 */
export async function publishAgenda(db: Db, team: TeamWithMembers, m: MeetingRow, now: Date): Promise<Publication> {
  return db.$transaction(async (tx) => {
    const view = await loadAgenda(tx, team, m);
    const post = publishedPost(view);
    const payload = JSON.stringify(post);
    const key = publishKey(m.id);
    const row = await tx.delivery.findUnique({ where: { dedupeKey: key }, select: { status: true, payload: true } });
    // Posted when its message is known: a post the channel refused is posted again.
    const at = await findMessageRef(tx, team.workspaceId, agendaMessageKey(m.id));
    if (at && row && row.status !== "pending") {
      if (row.payload === payload) return { state: "unchanged", view, at, postedAt: m.publishedAt };
      await tx.delivery.update({ where: { dedupeKey: key }, data: { payload } });
      return { state: "changed", view, post, ref: agendaMessageKey(m.id), at, postedAt: m.publishedAt };
    }
    await markPublished(tx, m.id, now);
    // The scheduled publication is cancelled, keeping what is posted now in its place.
    await tx.delivery.upsert({
      where: { dedupeKey: key },
      create: {
        workspaceId: team.workspaceId,
        dedupeKey: key,
        dueAt: now,
        targetKind: "channel",
        targetId: team.channelId,
        payload,
        status: "cancelled",
        createdBy: team.createdBy,
        sourceKind: PUBLISH_SOURCE,
        sourceId: m.id,
      },
      update: { payload, ...(row?.status === "pending" ? { status: "cancelled" } : {}) },
    });
    return { state: "new", view, post };
  });
}

/** The scheduler's follow-up of the automatic publication: once it is sent, the meeting is published. */
export async function scheduledPublicationSettled(
  tx: Tx,
  meetingId: string,
  outcome: "sent" | "skipped" | "failed",
  at: Date,
): Promise<void> {
  if (outcome === "sent") await markPublished(tx, meetingId, at);
}

/**
 * Everything /agenda export writes down for a meeting: its agenda, its action items and the
 * display names of everyone named. For a closed meeting (`closed`), the items are those it
 * had when it closed: discussed ones and the ones carried from it to the next meeting.
 */
export async function meetingRecord(
  db: Tx,
  team: TeamWithMembers,
  m: MeetingRow,
  opts: { closed: boolean },
): Promise<{ view: AgendaView; actions: ActionRow[]; names: Map<string, string> }> {
  const view = await loadAgenda(db, team, m);
  if (opts.closed)
    view.items = (
      await db.agendaItem.findMany({
        where: {
          OR: [{ meetingId: m.id }, { carriedFromId: m.id }],
          status: { not: "withdrawn" satisfies ItemStatus },
        },
        orderBy: { position: "asc" },
      })
    ).map(itemRow);
  const actions = (await db.actionItem.findMany({ where: { meetingId: m.id } })).map(actionRow);
  const r = rolesOf(m);
  const ids = [
    ...view.items.map((i) => i.submitterId),
    ...actions.map((a) => a.ownerId),
    ...view.followUps.map((a) => a.ownerId),
    r.facilitator,
    r.recorder,
    r.timekeeper,
  ].filter((x): x is string => Boolean(x));
  return { view, actions, names: await displayNames(db, team.workspaceId, ids) };
}
