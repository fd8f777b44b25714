// Meetings follow the team's cadence (cadence.ts). The next meeting always exists; each gets
// its three roles when it is created, and its publication and item-deadline reminder are
// queued in the outbox. Roles change when someone marks away (until the agenda is published)
// or a facilitator swaps one.
import { clientProvider, sql, type Tx } from "../../db/client.js";
import { queryRows } from "../../db/direct.js";
import type { Sql } from "@prisma/client/runtime/client";
import { jsonRowsOf, readJsonRows } from "../../db/json-rows.js";
import { enqueue } from "../outbox.js";
import { deadlineOf, firstSlot, localDate, plusWeeks, publishTimeOf } from "./cadence.js";
import { AGENDA_SOURCE, deadlineKey, publishKey } from "./keys.js";
import { agendaFrom, loadAgenda, openFollowUpsBefore, schedulePublication } from "./publication.js";
import { publishedPost, type AgendaView } from "./view.js";
import {
  actionRow,
  itemRow,
  meetingRow,
  roleColumns,
  rolesOf,
  type ActionRow,
  type ItemRow,
  type ItemStatus,
  type MeetingRow,
  type MeetingStatus,
} from "./rows.js";
import { assign, emptyHistory, record, ROLE_NAMES, substitute, type Assignment, type MeetingRole } from "./rotation.js";
import { UserError } from "../../core/errors.js";
import { fmt, formatInZone } from "../../core/rich.js";
import { awayDates, loadTeam, MAX_TEAM_SIZE, type TeamWithMembers } from "./teams.js";

async function history(db: Tx, teamId: string, beforeSeq: number) {
  const h = emptyHistory();
  const past = await db.meeting.findMany({ where: { teamId, seq: { lt: beforeSeq } }, orderBy: { seq: "asc" } });
  for (const m of past) record(h, rolesOf(m));
  return h;
}

export function awayOn(team: TeamWithMembers, at: Date): Set<string> {
  const day = localDate(at, team.timeZone);
  return new Set(team.members.filter((m) => awayDates(m).includes(day)).map((m) => m.userId));
}

/** Roles for a meeting from the team's history; used on creation and when someone marks away. */
export async function assignRoles(db: Tx, team: TeamWithMembers, m: MeetingRow): Promise<MeetingRow> {
  const a = assign(
    team.members.map((x) => x.userId),
    awayOn(team, m.startsAt),
    await history(db, team.id, m.seq),
    m.seq,
  );
  return meetingRow(await db.meeting.update({ where: { id: m.id }, data: roleColumns(a) }));
}

async function createMeeting(
  db: Tx,
  team: TeamWithMembers,
  seq: number,
  startsAt: Date,
  now: Date,
): Promise<MeetingRow> {
  let m: MeetingRow;
  try {
    m = meetingRow(await db.meeting.create({ data: { teamId: team.id, seq, startsAt } }));
  } catch (e) {
    if ((e as { code?: string }).code !== "P2002") throw e;
    // created by a concurrent command
    return meetingRow(await db.meeting.findUniqueOrThrow({ where: { teamId_seq: { teamId: team.id, seq } } }));
  }
  m = await assignRoles(db, team, m);
  await schedulePublication(db, team, m, now);
  const remindAt = new Date(deadlineOf(team, m).getTime() - 24 * 3_600_000);
  if (remindAt > now)
    await enqueue(db, {
      workspaceId: team.workspaceId,
      dedupeKey: deadlineKey(m.id),
      dueAt: remindAt,
      target: { kind: "channel", id: team.channelId },
      reply: {
        text:
          `📝 **${team.name}**: agenda items for the next meeting are due in ` +
          `24 hours. Add one with \`/agenda add <your item> minutes:10\`.`,
      },
      createdBy: team.createdBy,
      sourceKind: AGENDA_SOURCE,
      sourceId: m.id,
    });
  return m;
}

type StoredItem = Parameters<typeof itemRow>[0];
type MeetingJoinRow = Parameters<typeof meetingRow>[0] & {
  [K in keyof StoredItem as `i_${K}`]: StoredItem[K] | null;
} & {
  followUps: unknown;
  laterMeeting: unknown;
  laterCount: number | bigint;
};
type StoredAction = Parameters<typeof actionRow>[0];

const ACTION_COLUMNS = [
  "id",
  "shortId",
  "workspaceId",
  "teamId",
  "meetingId",
  "ownerId",
  "task",
  "dueOn",
  "status",
  "createdAt",
] as const satisfies readonly (keyof StoredAction)[];

/**
 * The next meeting that is not closed with every item on it (any status) and the open
 * follow-ups of the team's earlier meetings, in one hand-written join (Prisma's include costs
 * a statement more, and the follow-ups another); undefined when there is none yet.
 */
export function openMeetingWithItems(db: Tx, team: Pick<TeamWithMembers, "id">): Promise<MeetingWithItems | undefined> {
  return meetingWithItems(db, team, sql`"status" <> ${"closed" satisfies MeetingStatus}`);
}

/** The same for the team's meeting number `seq` (an item added after a deadline goes to the next one). */
export function meetingWithItemsAt(
  db: Tx,
  team: Pick<TeamWithMembers, "id">,
  seq: number,
): Promise<MeetingWithItems | undefined> {
  return meetingWithItems(db, team, sql`"seq" = ${seq}`);
}

export interface MeetingWithItems {
  meeting: MeetingRow;
  items: ItemRow[];
  followUps: ActionRow[];
  /** The open items already on the meeting after (added after this one's deadline), and when it is. */
  later?: LaterItems;
}

export interface LaterItems {
  count: number;
  startsAt: Date;
}

/** The team's first meeting (by seq) meeting `which`, its items and the follow-ups before it. */
async function meetingWithItems(
  db: Tx,
  team: Pick<TeamWithMembers, "id">,
  which: Sql,
): Promise<MeetingWithItems | undefined> {
  // The meeting's number, as a subquery that does not depend on the row: the follow-ups and
  // the meeting after are then read once for the statement, not once per item.
  const seq = sql`(SELECT "seq" FROM "Meeting" WHERE "teamId" = ${team.id} AND ${which} ORDER BY "seq" ASC LIMIT 1)`;
  const followUps = jsonRowsOf(clientProvider(db), {
    table: "ActionItem",
    columns: ACTION_COLUMNS,
    where: openFollowUpsBefore(team.id, seq),
    orderBy: `x."createdAt" ASC`,
  });
  // The meeting after and how many open items are on it already: what /agenda list tells of late items.
  const laterMeeting = jsonRowsOf(clientProvider(db), {
    table: "Meeting",
    columns: ["startsAt"],
    where: sql`x."teamId" = ${team.id} AND x."seq" = ${seq} + 1`,
    orderBy: `x."seq" ASC`,
  });
  const laterCount = sql`(SELECT COUNT(*) FROM "AgendaItem" x JOIN "Meeting" e ON e."id" = x."meetingId"
    WHERE e."teamId" = ${team.id} AND e."seq" = ${seq} + 1 AND x."status" = ${"open" satisfies ItemStatus})`;
  const rows = await queryRows<MeetingJoinRow[]>(
    db,
    sql`SELECT m.*, ${followUps} AS "followUps", ${laterMeeting} AS "laterMeeting", ${laterCount} AS "laterCount", i."id" AS "i_id", i."shortId" AS "i_shortId",
      i."workspaceId" AS "i_workspaceId", i."meetingId" AS "i_meetingId", i."text" AS "i_text", i."minutes" AS "i_minutes",
      i."type" AS "i_type", i."link" AS "i_link", i."submitterId" AS "i_submitterId", i."withdrawHash" AS "i_withdrawHash",
      i."teacherRaised" AS "i_teacherRaised", i."position" AS "i_position", i."status" AS "i_status",
      i."decision" AS "i_decision", i."carriedFromId" AS "i_carriedFromId", i."createdAt" AS "i_createdAt"
    FROM "Meeting" m LEFT JOIN "AgendaItem" i ON i."meetingId" = m."id"
    WHERE m."teamId" = ${team.id} AND m."seq" = ${seq}`,
  );
  if (!rows.length) return undefined;
  const items: ItemRow[] = [];
  for (const r of rows)
    if (r.i_id !== null)
      items.push(
        itemRow({
          id: r.i_id,
          shortId: r.i_shortId!,
          workspaceId: r.i_workspaceId!,
          meetingId: r.i_meetingId!,
          text: r.i_text!,
          minutes: r.i_minutes!,
          type: r.i_type!,
          link: r.i_link,
          submitterId: r.i_submitterId,
          withdrawHash: r.i_withdrawHash,
          teacherRaised: r.i_teacherRaised!,
          position: r.i_position!,
          status: r.i_status!,
          decision: r.i_decision,
          carriedFromId: r.i_carriedFromId,
          createdAt: r.i_createdAt!,
        }),
      );
  const m = rows[0]!;
  const meeting = meetingRow({
    id: m.id,
    teamId: m.teamId,
    seq: m.seq,
    startsAt: m.startsAt,
    status: m.status,
    facilitatorId: m.facilitatorId,
    recorderId: m.recorderId,
    timekeeperId: m.timekeeperId,
    publishedAt: m.publishedAt,
    closedAt: m.closedAt,
  });
  const actions = readJsonRows<StoredAction>(m.followUps, ["dueOn", "createdAt"])
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
    .map(actionRow);
  const [next] = readJsonRows<{ startsAt: Date }>(m.laterMeeting, ["startsAt"]);
  const count = Number(m.laterCount);
  return { meeting, items, followUps: actions, later: next && count ? { count, startsAt: next.startsAt } : undefined };
}

/** The next meeting's agenda (the meeting created from the cadence when there is none). */
export async function nextAgenda(db: Tx, team: TeamWithMembers, now: Date): Promise<AgendaView> {
  const open = await openMeetingWithItems(db, team);
  return open
    ? { ...(await agendaFrom(db, team, open.meeting, open.items, open.followUps)), later: open.later }
    : loadAgenda(db, team, await nextMeeting(db, team, now));
}

/** The next meeting that is not closed, created from the cadence when there is none. */
export async function nextMeeting(db: Tx, team: TeamWithMembers, now: Date): Promise<MeetingRow> {
  const open = await db.meeting.findFirst({
    where: { teamId: team.id, status: { not: "closed" satisfies MeetingStatus } },
    orderBy: { seq: "asc" },
  });
  if (open) return meetingRow(open);
  const last = await db.meeting.findFirst({ where: { teamId: team.id }, orderBy: { seq: "desc" } });
  let at = last ? plusWeeks(last.startsAt, team.timeZone, team.intervalWeeks) : firstSlot(team, now);
  while (at <= now) at = plusWeeks(at, team.timeZone, team.intervalWeeks);
  return createMeeting(db, team, (last?.seq ?? 0) + 1, at, now);
}

/** The meeting after `m` (created when needed). */
export async function meetingAfter(db: Tx, team: TeamWithMembers, m: MeetingRow, now: Date): Promise<MeetingRow> {
  const found = await db.meeting.findUnique({ where: { teamId_seq: { teamId: team.id, seq: m.seq + 1 } } });
  return found
    ? meetingRow(found)
    : createMeeting(db, team, m.seq + 1, plusWeeks(m.startsAt, team.timeZone, team.intervalWeeks), now);
}

/** Projected roles for the next `count` meetings (the first ones may already be assigned). */
export async function projectRoles(
  db: Tx,
  team: TeamWithMembers,
  from: MeetingRow,
  count: number,
): Promise<{ startsAt: Date; roles: Assignment }[]> {
  const h = await history(db, team.id, from.seq);
  const out: { startsAt: Date; roles: Assignment }[] = [];
  let at = from.startsAt;
  for (let i = 0; i < count; i++) {
    const roles =
      i === 0
        ? rolesOf(from)
        : assign(
            team.members.map((x) => x.userId),
            awayOn(team, at),
            h,
            from.seq + i,
          );
    record(h, roles);
    out.push({ startsAt: at, roles });
    at = plusWeeks(at, team.timeZone, team.intervalWeeks);
  }
  return out;
}

/** The last meeting the team closed, if any (for /agenda export last:yes). */
export async function lastClosedMeeting(db: Tx, team: TeamWithMembers): Promise<MeetingRow | undefined> {
  const m = await db.meeting.findFirst({
    where: { teamId: team.id, status: "closed" satisfies MeetingStatus },
    orderBy: { seq: "desc" },
  });
  return m ? meetingRow(m) : undefined;
}

/** One role of one meeting that changed hands (`from` or `to` may be nobody). */
export interface RoleChange {
  meeting: MeetingRow;
  role: MeetingRole;
  from?: string;
  to?: string;
}

/** The start of the next `count` meetings from `from` (the next one) on the team's cadence. */
export function meetingDates(team: TeamWithMembers, from: MeetingRow, count: number): Date[] {
  const out: Date[] = [];
  for (let i = 0, at = from.startsAt; i < count; i++, at = plusWeeks(at, team.timeZone, team.intervalWeeks))
    out.push(at);
  return out;
}

async function setAway(db: Tx, team: TeamWithMembers, userId: string, days: string[]): Promise<TeamWithMembers> {
  await db.teamMember.update({
    where: { teamId_userId: { teamId: team.id, userId } },
    data: { away: JSON.stringify(days) },
  });
  return loadTeam(db, team.id);
}

/**
 * Marks a member away on a day (YYYY-MM-DD in the team's zone). In each meeting of the team
 * that day whose agenda is not yet posted, only the roles they held change hands: each goes to
 * whom the rotation picks among the members free that day. Marking the same day twice changes
 * nothing (`already`).
 */
export async function markAway(
  db: Tx,
  team: TeamWithMembers,
  userId: string,
  day: string,
): Promise<{ team: TeamWithMembers; already: boolean; changes: RoleChange[] }> {
  const member = team.members.find((x) => x.userId === userId);
  const days = member ? awayDates(member) : [];
  if (days.includes(day)) return { team, already: true, changes: [] };
  const fresh = await setAway(db, team, userId, [...days, day]);
  const changes = await handOn(db, fresh, userId, (at) => localDate(at, team.timeZone) === day);
  return { team: fresh, already: false, changes };
}

/** Takes back an away day; roles already handed on stay as they are. False when they were not away then. */
export async function markBack(
  db: Tx,
  team: TeamWithMembers,
  userId: string,
  day: string,
): Promise<{ team: TeamWithMembers; was: boolean }> {
  const member = team.members.find((x) => x.userId === userId);
  const days = member ? awayDates(member) : [];
  if (!days.includes(day)) return { team, was: false };
  return {
    team: await setAway(
      db,
      team,
      userId,
      days.filter((d) => d !== day),
    ),
    was: true,
  };
}

/**
 * Gives `role` to `userId`; if they held another role, its holder becomes the previous holder
 * of `role`. Nobody away that day takes a role; giving a role to its holder changes nothing.
 */
export async function swapRole(
  db: Tx,
  team: TeamWithMembers,
  m: MeetingRow,
  role: MeetingRole,
  userId: string,
  example: string,
): Promise<{ meeting: MeetingRow; changes: RoleChange[] }> {
  const roles = rolesOf(m);
  if (roles[role] === userId) return { meeting: m, changes: [] };
  if (awayOn(team, m.startsAt).has(userId))
    throw new UserError(
      `${fmt.user(userId)} is away on ${formatInZone(m.startsAt, team.timeZone, "short")}; give the ${role} role to someone who is there.`,
      example,
      "user",
    );
  const change: Partial<Assignment> = { [role]: userId };
  const clash = ROLE_NAMES.find((r) => roles[r] === userId);
  if (clash && clash !== role) change[clash] = roles[role];
  const meeting = meetingRow(await db.meeting.update({ where: { id: m.id }, data: roleColumns(change) }));
  const changes = (Object.keys(change) as MeetingRole[]).map((r) => ({
    meeting,
    role: r,
    from: roles[r],
    to: change[r],
  }));
  return { meeting, changes };
}
/**
 * After the team's day or time changed: moves its meetings whose agenda is not posted yet to
 * the new slots (the first one after now, or after a posted meeting), with their publication
 * and deadline reminder. Returns the meetings moved, with their old start.
 */
export async function moveUpcoming(
  db: Tx,
  team: TeamWithMembers,
  now: Date,
): Promise<{ meeting: MeetingRow; from: Date }[]> {
  const open = await db.meeting.findMany({
    where: { teamId: team.id, status: { not: "closed" satisfies MeetingStatus } },
    orderBy: { seq: "asc" },
  });
  const posted = open.filter((m) => m.status === ("published" satisfies MeetingStatus));
  const anchor = posted.length ? posted[posted.length - 1]!.startsAt : now;
  let at = firstSlot(team, anchor > now ? anchor : now);
  const moved: { meeting: MeetingRow; from: Date }[] = [];
  for (const m of open.filter((x) => x.status === ("upcoming" satisfies MeetingStatus))) {
    if (m.startsAt.getTime() !== at.getTime()) {
      let row = meetingRow(await db.meeting.update({ where: { id: m.id }, data: { startsAt: at } }));
      const away = awayOn(team, at);
      if (ROLE_NAMES.some((r) => rolesOf(row)[r] && away.has(rolesOf(row)[r]!))) row = await assignRoles(db, team, row);
      await retimeDeliveries(db, team, row, now);
      moved.push({ meeting: row, from: m.startsAt });
    }
    at = plusWeeks(at, team.timeZone, team.intervalWeeks);
  }
  return moved;
}

async function retimeDeliveries(db: Tx, team: TeamWithMembers, m: MeetingRow, now: Date): Promise<void> {
  const publishAt = publishTimeOf(team, m);
  const pending = await db.delivery.findFirst({ where: { dedupeKey: publishKey(m.id), status: "pending" } });
  const payload = JSON.stringify(publishedPost(await loadAgenda(db, team, m)));
  // A publish time already past posts the agenda at once.
  const dueAt = publishAt > now ? publishAt : now;
  if (pending) await db.delivery.update({ where: { id: pending.id }, data: { dueAt, payload } });
  else await schedulePublication(db, team, m, now);
  const remindAt = new Date(deadlineOf(team, m).getTime() - 24 * 3_600_000);
  await db.delivery.updateMany({
    where: { dedupeKey: deadlineKey(m.id), status: "pending" },
    data: remindAt > now ? { dueAt: remindAt } : { status: "cancelled" },
  });
}

/** Hands the roles `userId` holds in the team's unposted meetings (those `when` picks) to whom the rotation picks. */
async function handOn(
  db: Tx,
  fresh: TeamWithMembers,
  userId: string,
  when: (at: Date) => boolean,
): Promise<RoleChange[]> {
  const team = fresh;
  const changes: RoleChange[] = [];
  const upcoming = await db.meeting.findMany({
    where: { teamId: team.id, status: "upcoming" satisfies MeetingStatus },
  });
  for (const u of upcoming) {
    if (!when(u.startsAt)) continue;
    const m = meetingRow(u);
    const roles = rolesOf(m);
    const held = ROLE_NAMES.filter((r) => roles[r] === userId);
    if (!held.length) continue;
    const h = await history(db, team.id, m.seq);
    const excluded = new Set([
      ...awayOn(fresh, m.startsAt),
      ...ROLE_NAMES.map((r) => roles[r]).filter((u): u is string => Boolean(u)),
    ]);
    const change: Partial<Assignment> = {};
    for (const role of held) {
      const to = substitute(
        fresh.members.map((x) => x.userId),
        excluded,
        h,
        m.seq,
        role,
      );
      if (to) excluded.add(to);
      change[role] = to;
    }
    const after = meetingRow(await db.meeting.update({ where: { id: m.id }, data: roleColumns(change) }));
    for (const role of held) changes.push({ meeting: after, role, from: userId, to: change[role] });
  }
  return changes;
}

/** Adds a member at the end of the rotation; false when they are on the team already. */
export async function addMember(
  db: Tx,
  team: TeamWithMembers,
  userId: string,
): Promise<{ team: TeamWithMembers; added: boolean }> {
  if (team.members.some((m) => m.userId === userId)) return { team, added: false };
  if (team.members.length >= MAX_TEAM_SIZE)
    throw new UserError(
      `${team.name} already has ${team.members.length} members, the most an ILT works well with.`,
      "/agenda members remove user:@ana",
    );
  const position = Math.max(-1, ...team.members.map((m) => m.position)) + 1;
  await db.teamMember.create({ data: { teamId: team.id, userId, position } });
  return { team: await loadTeam(db, team.id), added: true };
}

/** Takes a member off the team; the roles they held in unposted meetings are handed on. */
export async function removeMember(
  db: Tx,
  team: TeamWithMembers,
  userId: string,
): Promise<{ team: TeamWithMembers; removed: boolean; changes: RoleChange[] }> {
  if (!team.members.some((m) => m.userId === userId)) return { team, removed: false, changes: [] };
  if (team.members.length <= 2)
    throw new UserError(
      `${team.name} needs at least two members to rotate roles; add someone first.`,
      "/agenda members add user:@ben",
    );
  await db.teamMember.delete({ where: { teamId_userId: { teamId: team.id, userId } } });
  const fresh = await loadTeam(db, team.id);
  return { team: fresh, removed: true, changes: await handOn(db, fresh, userId, () => true) };
}

/**
 * After the workspace's zone changed: each team meets at its weekday and time in the new zone;
 * its meetings whose agenda is not posted yet move there (with their publication and deadline
 * reminder). Returns how many meetings moved.
 */
export async function rezoneTeams(db: Tx, workspaceId: string, zone: string, now: Date): Promise<number> {
  const teams = await db.team.findMany({ where: { workspaceId, timeZone: { not: zone } }, select: { id: true } });
  let moved = 0;
  for (const t of teams) {
    await db.team.update({ where: { id: t.id }, data: { timeZone: zone } });
    moved += (await moveUpcoming(db, await loadTeam(db, t.id), now)).length;
  }
  return moved;
}
