// Daily totals written in the same transaction as the entries they sum, so the coordinator's
// report reads a few hundred rows per mentor instead of every entry:
// - MentorDay (per mentor and day) is recomputed from that day's entries whenever one of them
//   changes: it cannot drift from what is logged. The mentor's lock makes that safe.
// - MentorTopicDay (per day and topic, across mentors) is adjusted by each entry's minutes,
//   leaving it and adding it back, with single-statement upserts that are atomic on both
//   databases, so mentors logging at once never wait for each other.
// A new entry's totals are written by the trigger of the view MentorEntrySave (migration 0016,
// see writeEntry in entries.ts) by the same two rules, in the entry's own statement; a change to
// them here needs a migration replacing that trigger.
// Only minutes, dates and topics are read here, never content.
import { clientProvider, type Db, type Tx } from "../../db/client.js";

/** What an entry contributes to the totals. */
export interface Contribution {
  day: Date;
  minutes: number;
  topics: string[];
}

/**
 * Serializes one mentor's writes on PostgreSQL for the rest of the transaction, so two saves on
 * the same day cannot each recompute it from a view missing the other, and an edit reads the
 * entry's stored values before anyone else changes them. SQLite needs nothing: its single
 * connection runs one transaction at a time.
 */
export async function lockMentor(db: Tx, tx: Tx, workspaceId: string, mentorId: string): Promise<void> {
  if (clientProvider(db) === "postgresql")
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`mentor:${workspaceId}:${mentorId}`}, 0))`;
}

/** The stored contribution of the entry `where` finds (read under the mentor's lock), or undefined. */
export async function storedContribution(
  tx: Tx,
  where: { id: string } | { workspaceId: string; mentorId: string; shortId: string },
): Promise<Contribution | undefined> {
  const r = await tx.mentorEntry.findFirst({
    where,
    select: { occurredOn: true, minutes: true, topics: { select: { topic: true } } },
  });
  return r ? { day: r.occurredOn, minutes: r.minutes, topics: r.topics.map((t) => t.topic) } : undefined;
}

/** Brings the totals from an entry's old contribution to its new one (either may be absent). */
export async function moveContribution(
  tx: Tx,
  workspaceId: string,
  mentorId: string,
  before: Contribution | undefined,
  after: Contribution | undefined,
): Promise<void> {
  await refreshDays(
    tx,
    workspaceId,
    mentorId,
    [before?.day, after?.day].filter((d): d is Date => !!d),
  );
  for (const [c, sign] of [
    [before, -1],
    [after, 1],
  ] as const)
    for (const topic of c?.topics ?? []) {
      const key = { workspaceId, day: c!.day, topic };
      await tx.mentorTopicDay.upsert({
        where: { workspaceId_day_topic: key },
        create: { ...key, minutes: sign * c!.minutes },
        update: { minutes: { increment: sign * c!.minutes } },
      });
    }
}

async function refreshDays(tx: Tx, workspaceId: string, mentorId: string, days: Date[]): Promise<void> {
  for (const day of new Set(days.map((d) => d.getTime()))) {
    const key = { workspaceId, mentorId, day: new Date(day) };
    const total = await tx.mentorEntry.aggregate({
      where: { workspaceId, mentorId, occurredOn: key.day },
      _sum: { minutes: true },
      _count: { _all: true },
    });
    if (!total._count._all) await tx.mentorDay.deleteMany({ where: key });
    else {
      const values = { minutes: total._sum.minutes ?? 0, entries: total._count._all };
      await tx.mentorDay.upsert({
        where: { workspaceId_mentorId_day: key },
        create: { ...key, ...values },
        update: values,
      });
    }
  }
}

/**
 * Rebuilds every total of a workspace from its entries (migration 0002 runs the same
 * statements). For repairs and for data loaded outside the services.
 */
export async function rebuildRollups(db: Db, workspaceId: string): Promise<void> {
  await db.$transaction([
    db.mentorDay.deleteMany({ where: { workspaceId } }),
    db.mentorTopicDay.deleteMany({ where: { workspaceId } }),
    db.$executeRaw`INSERT INTO "MentorDay" ("workspaceId", "mentorId", "day", "minutes", "entries")
      SELECT "workspaceId", "mentorId", "occurredOn", SUM("minutes"), COUNT(*) FROM "MentorEntry" WHERE "workspaceId" = ${workspaceId} GROUP BY "workspaceId", "mentorId", "occurredOn"`,
    db.$executeRaw`INSERT INTO "MentorTopicDay" ("workspaceId", "day", "topic", "minutes")
      SELECT "workspaceId", "occurredOn", "topic", SUM("minutes") FROM "MentorTopic" WHERE "workspaceId" = ${workspaceId} GROUP BY "workspaceId", "occurredOn", "topic"`,
  ]);
}
