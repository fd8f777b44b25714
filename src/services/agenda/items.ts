// Agenda items and action items. Anonymous items keep no submitter id, only a keyed hash that
// lets the submitter withdraw their own item; nobody, the facilitator included, can read who.
import type { Db, Tx } from "../../db/client.js";
import { UserError } from "../../core/errors.js";
import type { Keyring } from "../../core/keyring.js";
import { normalizeShortId, withShortId } from "../../core/short-id.js";
import { hasRole, type Role } from "../../core/roles.js";
import { deadlineOf } from "./cadence.js";
import { AGENDA_SOURCE, submitterHashInput } from "./keys.js";
import { meetingAfter, nextMeeting } from "./meetings.js";
import { loadAgenda, refreshScheduledPublish } from "./publication.js";
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
import { isTeamMember, type TeamWithMembers } from "./teams.js";

export interface ItemInput {
  text: string;
  minutes: number;
  type: string;
  link?: string;
  anonymous: boolean;
}

const ADD_EXAMPLE = '/agenda add "Grade 3 fluency data" minutes:15 type:student-work';

export const anonymousHash = (keys: Keyring, teamId: string, userId: string): string =>
  keys.hmac(submitterHashInput(teamId, userId));

/** Facilitator role (or above) in the workspace, or this meeting's facilitator. */
export const canFacilitate = (roles: Role[], userId: string, m?: MeetingRow): boolean =>
  hasRole(roles, "facilitator") || m?.facilitatorId === userId;

export async function addItem(
  db: Tx,
  keys: Keyring,
  team: TeamWithMembers,
  user: { userId: string; roles: Role[] },
  input: ItemInput,
  now: Date,
): Promise<{ item: ItemRow; meeting: MeetingRow; late: boolean; original: MeetingRow }> {
  if (!isTeamMember(team, user.userId))
    throw new UserError(
      `Only members of ${team.name} can add to its agenda. A facilitator can add you with /agenda setup.`,
      ADD_EXAMPLE,
    );
  const original = await nextMeeting(db, team, now);
  const late = now > deadlineOf(team, original);
  const meeting = late ? await meetingAfter(db, team, original, now) : original;
  const position = (await db.agendaItem.count({ where: { meetingId: meeting.id } })) + 1;
  const item = await withShortId(async (shortId) =>
    itemRow(
      await db.agendaItem.create({
        data: {
          shortId,
          workspaceId: team.workspaceId,
          meetingId: meeting.id,
          text: input.text,
          minutes: input.minutes,
          type: input.type,
          link: input.link,
          submitterId: input.anonymous ? null : user.userId,
          submitterHash: input.anonymous ? anonymousHash(keys, team.id, user.userId) : null,
          teacherRaised: input.anonymous || !hasRole(user.roles, "facilitator"),
          position,
        },
      }),
    ),
  );
  await refreshScheduledPublish(db, await loadAgenda(db, team, meeting));
  return { item, meeting, late, original };
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
  keys: Keyring,
  team: TeamWithMembers,
  item: ItemRow & { meeting: MeetingRow },
  user: { userId: string; roles: Role[] },
): Promise<void> {
  const own =
    item.submitterId === user.userId ||
    (item.submitterHash !== null && item.submitterHash === anonymousHash(keys, team.id, user.userId));
  if (!own && !canFacilitate(user.roles, user.userId, item.meeting))
    throw new UserError(
      "Only the person who added an item, or a facilitator, can remove it.",
      `/agenda remove item:${item.shortId}`,
      "item",
    );
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
