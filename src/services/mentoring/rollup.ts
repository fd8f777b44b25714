// Daily totals per mentor (MentorDay) and per mentor and topic (MentorTopicDay), written in the
// same transaction as the entries they sum, so the coordinator's report reads a few hundred
// rows per mentor instead of every entry. A touched day is recomputed from that day's entries
// rather than adjusted by a delta: the totals cannot drift from what is logged, and a day
// repairs itself on the next write. Only minutes, dates and topics are read, never content.
import { clientProvider, type Db } from "../../db/client.js";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/**
 * Serializes one mentor's writes on PostgreSQL for the rest of the transaction, so two saves on
 * the same day cannot each recompute it from a view missing the other. SQLite needs nothing:
 * its single connection runs one transaction at a time.
 */
export async function lockMentor(db: Db, tx: Tx, workspaceId: string, mentorId: string): Promise<void> {
  if (clientProvider(db) === "postgresql") await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`mentor:${workspaceId}:${mentorId}`}, 0))`;
}

/** Recomputes the given days of one mentor from their entries. */
export async function refreshDays(tx: Tx, workspaceId: string, mentorId: string, days: Date[]): Promise<void> {
  for (const day of new Set(days.map((d) => d.getTime()))) {
    const at = new Date(day);
    const key = { workspaceId, mentorId, day: at };
    await tx.mentorDay.deleteMany({ where: key });
    await tx.mentorTopicDay.deleteMany({ where: key });
    const source = { workspaceId, mentorId, occurredOn: at };
    const total = await tx.mentorEntry.aggregate({ where: source, _sum: { minutes: true }, _count: { _all: true } });
    if (!total._count._all) continue;
    await tx.mentorDay.create({ data: { ...key, minutes: total._sum.minutes ?? 0, entries: total._count._all } });
    const topics = await tx.mentorTopic.groupBy({ by: ["topic"], where: source, _sum: { minutes: true } });
    await tx.mentorTopicDay.createMany({ data: topics.map((t) => ({ ...key, topic: t.topic, minutes: t._sum.minutes ?? 0 })) });
  }
}

/**
 * Rebuilds every total of a workspace from its entries (the migration that introduced the
 * totals runs the same statements). For repairs and for data loaded outside the services.
 */
export async function rebuildRollups(db: Db, workspaceId: string): Promise<void> {
  await db.$transaction([
    db.mentorDay.deleteMany({ where: { workspaceId } }),
    db.mentorTopicDay.deleteMany({ where: { workspaceId } }),
    db.$executeRaw`INSERT INTO "MentorDay" ("workspaceId", "mentorId", "day", "minutes", "entries")
      SELECT "workspaceId", "mentorId", "occurredOn", SUM("minutes"), COUNT(*) FROM "MentorEntry" WHERE "workspaceId" = ${workspaceId} GROUP BY "workspaceId", "mentorId", "occurredOn"`,
    db.$executeRaw`INSERT INTO "MentorTopicDay" ("workspaceId", "mentorId", "day", "topic", "minutes")
      SELECT "workspaceId", "mentorId", "occurredOn", "topic", SUM("minutes") FROM "MentorTopic" WHERE "workspaceId" = ${workspaceId} GROUP BY "workspaceId", "mentorId", "occurredOn", "topic"`,
  ]);
}
