// The coordinator's report reads daily totals kept beside the entries. Whatever mentors log,
// edit and delete, in any order, the report equals what a plain model of those operations
// says, and the totals equal a rebuild from the entries. Concurrent saves on one day lose
// nothing (on PostgreSQL this needs the per-mentor lock and atomic topic upserts). Both databases.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEntry, deleteEntry, ownEntry, updateEntry } from "../../src/services/mentoring/entries.js";
import { mentorReport } from "../../src/services/mentoring/report.js";
import { rebuildRollups } from "../../src/services/mentoring/rollup.js";
import { dayToDate } from "../../src/services/school-year.js";
import { makeApp, PROVIDERS, type TestApp } from "../support/app.js";

// These compare totals; who holds the mentor role is the command's test (mentor-totals).
const withoutRole = ({ mentorRole: _, ...row }: { mentorRole: boolean; mentorId: string }) => row;
const MENTORS = ["m0", "m1", "m2", "m3", "m4", "m5"];
const DAYS = ["2026-10-01", "2026-10-02", "2026-10-05", "2026-11-30"];
const TOPICS = ["planning", "observation", "feedback"];
const FROM = new Date("2026-08-01T00:00:00Z");
const TO = new Date("2027-08-01T00:00:00Z");

type Op =
  | { kind: "create"; mentor: number; day: number; minutes: number; topics: number[] }
  | { kind: "edit"; pick: number; day?: number; minutes?: number; topics?: number[] }
  | { kind: "delete"; pick: number };

const topicsArb = fc.uniqueArray(fc.integer({ min: 0, max: TOPICS.length - 1 }), { minLength: 1, maxLength: 3 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("create" as const),
      mentor: fc.integer({ min: 0, max: MENTORS.length - 1 }),
      day: fc.integer({ min: 0, max: DAYS.length - 1 }),
      minutes: fc.integer({ min: 1, max: 600 }),
      topics: topicsArb,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("edit" as const),
      pick: fc.nat(),
      day: fc.option(fc.integer({ min: 0, max: DAYS.length - 1 }), { nil: undefined }),
      minutes: fc.option(fc.integer({ min: 1, max: 600 }), { nil: undefined }),
      topics: fc.option(topicsArb, { nil: undefined }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("delete" as const), pick: fc.nat() }) },
);

interface Logged {
  mentor: string;
  shortId: string;
  day: string;
  minutes: number;
  topics: string[];
}

describe.each(PROVIDERS)("mentor report totals [%s]", (provider) => {
  let app: TestApp;
  let run = 0;
  beforeAll(async () => {
    app = await makeApp(provider);
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("match a plain model of any sequence of logs, edits and deletes, and a rebuild from the entries", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 25 }), async (ops) => {
        const ws = `w${++run}`;
        const { db, keys } = app.deps;
        const model: Logged[] = [];
        for (const op of ops) {
          if (op.kind === "create") {
            const e = {
              minutes: op.minutes,
              mentee: "Mentee",
              day: DAYS[op.day]!,
              topics: op.topics.map((t) => TOPICS[t]!),
              mode: "in person",
            };
            const saved = await createEntry(db, keys, ws, MENTORS[op.mentor]!, e);
            model.push({
              mentor: MENTORS[op.mentor]!,
              shortId: saved.shortId,
              day: e.day,
              minutes: e.minutes,
              topics: e.topics,
            });
          } else if (model.length) {
            const i = op.pick % model.length;
            const m = model[i]!;
            if (op.kind === "delete") {
              await deleteEntry(db, ws, m.mentor, m.shortId);
              model.splice(i, 1);
            } else {
              const patch = {
                day: op.day === undefined ? undefined : DAYS[op.day],
                minutes: op.minutes,
                topics: op.topics?.map((t) => TOPICS[t]!),
              };
              await updateEntry(db, keys, ws, m.mentor, await ownEntry(db, keys, ws, m.mentor, m.shortId), patch);
              model[i] = {
                ...m,
                day: patch.day ?? m.day,
                minutes: patch.minutes ?? m.minutes,
                topics: patch.topics ?? m.topics,
              };
            }
          }
        }

        const report = await mentorReport(db, ws, FROM, TO);
        const expected = MENTORS.map((mentor) => {
          const mine = model.filter((x) => x.mentor === mentor);
          const last = mine
            .map((x) => x.day)
            .sort()
            .at(-1);
          return {
            mentorId: mentor,
            minutes: mine.reduce((s, x) => s + x.minutes, 0),
            confirmedMinutes: 0, // nobody here has a paired mentee to confirm
            entries: mine.length,
            lastEntry: last ? dayToDate(last) : null,
          };
        }).filter((r) => r.entries > 0);
        const byId = (a: { mentorId: string }, b: { mentorId: string }) => a.mentorId.localeCompare(b.mentorId);
        expect(report.rows.map(withoutRole).sort(byId)).toEqual(expected.sort(byId));

        const contributors = new Set(model.map((x) => x.mentor)).size;
        expect(report.topicMentors).toBe(contributors);
        if (contributors >= 5) {
          const sums = new Map<string, number>();
          for (const x of model) for (const t of x.topics) sums.set(t, (sums.get(t) ?? 0) + x.minutes);
          expect(new Map(report.topics)).toEqual(sums);
        } else expect(report.topics).toBeUndefined();

        const kept = await totals(app, ws);
        await rebuildRollups(db, ws);
        expect(await totals(app, ws)).toEqual(kept);
      }),
      { numRuns: 12 },
    );
  });

  it.each([
    ["one mentor", (i: number) => "m1"],
    ["eight mentors", (i: number) => `m${i}`],
  ])("loses nothing when %s save eight entries on the same day at once", async (label, mentorOf) => {
    const { db, keys } = app.deps;
    const ws = `w-concurrent-${label.length}`;
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        createEntry(db, keys, ws, mentorOf(i), {
          minutes: 10 + i,
          mentee: "Mentee",
          day: "2026-10-07",
          topics: ["planning", "feedback"],
          mode: "in person",
        }),
      ),
    );
    const report = await mentorReport(db, ws, FROM, TO);
    const total = (ids: number[]) => ids.reduce((s, i) => s + 10 + i, 0);
    const all = [0, 1, 2, 3, 4, 5, 6, 7];
    const expected = [...new Set(all.map(mentorOf))].map((m) => {
      const mine = all.filter((i) => mentorOf(i) === m);
      return {
        mentorId: m,
        minutes: total(mine),
        confirmedMinutes: 0,
        entries: mine.length,
        lastEntry: dayToDate("2026-10-07"),
      };
    });
    expect(report.rows.map(withoutRole).sort((a, b) => a.mentorId.localeCompare(b.mentorId))).toEqual(expected);
    expect(
      await db.mentorTopicDay.findMany({
        where: { workspaceId: ws },
        select: { topic: true, minutes: true },
        orderBy: { topic: "asc" },
      }),
    ).toEqual([
      { topic: "feedback", minutes: total(all) },
      { topic: "planning", minutes: total(all) },
    ]);
  });
});

async function totals(app: TestApp, workspaceId: string) {
  const order = [{ mentorId: "asc" as const }, { day: "asc" as const }];
  return {
    days: await app.deps.db.mentorDay.findMany({ where: { workspaceId }, orderBy: order }),
    // A topic whose entries all left keeps a zero row until a rebuild; the report skips it.
    topics: await app.deps.db.mentorTopicDay.findMany({
      where: { workspaceId, minutes: { not: 0 } },
      orderBy: [{ day: "asc" }, { topic: "asc" }],
    }),
  };
}
