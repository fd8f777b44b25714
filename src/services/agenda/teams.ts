// ILT teams: who is on the team (in rotation order), where it meets and how often.
import { sql, type Db, type Tx } from "../../db/client.js";
import { queryRows } from "../../db/direct.js";
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

const TEAM_COLUMNS = sql`t.*, m."id" AS "m_id", m."teamId" AS "m_teamId", m."userId" AS "m_userId",
    m."position" AS "m_position", m."away" AS "m_away", m."served" AS "m_served"`;
const TEAM_JOIN = sql`"Team" t LEFT JOIN "TeamMember" m ON m."teamId" = t."id"`;

/** Teams with their members in rotation order, by name, from the join's rows. */
function teamsFrom(rows: TeamJoinRow[]): (TeamRow & { members: MemberRow[] })[] {
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

/** The workspace's teams with their members, by name (one hand-written join: Prisma's include costs a second statement). */
async function teamsOf(db: Tx, workspaceId: string): Promise<(TeamRow & { members: MemberRow[] })[]> {
  return teamsFrom(
    await queryRows<TeamJoinRow[]>(
      db,
      sql`SELECT ${TEAM_COLUMNS} FROM ${TEAM_JOIN} WHERE t."workspaceId" = ${workspaceId}
      ORDER BY t."name" ASC, t."id" ASC, m."position" ASC`,
    ),
  );
}

type Counted = TeamJoinRow & { hereCount: number | bigint; allCount: number | bigint };

/**
 * What an unnamed command can resolve to, read without the workspace's other teams (a district
 * has dozens): the caller's teams, the channel's team when it is the channel's only one, and the
 * workspace's team when it is the only one; with how many teams the channel and the workspace have.
 */
async function candidateTeams(db: Tx, workspaceId: string, userId: string, channelId: string | undefined) {
  const rows = await queryRows<Counted[]>(
    db,
    sql`SELECT ${TEAM_COLUMNS}, n."hereCount", n."allCount" FROM ${TEAM_JOIN}
    CROSS JOIN (SELECT COUNT(*) AS "allCount", COUNT(CASE WHEN c."channelId" = ${channelId ?? null} THEN 1 END) AS "hereCount"
      FROM "Team" c WHERE c."workspaceId" = ${workspaceId}) n
    WHERE t."workspaceId" = ${workspaceId} AND (
      EXISTS (SELECT 1 FROM "TeamMember" x WHERE x."teamId" = t."id" AND x."userId" = ${userId})
      OR (n."hereCount" = 1 AND t."channelId" = ${channelId ?? null}) OR n."allCount" = 1)
    ORDER BY t."name" ASC, t."id" ASC, m."position" ASC`,
  );
  const first = rows[0];
  return {
    teams: teamsFrom(rows.map(({ hereCount: _h, allCount: _a, ...row }) => row)),
    hereCount: first ? Number(first.hereCount) : undefined,
    allCount: first ? Number(first.allCount) : undefined,
  };
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
  if (nameOrId) {
    const all = await teamsOf(db, workspaceId);
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
  // Unnamed, the usual case: only the teams it can be are read; the rest only for an error's list.
  const { teams, hereCount, allCount } = await candidateTeams(db, workspaceId, userId, channelId);
  const mine = teams.filter((t) => isTeamMember(t, userId));
  const here = channelId && hereCount === 1 ? teams.filter((t) => t.channelId === channelId) : [];
  if (here.length === 1 && (isTeamMember(here[0]!, userId) || mine.length !== 1)) return here[0]!;
  if (mine.length === 1) return mine[0]!;
  if (mine.length > 1)
    throw new UserError(
      `You are on ${mine.length} teams (${mine.map((t) => t.name).join(", ")}); say which with team:"${mine[0]!.name}", ` +
        "or run the command in the team's channel.",
      example,
      "team",
    );
  if (allCount === 1) return teams[0]!;
  const all = await teamsOf(db, workspaceId);
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
