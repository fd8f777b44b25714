// ILT teams: who is on the team (in rotation order), where it meets and how often.
import type { Db, Tx } from "../../db/client.js";
import { UserError } from "../../core/errors.js";
import { normalizeShortId, withShortId } from "../../core/short-id.js";

export type TeamRow = NonNullable<Awaited<ReturnType<Db["team"]["findFirst"]>>>;
export type TeamWithMembers = TeamRow & { members: { userId: string; position: number; away: string }[] };

export const MAX_TEAM_SIZE = 19;
const SETUP_EXAMPLE =
  '/agenda setup name:"Lincoln ILT" channel:#lincoln-ilt members:"@ana @ben @cy @dee @eve" day:thursday time:3:30pm';

export interface TeamSetup {
  name: string;
  channelId: string;
  members: string[];
  weekday: number;
  time: string;
  timeZone: string;
  intervalWeeks: number;
  minutes: number;
  reserveMinutes: number;
  deadlineHours: number;
  publishHours: number;
}

/**
 * Creates the team, or updates it when a team of that name exists (members keep their history)
 * and `mayUpdate` allows it: one team's facilitator cannot take over another's members or channel.
 */
export async function upsertTeam(
  db: Db,
  workspaceId: string,
  createdBy: string,
  s: TeamSetup,
  mayUpdate: (existing: TeamWithMembers) => boolean,
): Promise<{ team: TeamWithMembers; created: boolean; changed: boolean; before?: TeamWithMembers }> {
  const members = [...new Set(s.members)];
  if (members.length < 2)
    throw new UserError("A team needs at least two members to rotate roles.", SETUP_EXAMPLE, "members");
  if (members.length > MAX_TEAM_SIZE)
    throw new UserError(
      `An ILT works best with fewer than 20 members; this list has ${members.length}.`,
      SETUP_EXAMPLE,
      "members",
    );
  if (s.reserveMinutes > s.minutes)
    throw new UserError(
      `The teacher reserve (${s.reserveMinutes} min) is longer than the meeting (${s.minutes} min).`,
      SETUP_EXAMPLE,
      "reserve",
    );
  const existing = await db.team.findFirst({ where: { workspaceId, name: s.name }, include: withMembers });
  if (existing && !mayUpdate(existing))
    throw new UserError(
      `${existing.name} already exists, and only a facilitator of ${existing.name} (a member with the facilitator ` +
        `role or its creator), a coordinator or an admin can change it. To set up your own team, give it another name.`,
      SETUP_EXAMPLE.replace("Lincoln ILT", "Jefferson ILT").replace("lincoln-ilt", "jefferson-ilt"),
      "name",
    );
  const data = {
    channelId: s.channelId,
    weekday: s.weekday,
    time: s.time,
    timeZone: s.timeZone,
    intervalWeeks: s.intervalWeeks,
    minutes: s.minutes,
    reserveMinutes: s.reserveMinutes,
    deadlineHours: s.deadlineHours,
    publishHours: s.publishHours,
  };
  const changed =
    !existing ||
    Object.entries(data).some(([k, v]) => existing[k as keyof typeof data] !== v) ||
    existing.members.map((m) => m.userId).join(" ") !== members.join(" ");
  if (existing && !changed) return { team: existing, created: false, changed: false, before: existing };
  const team = await db.$transaction(async (tx) => {
    const t = existing
      ? await tx.team.update({ where: { id: existing.id }, data })
      : await withShortId((shortId) =>
          tx.team.create({ data: { ...data, workspaceId, shortId, name: s.name, createdBy } }),
        );
    await tx.teamMember.deleteMany({ where: { teamId: t.id, userId: { notIn: members } } });
    for (const [position, userId] of members.entries()) {
      await tx.teamMember.upsert({
        where: { teamId_userId: { teamId: t.id, userId } },
        create: { teamId: t.id, userId, position },
        update: { position },
      });
    }
    return loadTeam(tx, t.id);
  });
  return { team, created: !existing, changed: true, before: existing ?? undefined };
}

const withMembers = { members: { orderBy: { position: "asc" as const } } };

/** A team as it is now, by id (after its members changed). */
export async function loadTeam(db: Tx, teamId: string): Promise<TeamWithMembers> {
  return db.team.findUniqueOrThrow({ where: { id: teamId }, include: withMembers });
}

type MemberRow = TeamWithMembers["members"][number] & { id: string; teamId: string; served: string };
type TeamJoinRow = TeamRow & { [K in keyof MemberRow as `m_${K}`]: MemberRow[K] | null };

/**
 * The workspace's teams with their members in rotation order, by name: every agenda command
 * starts here, so one hand-written join (Prisma's include costs a second statement).
 */
async function teamsOf(db: Tx, workspaceId: string): Promise<(TeamRow & { members: MemberRow[] })[]> {
  const rows = await db.$queryRaw<TeamJoinRow[]>`SELECT t.*, m."id" AS "m_id", m."teamId" AS "m_teamId",
      m."userId" AS "m_userId", m."position" AS "m_position", m."away" AS "m_away", m."served" AS "m_served"
    FROM "Team" t LEFT JOIN "TeamMember" m ON m."teamId" = t."id"
    WHERE t."workspaceId" = ${workspaceId} ORDER BY t."name" ASC, t."id" ASC, m."position" ASC`;
  const teams = new Map<string, TeamRow & { members: MemberRow[] }>();
  for (const { m_id, m_teamId, m_userId, m_position, m_away, m_served, ...t } of rows) {
    let team = teams.get(t.id);
    if (!team) teams.set(t.id, (team = { ...t, members: [] }));
    if (m_id !== null)
      team.members.push({
        id: m_id,
        teamId: m_teamId!,
        userId: m_userId!,
        position: m_position!,
        away: m_away!,
        served: m_served!,
      });
  }
  return [...teams.values()];
}

/**
 * The team a command is about: named (its name, any case, or the start of it; or its id), else
 * the team of the channel the command was typed in when the caller is on it, else the caller's
 * only team.
 */
export async function resolveTeam(
  db: Tx,
  workspaceId: string,
  userId: string,
  nameOrId: string | undefined,
  example: string,
  channelId?: string,
): Promise<TeamWithMembers> {
  const all = await teamsOf(db, workspaceId);
  if (nameOrId) {
    const want = nameOrId.trim().toLowerCase();
    const exact = all.filter((t) => t.name.toLowerCase() === want);
    const prefixed = exact.length ? exact : all.filter((t) => t.name.toLowerCase().startsWith(want));
    if (prefixed.length === 1) return prefixed[0]!;
    const byId = all.find((t) => t.shortId === normalizeShortId(nameOrId));
    if (byId) return byId;
    if (prefixed.length > 1)
      throw new UserError(
        `"${nameOrId}" could be ${prefixed.map((t) => t.name).join(" or ")}; say which with team:"${prefixed[0]!.name}".`,
        example,
        "team",
      );
    throw new UserError(
      `There is no team "${nameOrId}" here.` +
        (all.length ? ` Teams: ${all.map((t) => t.name).join(", ")}.` : " Teams are set up with /agenda setup."),
      example,
      "team",
    );
  }
  const mine = all.filter((t) => isTeamMember(t, userId));
  const here = channelId ? all.filter((t) => t.channelId === channelId) : [];
  if (here.length === 1 && (isTeamMember(here[0]!, userId) || mine.length !== 1)) return here[0]!;
  if (mine.length === 1) return mine[0]!;
  if (mine.length > 1)
    throw new UserError(
      `You are on ${mine.length} teams (${mine.map((t) => t.name).join(", ")}); say which with team:"${mine[0]!.name}", ` +
        "or run the command in the team's channel.",
      example,
      "team",
    );
  if (all.length === 1) return all[0]!;
  throw new UserError(
    all.length
      ? `Say which team with team:"${all[0]!.name}".`
      : "No ILT team is set up yet. A facilitator sets one up with /agenda setup.",
    all.length ? example : SETUP_EXAMPLE,
    "team",
  );
}

export const isTeamMember = (team: Pick<TeamWithMembers, "members">, userId: string): boolean =>
  team.members.some((m) => m.userId === userId);

export function awayDates(m: { away: string }): string[] {
  try {
    const v = JSON.parse(m.away) as unknown;
    return Array.isArray(v) ? v.filter((d): d is string => typeof d === "string") : [];
  } catch {
    return [];
  }
}
