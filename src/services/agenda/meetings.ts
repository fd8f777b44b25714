// Meetings follow the team's cadence (weekday, wall-clock time, every N weeks, in the team's
// zone). The next meeting always exists; each gets its three roles when it is created, and its
// publication and item-deadline reminder are queued in the outbox.
import { DateTime } from "luxon";
import type { Db, Tx } from "../../db/client.js";
import { enqueue } from "../outbox.js";
import { awayDates, type TeamWithMembers } from "./teams.js";
import { assign, emptyHistory, record, ROLE_NAMES, type Assignment } from "./rotation.js";
// view.ts imports this module too; the functions are only called at run time, so the cycle is harmless.
import { loadAgenda, refreshScheduledPublish } from "./view.js";

export type MeetingRow = NonNullable<Awaited<ReturnType<Db["meeting"]["findFirst"]>>>;

/** The first meeting slot strictly after `after`. */
export function firstSlot(team: Pick<TeamWithMembers, "weekday" | "time" | "timeZone">, after: Date): Date {
  const [h, m] = team.time.split(":").map(Number);
  let d = DateTime.fromJSDate(after, { zone: team.timeZone }).set({ hour: h, minute: m, second: 0, millisecond: 0 });
  while (d.weekday !== team.weekday || d.toJSDate() <= after) d = d.plus({ days: 1 }).set({ hour: h, minute: m });
  return d.toJSDate();
}

/** The same wall-clock time `weeks` later (daylight-saving safe). */
export function plusWeeks(at: Date, zone: string, weeks: number): Date {
  return DateTime.fromJSDate(at, { zone }).plus({ weeks }).toJSDate();
}

export const localDate = (at: Date, zone: string): string => DateTime.fromJSDate(at, { zone }).toISODate()!;

export const deadlineOf = (team: Pick<TeamWithMembers, "deadlineHours">, m: Pick<MeetingRow, "startsAt">): Date =>
  new Date(m.startsAt.getTime() - team.deadlineHours * 3_600_000);

export function rolesOf(m: Pick<MeetingRow, "facilitatorId" | "recorderId" | "timekeeperId">): Assignment {
  return {
    facilitator: m.facilitatorId ?? undefined,
    recorder: m.recorderId ?? undefined,
    timekeeper: m.timekeeperId ?? undefined,
  };
}

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
  return db.meeting.update({
    where: { id: m.id },
    data: { facilitatorId: a.facilitator ?? null, recorderId: a.recorder ?? null, timekeeperId: a.timekeeper ?? null },
  });
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
    m = await db.meeting.create({ data: { teamId: team.id, seq, startsAt } });
  } catch (e) {
    if ((e as { code?: string }).code !== "P2002") throw e;
    return db.meeting.findUniqueOrThrow({ where: { teamId_seq: { teamId: team.id, seq } } }); // created by a concurrent command
  }
  m = await assignRoles(db, team, m);
  const publishAt = new Date(startsAt.getTime() - team.publishHours * 3_600_000);
  if (publishAt > now)
    await enqueue(db, {
      workspaceId: team.workspaceId,
      dedupeKey: `agenda:publish:${m.id}`,
      dueAt: publishAt,
      target: { kind: "channel", id: team.channelId },
      reply: { text: "(agenda)" },
      createdBy: team.createdBy,
      sourceKind: "agenda",
      sourceId: m.id,
    });
  await refreshScheduledPublish(db, await loadAgenda(db, team, m));
  const remindAt = new Date(deadlineOf(team, m).getTime() - 24 * 3_600_000);
  if (remindAt > now)
    await enqueue(db, {
      workspaceId: team.workspaceId,
      dedupeKey: `agenda:deadline:${m.id}`,
      dueAt: remindAt,
      target: { kind: "channel", id: team.channelId },
      reply: {
        text: `📝 **${team.name}**: agenda items for the next meeting are due in 24 hours. Add one with \`/agenda add <your item> minutes:10\`.`,
      },
      createdBy: team.createdBy,
      sourceKind: "agenda",
      sourceId: m.id,
    });
  return m;
}

/** The next meeting that is not closed, created from the cadence when there is none. */
export async function nextMeeting(db: Tx, team: TeamWithMembers, now: Date): Promise<MeetingRow> {
  const open = await db.meeting.findFirst({
    where: { teamId: team.id, status: { not: "closed" } },
    orderBy: { seq: "asc" },
  });
  if (open) return open;
  const last = await db.meeting.findFirst({ where: { teamId: team.id }, orderBy: { seq: "desc" } });
  let at = last ? plusWeeks(last.startsAt, team.timeZone, team.intervalWeeks) : firstSlot(team, now);
  while (at <= now) at = plusWeeks(at, team.timeZone, team.intervalWeeks);
  return createMeeting(db, team, (last?.seq ?? 0) + 1, at, now);
}

/** The meeting after `m` (created when needed). */
export async function meetingAfter(db: Tx, team: TeamWithMembers, m: MeetingRow, now: Date): Promise<MeetingRow> {
  const found = await db.meeting.findUnique({ where: { teamId_seq: { teamId: team.id, seq: m.seq + 1 } } });
  return found ?? createMeeting(db, team, m.seq + 1, plusWeeks(m.startsAt, team.timeZone, team.intervalWeeks), now);
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

export { ROLE_NAMES };
