// Retention: deletes what is past each of a workspace's retention settings (settings.ts
// RETENTION_DEFAULTS), once a day from the scheduler (src/scheduler/retention-job.ts). Each step
// is a conditional delete or update, so a run that stops half-way is finished by the next one.
// Confidential content is removed as every delete of it is: SQLite zeroes the freed cells
// (secure_delete) and a checkpoint empties the write-ahead log afterwards.
import type { Db } from "../db/client.js";
import type { Keyring } from "../core/keyring.js";
import type { WorkspaceInfo } from "../core/context.js";
import { audit } from "./audit.js";
import { aadFor } from "./mentoring/entries.js";
import { checkpointDeleted, zeroDeletedContent } from "./mentoring/shred.js";
import { parseSettings, type RetentionSettings } from "./settings.js";

/** What an entry's mentee reads as once retention has removed its content. */
export const CONTENT_REMOVED = "(removed: past this workspace's retention)";

/** The audit log's actor for what cadre does by itself. */
export const SYSTEM_ACTOR = "cadre";

export interface RetentionCounts {
  mentorContent: number;
  /** Names typed for mentees who are not members, of pairs that ended before the cutoff. */
  pairNames: number;
  drafts: number;
  deliveries: number;
  reminders: number;
  audit: number;
  agendaItems: number;
  rsvps: number;
}

const DAY_MS = 86_400_000;

/** Applies one workspace's settings as of `now`; returns how many rows of each kind it removed. */
export async function applyRetention(
  db: Db,
  keys: Keyring,
  workspaceId: string,
  keep: RetentionSettings,
  now: Date,
): Promise<RetentionCounts> {
  const before = (days: number) => new Date(now.getTime() - days * DAY_MS);
  await zeroDeletedContent(db);

  // Mentor content: the mentee and notes are overwritten with a fixed text under the current
  // key, so every reader (the mentor's list, export, key rotation) works unchanged.
  let mentorContent = 0;
  const old = { workspaceId, occurredOn: { lt: before(keep.mentorContent) }, contentRemovedAt: null };
  for (;;) {
    const rows = await db.mentorEntry.findMany({ where: old, select: { id: true, mentorId: true }, take: 200 });
    if (!rows.length) break;
    for (const r of rows) {
      const n = await db.mentorEntry.updateMany({
        where: { id: r.id, contentRemovedAt: null },
        data: {
          menteeEnc: keys.encrypt(CONTENT_REMOVED, aadFor(workspaceId, r.mentorId)),
          notesEnc: null,
          keyId: keys.currentId,
          contentRemovedAt: now,
        },
      });
      mentorContent += n.count;
    }
  }

  // A typed mentee name is mentor content too: a pair that ended before the same cutoff has its
  // name replaced the same way (a member mentee's id stays: it is the program's record).
  let pairNames = 0;
  const oldPairs = {
    workspaceId,
    endsOn: { lt: before(keep.mentorContent) },
    menteeEnc: { not: null },
    nameRemovedAt: null,
  };
  for (;;) {
    const rows = await db.mentorPair.findMany({ where: oldPairs, select: { id: true, mentorId: true }, take: 200 });
    if (!rows.length) break;
    for (const r of rows) {
      const n = await db.mentorPair.updateMany({
        where: { id: r.id, nameRemovedAt: null },
        data: {
          menteeEnc: keys.encrypt(CONTENT_REMOVED, aadFor(workspaceId, r.mentorId)),
          keyId: keys.currentId,
          nameRemovedAt: now,
        },
      });
      pairNames += n.count;
    }
  }

  const drafts = (await db.mentorDraft.deleteMany({ where: { workspaceId, createdAt: { lt: before(keep.drafts) } } }))
    .count;
  const deliveries = (
    await db.delivery.deleteMany({
      where: {
        workspaceId,
        status: { in: ["sent", "failed", "skipped", "cancelled"] },
        dueAt: { lt: before(keep.deliveries) },
      },
    })
  ).count;
  // A finished reminder (done or removed) has nothing left to send; its text goes with its deliveries.
  const reminders = (
    await db.reminder.deleteMany({
      where: {
        workspaceId,
        status: { in: ["done", "removed"] },
        createdAt: { lt: before(keep.deliveries) },
      },
    })
  ).count;
  const auditRows = (await db.auditEvent.deleteMany({ where: { workspaceId, createdAt: { lt: before(keep.audit) } } }))
    .count;
  // The fingerprints of what coordinators were shown go with the audit log of those reports.
  await db.mentorTopicRelease.deleteMany({ where: { workspaceId, createdAt: { lt: before(keep.audit) } } });
  const agendaItems = (
    await db.agendaItem.deleteMany({
      where: { workspaceId, meeting: { status: "closed", closedAt: { lt: before(keep.agendas) } } },
    })
  ).count;
  const rsvps = (
    await db.rsvp.deleteMany({
      where: { checkedInAt: null, session: { workspaceId, startsAt: { lt: before(keep.rsvps) } } },
    })
  ).count;

  await checkpointDeleted(db);
  return { mentorContent, pairNames, drafts, deliveries, reminders, audit: auditRows, agendaItems, rsvps };
}

/** Every workspace, each with its own settings; one `retention.run` audit event each with the counts. */
export async function runRetention(
  db: Db,
  keys: Keyring,
  now: Date,
): Promise<{ workspace: Pick<WorkspaceInfo, "id">; removed: RetentionCounts }[]> {
  const done: { workspace: Pick<WorkspaceInfo, "id">; removed: RetentionCounts }[] = [];
  for (const w of await db.workspace.findMany({ select: { id: true, settings: true }, orderBy: { id: "asc" } })) {
    const keep = parseSettings(w.settings).retention;
    const removed = await applyRetention(db, keys, w.id, keep, now);
    await audit(db, w.id, SYSTEM_ACTOR, "retention.run", { removed, keep });
    done.push({ workspace: { id: w.id }, removed });
  }
  return done;
}
