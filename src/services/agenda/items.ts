// Agenda items and action items. An anonymous item keeps nothing derived from its submitter:
// no id, no keyed hash, no exact time, a random row id. Its submitter alone is given a random
// withdrawal token (stored only as its SHA-256), so nobody, the facilitator or whoever holds the
// database and the key included, can tell who wrote it, and withdrawal survives key rotation.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { sql, sqlTimestamp, type Db, type Tx } from "../../db/client.js";
import { queryRows } from "../../db/direct.js";
import { UserError } from "../../core/errors.js";
import { normalizeShortId, ShortIdTaken, withShortId } from "../../core/short-id.js";
import { hasRole, type Role } from "../../core/roles.js";
import { wordsKey } from "../../core/words-key.js";
import { deadlineOf } from "./cadence.js";
import { AGENDA_SOURCE } from "./keys.js";
import { meetingAfter, meetingWithItemsAt, nextMeeting, openMeetingWithItems } from "./meetings.js";
import { agendaFrom, loadAgenda, refreshScheduledPublish } from "./publication.js";
import {
  actionRow,
  itemRow,
  meetingRow,
  type ActionRow,
  type ActionStatus,
  type ItemRow,
  type ItemStatus,
  type MeetingRow,
} from "./rows.js";
import { isTeamMember, loadTeam, type TeamWithMembers } from "./teams.js";
import type { AgendaView } from "./view.js";

type StoredItem = Parameters<typeof itemRow>[0];

export interface ItemInput {
  text: string;
  minutes: number;
  type: string;
  link?: string;
  anonymous: boolean;
}

const ADD_EXAMPLE = '/agenda add "Grade 3 fluency data" minutes:15 type:student-work';

/** A withdrawal token: 128 random bits, base64url (22 characters). */
export const WITHDRAW_TOKEN = /^[A-Za-z0-9_-]{22}$/;
const tokenHash = (token: string): string => createHash("sha256").update(token).digest("base64url");

/** The start of the UTC day: an anonymous item's only time. */
const dayOf = (at: Date): Date => new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));

/**
 * Runs this team: admins and coordinators; the team's creator; a member of the team who holds
 * the facilitator role (or above); this meeting's facilitator in the rotation. A facilitator of
 * another team is none of these.
 */
export function canFacilitate(
  team: Pick<TeamWithMembers, "createdBy" | "members">,
  user: { userId: string; roles: Role[] },
  m?: Pick<MeetingRow, "facilitatorId">,
): boolean {
  return (
    hasRole(user.roles, "coordinator") ||
    team.createdBy === user.userId ||
    (isTeamMember(team, user.userId) && hasRole(user.roles, "facilitator")) ||
    (m?.facilitatorId != null && m.facilitatorId === user.userId)
  );
}

/** Reads the team's agendas: its members, and whoever can run it. */
export const canRead = (
  team: Pick<TeamWithMembers, "createdBy" | "members">,
  user: { userId: string; roles: Role[] },
) => isTeamMember(team, user.userId) || canFacilitate(team, user);

/** Adds an item; an anonymous one comes back with the withdrawal token, which is stored nowhere. */
export async function addItem(
  db: Tx,
  team: TeamWithMembers,
  user: { userId: string; roles: Role[] },
  input: ItemInput,
  now: Date,
): Promise<{
  item: ItemRow;
  meeting: MeetingRow;
  late: boolean;
  original: MeetingRow;
  token?: string;
  /** The agenda with the item on it. */
  view: AgendaView;
  /** The item was already there, open, from the same person in the same words: nothing was added. */
  already?: boolean;
}> {
  if (!isTeamMember(team, user.userId))
    throw new UserError(
      `Only members of ${team.name} can add to its agenda. A facilitator can add you with /agenda setup.`,
      ADD_EXAMPLE,
    );
  checkMinutes(team, input.minutes, ADD_EXAMPLE);
  const open = await openMeetingWithItems(db, team);
  const original = open?.meeting ?? (await nextMeeting(db, team, now));
  const late = now > deadlineOf(team, original);
  // The meeting it goes on, with what is on it already (read before adding: they give the new
  // item's place and, with it, the agenda to publish), in one statement when the meeting exists.
  const target = late ? await meetingWithItemsAt(db, team, original.seq + 1) : open;
  const meeting = target?.meeting ?? (late ? await meetingAfter(db, team, original, now) : original);
  const before = target?.items ?? (await db.agendaItem.findMany({ where: { meetingId: meeting.id } })).map(itemRow);
  // The same person adding the same words again (a retry, a double click) gets the item they
  // added, on this meeting or, when it is late, the one before: read above, so no round trip.
  if (!input.anonymous) {
    const typed = wordsKey(input.text);
    const same = (i: ItemRow) => i.status === "open" && i.submitterId === user.userId && wordsKey(i.text) === typed;
    const onOpen = late ? open?.items.find(same) : undefined;
    const found = onOpen ?? before.find(same);
    if (found) {
      const on = onOpen ? open!.meeting : meeting;
      const items = onOpen ? open!.items : before;
      const view = await agendaFrom(db, team, on, items, onOpen ? open!.followUps : target?.followUps);
      return { item: found, meeting: on, late: false, original, view, already: true };
    }
  }
  const position = before.length + 1;
  const token = input.anonymous ? randomBytes(16).toString("base64url") : undefined;
  // Hand-written (Prisma's building of the insert cost more than running it). A cuid would
  // carry an anonymous item's creation time to the millisecond: its id is random, its time a day.
  const createdAt = token ? dayOf(now) : new Date();
  const teacherRaised = input.anonymous || !hasRole(user.roles, "facilitator");
  const item = await withShortId(async (shortId) => {
    const [row] = await queryRows<StoredItem[]>(
      db,
      sql`INSERT INTO "AgendaItem" ("id", "shortId", "workspaceId",
        "meetingId", "text", "minutes", "type", "link", "submitterId", "withdrawHash", "teacherRaised", "position",
        "status", "createdAt")
      VALUES (${randomUUID()}, ${shortId}, ${team.workspaceId}, ${meeting.id}, ${input.text}, ${input.minutes},
        ${input.type}, ${input.link ?? null}, ${input.anonymous ? null : user.userId}, ${token ? tokenHash(token) : null},
        ${teacherRaised}, ${position}, 'open', ${sqlTimestamp(db, createdAt)})
      ON CONFLICT DO NOTHING RETURNING *`,
    );
    if (!row) throw new ShortIdTaken();
    return itemRow(row);
  });
  const view = await agendaFrom(db, team, meeting, [...before, item], target?.followUps);
  await refreshScheduledPublish(db, view);
  return { item, meeting, late, original, token, view };
}

export async function findItem(
  db: Tx,
  team: TeamWithMembers,
  id: string,
  example: string,
): Promise<ItemRow & { meeting: MeetingRow }> {
  const item = await db.agendaItem.findFirst({
    where: { workspaceId: team.workspaceId, shortId: normalizeShortId(id), meeting: { teamId: team.id } },
    include: { meeting: true },
  });
  if (!item)
    throw new UserError(
      `${team.name} has no agenda item ${id.toUpperCase()}. Item ids are shown in /agenda list.`,
      example,
      "item",
    );
  return { ...itemRow(item), meeting: meetingRow(item.meeting) };
}

export async function moveItem(
  db: Db,
  team: TeamWithMembers,
  item: ItemRow & { meeting: MeetingRow },
  to: number,
): Promise<void> {
  const items = await db.agendaItem.findMany({
    where: { meetingId: item.meetingId, status: { in: ["open", "done"] satisfies ItemStatus[] } },
    orderBy: [{ position: "asc" }, { createdAt: "asc" }],
  });
  const rest = items.filter((i) => i.id !== item.id);
  rest.splice(Math.max(0, Math.min(rest.length, to - 1)), 0, item);
  await db.$transaction(rest.map((i, n) => db.agendaItem.update({ where: { id: i.id }, data: { position: n + 1 } })));
  await refreshScheduledPublish(db, await loadAgenda(db, team, item.meeting));
}

export async function withdrawItem(
  db: Tx,
  team: TeamWithMembers,
  item: ItemRow & { meeting: MeetingRow },
  user: { userId: string; roles: Role[] },
  token?: string,
): Promise<void> {
  const example = `/agenda remove item:${item.shortId}`;
  if (token !== undefined) {
    if (!item.withdrawHash || tokenHash(token) !== item.withdrawHash)
      throw new UserError(
        "That withdrawal token is not this item's. Use the Withdraw button (or the token) cadre sent you when you added it.",
        example,
        "token",
      );
  } else if (item.submitterId !== user.userId && !canFacilitate(team, user, item.meeting))
    throw new UserError(
      `Only the person who added an item, or a facilitator of ${team.name}, can remove ` +
        `it.${item.withdrawHash ? " If you added it anonymously, use the Withdraw button cadre sent you then, or its token:" : ""}`,
      item.withdrawHash ? `${example} token:<the token cadre sent you>` : example,
      "item",
    );
  await setWithdrawn(db, team, item);
}

/** Withdraws the anonymous item whose token this is; undefined when no open item has it. */
export async function withdrawByToken(
  db: Tx,
  token: string,
): Promise<{ item: ItemRow; team: TeamWithMembers } | undefined> {
  const found = await db.agendaItem.findUnique({
    where: { withdrawHash: tokenHash(token) },
    include: { meeting: true },
  });
  if (!found || found.status === "withdrawn") return undefined;
  const item = { ...itemRow(found), meeting: meetingRow(found.meeting) };
  const team = await loadTeam(db, found.meeting.teamId);
  await setWithdrawn(db, team, item);
  return { item, team };
}

async function setWithdrawn(db: Tx, team: TeamWithMembers, item: ItemRow & { meeting: MeetingRow }): Promise<void> {
  await db.agendaItem.update({ where: { id: item.id }, data: { status: "withdrawn" satisfies ItemStatus } });
  await refreshScheduledPublish(db, await loadAgenda(db, team, item.meeting));
}

/** Whether `id` is one of the workspace's agenda items (item and follow-up ids share a format). */
export async function isItemId(db: Tx, workspaceId: string, id: string): Promise<boolean> {
  return (await db.agendaItem.count({ where: { workspaceId, shortId: normalizeShortId(id) } })) > 0;
}

/** An open or done follow-up of the team, by its id (action ids share the item-id format). */
export async function findAction(db: Tx, team: TeamWithMembers, id: string): Promise<ActionRow | null> {
  const a = await db.actionItem.findFirst({
    where: { workspaceId: team.workspaceId, teamId: team.id, shortId: normalizeShortId(id) },
  });
  return a ? actionRow(a) : null;
}

/** Completes a follow-up: it leaves the next agendas and its due-date reminder is cancelled. */
export async function completeAction(db: Db, a: ActionRow): Promise<void> {
  await db.$transaction([
    db.actionItem.update({ where: { id: a.id }, data: { status: "done" satisfies ActionStatus } }),
    db.delivery.updateMany({
      where: { sourceKind: AGENDA_SOURCE, sourceId: a.id, status: "pending" },
      data: { status: "cancelled" },
    }),
  ]);
}

export async function markDone(db: Tx, item: ItemRow, decision: string | undefined): Promise<ItemRow> {
  return itemRow(
    await db.agendaItem.update({
      where: { id: item.id },
      data: { status: "done" satisfies ItemStatus, decision: decision ?? item.decision },
    }),
  );
}

export async function addAction(
  db: Tx,
  team: TeamWithMembers,
  meeting: MeetingRow,
  a: { ownerId: string; task: string; dueOn?: Date },
): Promise<ActionRow> {
  return withShortId(async (shortId) =>
    actionRow(
      await db.actionItem.create({
        data: {
          shortId,
          workspaceId: team.workspaceId,
          teamId: team.id,
          meetingId: meeting.id,
          ownerId: a.ownerId,
          task: a.task,
          dueOn: a.dueOn,
        },
      }),
    ),
  );
}

/** No item is longer than the meeting. */
function checkMinutes(team: TeamWithMembers, minutes: number, example: string): void {
  if (minutes > team.minutes)
    throw new UserError(
      `${minutes} min is longer than the ${team.minutes}-minute meeting; give an item at most ${team.minutes} min, or split it.`,
      example,
      "minutes",
    );
}

/**
 * Changes an open item's minutes or text: its submitter or a facilitator of the team. Returns
 * the item as it was and as it is (equal when nothing changed).
 */
export async function editItem(
  db: Tx,
  team: TeamWithMembers,
  item: ItemRow & { meeting: MeetingRow },
  user: { userId: string; roles: Role[] },
  change: { minutes?: number; text?: string },
): Promise<{ before: ItemRow; after: ItemRow }> {
  const example = `/agenda edit item:${item.shortId} minutes:10 text:"Grade 3 fluency data"`;
  if (change.minutes === undefined && change.text === undefined)
    throw new UserError("Say what to change: minutes:, text: or both.", example, "minutes");
  if (item.submitterId !== user.userId && !canFacilitate(team, user, item.meeting))
    throw new UserError(
      `Only the person who added an item, or a facilitator of ${team.name}, can edit it.`,
      example,
      "item",
    );
  if (item.status !== "open" || item.meeting.status === "closed")
    throw new UserError(
      `${item.shortId} is ${item.status === "open" ? "on a closed meeting" : item.status === "done" ? "already discussed" : "withdrawn"}` +
        ", so it can no longer be edited.",
      "/agenda list",
      "item",
    );
  if (change.minutes !== undefined) checkMinutes(team, change.minutes, example);
  const data = {
    ...(change.minutes !== undefined && change.minutes !== item.minutes ? { minutes: change.minutes } : {}),
    ...(change.text !== undefined && change.text !== item.text ? { text: change.text } : {}),
  };
  if (!Object.keys(data).length) return { before: item, after: item };
  const after = itemRow(await db.agendaItem.update({ where: { id: item.id }, data }));
  await refreshScheduledPublish(db, await loadAgenda(db, team, item.meeting));
  return { before: item, after };
}
