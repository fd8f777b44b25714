// Workspaces and members: found or created on first contact, never asked for.
import { sql, type Tx } from "../db/client.js";
import { queryRows } from "../db/direct.js";
import type { MemberInfo, Platform, Source, WorkspaceInfo } from "../core/context.js";
import type { Actors } from "../core/dispatcher.js";
import { parseSettings, settingsSchema, type WorkspaceSettings } from "./settings.js";
import { formatRoles, parseRoles, type Role } from "../core/roles.js";
import { LRUCache } from "lru-cache";

/**
 * How often each workspace's settings, time zone or members' roles or names changed in this
 * process: a cached actor from before a change is not used again. Workspace row ids are random,
 * so one map serves every app in the process.
 */
const generations = new Map<string, number>();
const generation = (workspaceId: string): number => generations.get(workspaceId) ?? 0;
function changed(workspaceId: string): void {
  generations.set(workspaceId, generation(workspaceId) + 1);
}

function toInfo(w: {
  id: string;
  platform: string;
  externalId: string;
  timeZone: string;
  settings: string;
}): WorkspaceInfo {
  return {
    id: w.id,
    platform: w.platform as Platform,
    externalId: w.externalId,
    timeZone: w.timeZone,
    settings: parseSettings(w.settings),
  };
}

export async function ensureWorkspace(
  db: Tx,
  platform: Platform,
  externalId: string,
  defaultZone: string,
): Promise<WorkspaceInfo> {
  const found = await db.workspace.findUnique({ where: { platform_externalId: { platform, externalId } } });
  if (found) return toInfo(found);
  const w = await db.workspace.upsert({
    where: { platform_externalId: { platform, externalId } },
    create: { platform, externalId, timeZone: defaultZone },
    update: {},
  });
  return toInfo(w);
}

export async function getWorkspace(db: Tx, id: string): Promise<WorkspaceInfo | undefined> {
  const w = await db.workspace.findUnique({ where: { id } });
  return w ? toInfo(w) : undefined;
}

export async function updateWorkspace(
  db: Tx,
  id: string,
  patch: { timeZone?: string; settings?: Partial<WorkspaceSettings> },
): Promise<WorkspaceInfo> {
  const current = await db.workspace.findUniqueOrThrow({ where: { id } });
  const settings = patch.settings
    ? settingsSchema.parse({ ...parseSettings(current.settings), ...patch.settings })
    : undefined;
  const w = await db.workspace.update({
    where: { id },
    data: { timeZone: patch.timeZone, settings: settings ? JSON.stringify(settings) : undefined },
  });
  changed(id);
  return toInfo(w);
}

function memberInfo(m: { id: string; userId: string; displayName: string; roles: string }): MemberInfo {
  return { id: m.id, userId: m.userId, displayName: m.displayName, roles: parseRoles(m.roles) };
}

/** Finds or creates the member; refreshes the display name when the platform reports a new one. */
export async function ensureMember(
  db: Tx,
  workspaceId: string,
  userId: string,
  displayName: string,
): Promise<MemberInfo> {
  const found = await db.member.findUnique({ where: { workspaceId_userId: { workspaceId, userId } } });
  if (found) {
    if (displayName && found.displayName !== displayName) {
      const renamed = memberInfo(await db.member.update({ where: { id: found.id }, data: { displayName } }));
      changed(workspaceId);
      return renamed;
    }
    return memberInfo(found);
  }
  const m = await db.member.upsert({
    where: { workspaceId_userId: { workspaceId, userId } },
    create: { workspaceId, userId, displayName: displayName || userId },
    update: {},
  });
  return memberInfo(m);
}

interface ActorRow {
  wid: string;
  timeZone: string;
  settings: string;
  mid: string | null;
  displayName: string | null;
  roles: string | null;
}

/**
 * The workspace and the member acting in it: what every command starts with, so one
 * hand-written statement (a Prisma query costs several times its statement); created or
 * renamed through ensureWorkspace/ensureMember when that is needed.
 */
export interface ActorKey {
  platform: Platform;
  /** The platform's id of the workspace (Slack team, Discord guild). */
  externalId: string;
  userId: string;
  displayName: string;
  /** Zone of the workspace if this is its first contact. */
  defaultZone: string;
  /** Only read the member: never create or rename them (their row's times would date the act). */
  untracked?: boolean;
}

export async function ensureActor(
  db: Tx,
  { platform, externalId, userId, displayName, defaultZone, untracked }: ActorKey,
): Promise<{ workspace: WorkspaceInfo; member: MemberInfo }> {
  const [r] = await queryRows<ActorRow[]>(
    db,
    sql`SELECT w."id" AS "wid", w."timeZone" AS "timeZone", w."settings" AS "settings", m."id" AS "mid", m."displayName" AS "displayName", m."roles" AS "roles"
    FROM "Workspace" w LEFT JOIN "Member" m ON m."workspaceId" = w."id" AND m."userId" = ${userId}
    WHERE w."platform" = ${platform} AND w."externalId" = ${externalId}`,
  );
  const workspace = r
    ? toInfo({ id: r.wid, platform, externalId, timeZone: r.timeZone, settings: r.settings })
    : await ensureWorkspace(db, platform, externalId, defaultZone);
  if (untracked)
    return {
      workspace,
      member: r?.mid
        ? memberInfo({ id: r.mid, userId, displayName: r.displayName ?? userId, roles: r.roles ?? "" })
        : { id: "", userId, displayName: displayName || userId, roles: parseRoles("") },
    };
  if (!r?.mid || r.displayName === null || r.roles === null || (displayName && r.displayName !== displayName))
    return { workspace, member: await ensureMember(db, workspace.id, userId, displayName) };
  return { workspace, member: memberInfo({ id: r.mid, userId, displayName: r.displayName, roles: r.roles }) };
}

/** The workspace by its platform id, in one hand-written statement (read after every command to render its answer). */
export async function findWorkspace(
  db: Tx,
  platform: Platform,
  externalId: string,
): Promise<WorkspaceInfo | undefined> {
  const [r] = await queryRows<{ id: string; timeZone: string; settings: string }[]>(
    db,
    sql`SELECT "id", "timeZone", "settings" FROM "Workspace" WHERE "platform" = ${platform} AND "externalId" = ${externalId}`,
  );
  return r ? toInfo({ ...r, platform, externalId }) : undefined;
}

export async function setRoles(db: Tx, workspaceId: string, userId: string, roles: Role[]): Promise<MemberInfo> {
  const stored = formatRoles(roles);
  const m = await db.member.upsert({
    where: { workspaceId_userId: { workspaceId, userId } },
    create: { workspaceId, userId, displayName: userId, roles: stored },
    update: { roles: stored },
  });
  changed(workspaceId);
  return memberInfo(m);
}

export async function getMember(db: Tx, workspaceId: string, userId: string): Promise<MemberInfo | undefined> {
  const m = await db.member.findUnique({ where: { workspaceId_userId: { workspaceId, userId } } });
  return m ? memberInfo(m) : undefined;
}

export async function listMembersWithRoles(db: Tx, workspaceId: string): Promise<MemberInfo[]> {
  const rows = await db.member.findMany({
    where: { workspaceId, NOT: { roles: "" } },
    orderBy: { displayName: "asc" },
  });
  return rows.map(memberInfo);
}

export async function hasAnyAdmin(db: Tx, workspaceId: string): Promise<boolean> {
  const rows = await db.member.findMany({
    where: { workspaceId, roles: { contains: "admin" } },
    select: { roles: true },
  });
  return rows.some((r) => parseRoles(r.roles).includes("admin"));
}

/** Display names for a set of user ids (missing ids map to themselves). */
export async function displayNames(db: Tx, workspaceId: string, userIds: string[]): Promise<Map<string, string>> {
  const rows = await db.member.findMany({
    where: { workspaceId, userId: { in: [...new Set(userIds)] } },
    select: { userId: true, displayName: true },
  });
  const map = new Map(rows.map((r) => [r.userId, r.displayName]));
  for (const id of userIds) if (!map.has(id)) map.set(id, id);
  return map;
}

/** How long a looked-up actor is used again: a change made by another instance shows within this. */
export const ACTOR_TTL_MS = 10_000;

/**
 * The kernel's actor lookup: who is acting behind a source, created on first contact. A
 * returning person's workspace and member are kept for ACTOR_TTL_MS, so most commands make no
 * round trip for them; a change of roles, names or settings in this process is seen at once.
 */
export const actorLookup = (db: Tx, defaultZone: string): Actors => {
  const cache = new LRUCache<string, { workspace: WorkspaceInfo; member: MemberInfo; generation: number }>({
    max: 5_000,
    ttl: ACTOR_TTL_MS,
  });
  return {
    async resolve(source: Source, opts?: { untracked?: boolean }) {
      const key = `${source.platform}\u0000${source.externalWorkspaceId}\u0000${source.userId}`;
      const hit = cache.get(key);
      if (
        hit &&
        hit.generation === generation(hit.workspace.id) &&
        (opts?.untracked || !source.displayName || source.displayName === hit.member.displayName)
      )
        // Copies: the dispatcher may add roles to its own (a platform admin, the console's first admin).
        return { workspace: { ...hit.workspace }, member: { ...hit.member, roles: [...hit.member.roles] } };
      const before = hit ? generation(hit.workspace.id) : undefined;
      const found = await ensureActor(db, {
        untracked: opts?.untracked,
        platform: source.platform,
        externalId: source.externalWorkspaceId,
        userId: source.userId,
        displayName: source.displayName,
        defaultZone,
      });
      // On first sight the generation is read after the lookup, which could miss a change: the TTL bounds that.
      if (found.member.id) {
        const { workspace, member } = found;
        cache.set(key, {
          workspace,
          member: { ...member, roles: [...member.roles] },
          generation: before ?? generation(workspace.id),
        });
      }
      return found;
    },
  };
};

/** Someone other than `userId` holds the admin role (so `userId` may give theirs up). */
export async function hasAdminOtherThan(db: Tx, workspaceId: string, userId: string): Promise<boolean> {
  return (await listMembersWithRoles(db, workspaceId)).some((m) => m.userId !== userId && m.roles.includes("admin"));
}

/**
 * The platform id of the workspace where this person was most recently seen by cadre, not
 * counting a DM's own stand-in workspace ("dm:<user>"); undefined when they were never seen.
 */
export async function lastSeenWorkspace(db: Tx, platform: Platform, userId: string): Promise<string | undefined> {
  const seen = await db.member.findFirst({
    where: { userId, workspace: { platform, NOT: { externalId: { startsWith: "dm:" } } } },
    orderBy: { updatedAt: "desc" },
    select: { workspace: { select: { externalId: true } } },
  });
  return seen?.workspace.externalId;
}

/**
 * What an adapter renders in when the database is unreachable: no row id, the default zone
 * and default settings, so "temporarily unavailable" and other error answers still go out.
 */
export function unavailableWorkspace(platform: Platform, externalId: string, timeZone: string): WorkspaceInfo {
  return { id: "", platform, externalId, timeZone, settings: parseSettings("{}") };
}

/**
 * The workspace answers are rendered in (its time zone and settings), by platform and platform
 * id, created on first contact: kept as the actor lookup keeps its copies (ACTOR_TTL_MS, and
 * never past a change made in this process), so delivering an answer makes no round trip.
 */
export function answerWorkspaces(db: Tx, defaultZone: string) {
  const cache = new LRUCache<string, { workspace: WorkspaceInfo; generation: number }>({
    max: 1_000,
    ttl: ACTOR_TTL_MS,
  });
  return async (platform: Platform, externalId: string): Promise<WorkspaceInfo> => {
    const key = `${platform}\u0000${externalId}`;
    const hit = cache.get(key);
    if (hit && hit.generation === generation(hit.workspace.id)) return { ...hit.workspace };
    const before = hit ? generation(hit.workspace.id) : undefined;
    const workspace =
      (await findWorkspace(db, platform, externalId)) ?? (await ensureWorkspace(db, platform, externalId, defaultZone));
    cache.set(key, { workspace, generation: before ?? generation(workspace.id) });
    return { ...workspace };
  };
}
