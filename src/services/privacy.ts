// A person's rights over what cadre holds about them: an export of all of it (as CSV files for
// their DM) and a deletion of what is theirs to delete. Anonymous agenda items are not found:
// nothing stored links them to anyone (see AgendaItem.withdrawHash). What the district keeps
// (attendance, daily mentoring totals, action items, the audit log) is listed in KEPT, shown
// to the person before they confirm.
import type { Db, Tx } from "../db/client.js";
import type { Keyring } from "../core/keyring.js";
import { UserError } from "../core/errors.js";
import { auditCsv } from "./audit.js";
import { parseRoles } from "../core/roles.js";
import { localDateTime, toCsv } from "./csv.js";
import { entriesCsv } from "./mentoring/export.js";
import { listEntries } from "./mentoring/entries.js";
import { checkpointDeleted, zeroDeletedContent } from "./mentoring/shred.js";
import { dateToDay } from "./school-year.js";
import { getWorkspace, hasAdminOtherThan } from "./workspaces.js";
import { DEFAULT_CREDIT_ROUNDING } from "./settings.js";
import { showCode } from "./sessions/certificate-code.js";
import { creditedMinutes } from "./sessions/credit.js";

export interface ExportFile {
  filename: string;
  contentType: "text/csv";
  content: string;
}

export interface PersonalExport {
  files: ExportFile[];
  counts: Record<string, number>;
}

/**
 * Everything about `userId` in the workspace. `withContent` (the person themself) includes their
 * mentor notes and mentee names; an admin's export for a departed member leaves them out, since
 * nobody but the mentor reads those.
 */
export async function exportPersonalData(
  db: Tx,
  keys: Keyring,
  q: { workspaceId: string; userId: string; zone: string; withContent: boolean; stamp: string },
): Promise<PersonalExport> {
  const { workspaceId: w, userId, zone } = q;
  const file = (name: string, content: string): ExportFile => ({
    filename: `cadre-${q.withContent ? "" : `${userId.replace(/[^A-Za-z0-9_-]/g, "")}-`}${name}-${q.stamp}.csv`,
    contentType: "text/csv",
    content,
  });
  const at = (d: Date | null | undefined) => (d ? localDateTime(d, zone) : "");

  const member = await db.member.findUnique({ where: { workspaceId_userId: { workspaceId: w, userId } } });
  const teams = await db.teamMember.findMany({ where: { userId, team: { workspaceId: w } }, include: { team: true } });
  const nudge = await db.mentorNudge.findUnique({ where: { workspaceId_userId: { workspaceId: w, userId } } });
  const drafts = await db.mentorDraft.count({ where: { workspaceId: w, mentorId: userId, savedAs: null } });
  const profile = toCsv(
    ["field", "value"],
    [
      ["platform user id", userId],
      ["display name", member?.displayName ?? ""],
      ["roles", parseRoles(member?.roles ?? "").join(", ")],
      ["first seen", at(member?.createdAt)],
      ["teams", teams.map((t) => t.team.name).join("; ")],
      [
        "weekly mentoring nudge",
        nudge ? `${nudge.enabled ? "on" : "off"}, weekday ${nudge.weekday} ${nudge.time}` : "",
      ],
      ["pace nudges (/mentor pace-nudges)", member ? (member.paceNudges ? "on" : "off") : ""],
      ["unsaved mentoring drafts", drafts],
    ],
  );

  const entries = await listEntries(db, keys, w, userId);
  const mentoring = q.withContent
    ? entriesCsv(entries)
    : toCsv(
        ["date", "minutes", "topics", "mode", "id"],
        entries.map((e) => [e.day, e.minutes, e.topics.join("; "), e.mode, e.shortId]),
      );

  const rsvps = await db.rsvp.findMany({
    where: { userId, session: { workspaceId: w } },
    include: { session: true },
    orderBy: { answeredAt: "asc" },
  });
  const certificates = new Map(
    (await db.certificate.findMany({ where: { workspaceId: w, userId }, select: { sessionId: true, code: true } })).map(
      (c) => [c.sessionId, showCode(c.code)],
    ),
  );
  const rounding = (await getWorkspace(db, w))?.settings.creditRoundingMinutes ?? DEFAULT_CREDIT_ROUNDING;
  const sessions = toCsv(
    ["session", "id", "starts", "answer", "answered", "checked in", "checked out", "hours credited", "certificate"],
    rsvps.map((r) => {
      const minutes = creditedMinutes(r.session, r, rounding);
      return [
        r.session.title,
        r.session.shortId,
        localDateTime(r.session.startsAt, r.session.timeZone),
        r.answer,
        at(r.answeredAt),
        at(r.checkedInAt),
        at(r.checkedOutAt),
        minutes === undefined ? "" : minutes / 60,
        certificates.get(r.sessionId) ?? "",
      ];
    }),
  );

  // Mentoring pairs the person is in, and the confirmations they were asked for as a mentee
  // (date, minutes and answer only: a mentee never sees notes). A typed mentee name stays in
  // the mentoring log, where the mentor's content is.
  const pairRows = await db.mentorPair.findMany({
    where: { workspaceId: w, OR: [{ mentorId: userId }, { menteeUserId: userId }] },
    orderBy: { startsOn: "asc" },
  });
  const asked = await db.mentorConfirmation.findMany({
    where: { workspaceId: w, menteeUserId: userId, status: { not: "superseded" } },
    orderBy: { createdAt: "asc" },
  });
  const askedEntries = new Map(
    (
      await db.mentorEntry.findMany({
        where: { id: { in: asked.map((c) => c.entryId) } },
        select: { id: true, occurredOn: true, minutes: true },
      })
    ).map((e) => [e.id, e]),
  );
  const pairs = toCsv(
    ["kind", "id", "role", "mentor", "mentee", "from", "to", "date", "minutes", "answer", "answered"],
    [
      ...pairRows.map((p) => [
        "pair",
        p.shortId,
        p.mentorId === userId ? "mentor" : "mentee",
        p.mentorId,
        p.menteeUserId ?? "a mentee not on the platform (named in the mentoring log)",
        dateToDay(p.startsOn),
        p.endsOn ? dateToDay(p.endsOn) : "",
        "",
        "",
        "",
        "",
      ]),
      ...asked.map((c) => {
        const e = askedEntries.get(c.entryId);
        return [
          "confirmation asked",
          "",
          "mentee",
          c.mentorId,
          userId,
          "",
          "",
          e ? dateToDay(e.occurredOn) : "",
          e?.minutes ?? "",
          c.status,
          at(c.answeredAt),
        ];
      }),
    ],
  );

  const items = await db.agendaItem.findMany({
    where: { workspaceId: w, submitterId: userId },
    include: { meeting: { include: { team: true } } },
    orderBy: { createdAt: "asc" },
  });
  const actions = await db.actionItem.findMany({
    where: { workspaceId: w, ownerId: userId },
    orderBy: { createdAt: "asc" },
  });
  const agenda = toCsv(
    ["kind", "id", "team", "meeting", "text", "minutes", "type", "status", "decision", "due", "created"],
    [
      ...items.map((i) => [
        "agenda item",
        i.shortId,
        i.meeting.team.name,
        dateToDay(i.meeting.startsAt),
        i.text,
        i.minutes,
        i.type,
        i.status,
        i.decision ?? "",
        "",
        at(i.createdAt),
      ]),
      ...actions.map((a) => [
        "action item",
        a.shortId,
        "",
        "",
        a.task,
        "",
        "",
        a.status,
        "",
        a.dueOn ? dateToDay(a.dueOn) : "",
        at(a.createdAt),
      ]),
    ],
  );

  const reminderRows = await db.reminder.findMany({
    where: { workspaceId: w, creatorId: userId },
    orderBy: { createdAt: "asc" },
  });
  const reminders = toCsv(
    ["id", "to", "when", "text", "status", "paused", "next", "created"],
    reminderRows.map((r) => [
      r.shortId,
      r.targetKind === "dm" ? "you" : `channel ${r.targetId}`,
      r.phrase,
      r.text,
      r.status,
      r.paused ? "yes" : "no",
      at(r.nextAt),
      at(r.createdAt),
    ]),
  );

  const events = await db.auditEvent.findMany({
    where: { workspaceId: w, OR: [{ actorId: userId }, { subjectId: userId }] },
    orderBy: { createdAt: "asc" },
  });

  return {
    files: [
      file("profile", profile),
      file("mentoring-log", mentoring),
      file("sessions", sessions),
      file("mentoring-pairs", pairs),
      file("agenda", agenda),
      file("reminders", reminders),
      file("audit", auditCsv(events, zone)),
    ],
    counts: {
      mentorEntries: entries.length,
      rsvps: rsvps.length,
      certificates: certificates.size,
      mentoringPairs: pairRows.length,
      confirmationsAsked: asked.length,
      agendaItems: items.length,
      actionItems: actions.length,
      reminders: reminderRows.length,
      auditEvents: events.length,
    },
  };
}

/** What the district keeps after a deletion, and why: shown before the person confirms. */
export const KEPT = [
  "attendance (session check-ins): the district's training and PD-hour record",
  "daily mentoring totals (hours per day, no notes or mentees): stipend and PD-hour records",
  "mentoring pairs in which they were the mentee (who mentored them, and when): the induction program's record",
  "action items owned from ILT meetings: the team's record of its follow-ups",
  "agenda items written stay in their meetings, no longer linked to the person",
  "the audit log (who did what, never content): the district's accountability record",
] as const;

export interface DeletionCounts {
  mentorEntries: number;
  drafts: number;
  nudges: number;
  reminders: number;
  messages: number;
  rsvps: number;
  teams: number;
  agendaItemsUnlinked: number;
  member: number;
}

/** What a deletion would remove now (for the confirmation). */
export async function deletionPreview(db: Tx, workspaceId: string, userId: string): Promise<DeletionCounts> {
  const w = workspaceId;
  return {
    mentorEntries: await db.mentorEntry.count({ where: { workspaceId: w, mentorId: userId } }),
    drafts: await db.mentorDraft.count({ where: { workspaceId: w, mentorId: userId } }),
    nudges: await db.mentorNudge.count({ where: { workspaceId: w, userId } }),
    reminders: await db.reminder.count({ where: { workspaceId: w, creatorId: userId } }),
    messages: await db.delivery.count({ where: { workspaceId: w, targetKind: "dm", targetId: userId } }),
    rsvps: await db.rsvp.count({ where: { userId, checkedInAt: null, session: { workspaceId: w } } }),
    teams: await db.teamMember.count({ where: { userId, team: { workspaceId: w } } }),
    agendaItemsUnlinked: await db.agendaItem.count({ where: { workspaceId: w, submitterId: userId } }),
    member: await db.member.count({ where: { workspaceId: w, userId } }),
  };
}

/**
 * Deletes what is the person's to delete, in one transaction (nothing half-way), and zeroes the
 * freed content on SQLite. Safe to repeat: a second run finds nothing and removes nothing.
 */
export async function deletePersonalData(db: Db, workspaceId: string, userId: string): Promise<DeletionCounts> {
  const w = workspaceId;
  const member = await db.member.findUnique({ where: { workspaceId_userId: { workspaceId: w, userId } } });
  if (parseRoles(member?.roles ?? "").includes("admin") && !(await hasAdminOtherThan(db, w, userId)))
    throw new UserError(
      "This is the workspace's only admin; give someone else admin first so the workspace is never without one. " +
        "Nothing was deleted.",
      "/cadre role add user:@sam role:admin",
    );
  await zeroDeletedContent(db);
  const counts = await db.$transaction(async (tx) => {
    const reminderIds = (
      await tx.reminder.findMany({ where: { workspaceId: w, creatorId: userId }, select: { id: true } })
    ).map((r) => r.id);
    const messages =
      (await tx.delivery.deleteMany({ where: { workspaceId: w, targetKind: "dm", targetId: userId } })).count +
      (await tx.delivery.deleteMany({ where: { sourceKind: "reminder", sourceId: { in: reminderIds } } })).count;
    // The remembered DM conversation goes too (cadre opens a new one if the person returns).
    await tx.dmChannel.deleteMany({ where: { workspaceId: w, userId } });
    // Pairs they mentor (a typed mentee name is theirs) and every confirmation request they
    // sent or were sent go too; a pair where they are the mentee stays the program's record.
    await tx.mentorPair.deleteMany({ where: { workspaceId: w, mentorId: userId } });
    await tx.mentorConfirmation.deleteMany({
      where: { workspaceId: w, OR: [{ mentorId: userId }, { menteeUserId: userId }] },
    });
    // Entries go with their topic rows (cascade); the daily totals (MentorDay, MentorTopicDay) stay.
    return {
      mentorEntries: (await tx.mentorEntry.deleteMany({ where: { workspaceId: w, mentorId: userId } })).count,
      drafts: (await tx.mentorDraft.deleteMany({ where: { workspaceId: w, mentorId: userId } })).count,
      nudges: (await tx.mentorNudge.deleteMany({ where: { workspaceId: w, userId } })).count,
      reminders: (await tx.reminder.deleteMany({ where: { id: { in: reminderIds } } })).count,
      messages,
      rsvps: (await tx.rsvp.deleteMany({ where: { userId, checkedInAt: null, session: { workspaceId: w } } })).count,
      teams: (await tx.teamMember.deleteMany({ where: { userId, team: { workspaceId: w } } })).count,
      agendaItemsUnlinked: (
        await tx.agendaItem.updateMany({ where: { workspaceId: w, submitterId: userId }, data: { submitterId: null } })
      ).count,
      member: (await tx.member.deleteMany({ where: { workspaceId: w, userId } })).count,
    };
  });
  await checkpointDeleted(db);
  return counts;
}
