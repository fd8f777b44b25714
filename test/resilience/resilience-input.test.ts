// Hostile input through the dispatcher: oversized messages and option floods are refused
// clearly, and fuzzed options for every subcommand of every command are answered without an
// unexpected error (the dispatcher's guard turns any throw into an "error id" reply and an
// "unexpected error" log line, so those are what is checked) and never leave rows behind
// when the answer is an error.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Source } from "../../src/core/context.js";
import type { Db } from "../../src/db/client.js";
import { Prisma } from "../../src/generated/sqlite/client.ts";
import { makeApp, type TestApp } from "../support/app.js";

const source: Source = {
  platform: "console",
  externalWorkspaceId: "fuzz",
  channelId: "general",
  isDM: false,
  userId: "fuzzer",
  displayName: "Fuzzer",
  isPlatformAdmin: true,
};

/** Tables that record who touched the bot rather than what they did. */
const BOOKKEEPING = ["Member", "Workspace", "AuditEvent"];

/**
 * Rows in every table of the schema except the bookkeeping ones. Every model must have a
 * delegate with count(): a renamed or missing one fails here instead of counting as 0.
 */
async function contentRows(db: Db): Promise<number> {
  const models = Object.values(Prisma.ModelName).filter((m) => !BOOKKEEPING.includes(m));
  expect(models.length).toBeGreaterThan(10);
  const delegates = db as unknown as Record<string, { count?: () => Promise<number> } | undefined>;
  const counts = await Promise.all(
    models.map((m) => {
      const count = delegates[m[0]!.toLowerCase() + m.slice(1)]?.count;
      if (typeof count !== "function") throw new Error(`no count() for table ${m} on the client`);
      return count();
    }),
  );
  return counts.reduce((a, b) => a + b, 0);
}

/** Log lines of errors the dispatcher did not expect (each one also answered with an error id). */
const unexpected = (app: TestApp) => app.logs.filter((l) => l.includes('"unexpected error"'));

describe("hostile input [sqlite]", () => {
  let app: TestApp;
  beforeAll(async () => {
    // Thousands of inputs from one person at one frozen instant: without the per-person rate
    // limit (its own tests: test/core/rate-limit.test.ts), or most would be refused unread.
    app = await makeApp("sqlite", { app: { rateLimit: false } });
  });
  afterAll(() => app.stop());

  it("refuses a 100 KB command and a 100 KB DM with the limit", async () => {
    const big = "x".repeat(100 * 1024);
    const [r] = await app.dispatcher.run({ source, command: "reminder", text: `add ${big} when:tomorrow` });
    expect(r!.to.kind).toBe("private");
    expect(r!.text).toMatch(/102,4\d\d characters long; the limit is 8,000/);
    const [d] = await app.dispatcher.dm({ ...source, isDM: true, channelId: "dm-fuzzer" }, big);
    expect(d!.text).toMatch(/the limit is 8,000/);
  });

  it("refuses 10,000 options, typed or native", async () => {
    const before = await contentRows(app.deps.db);
    const typed = Array.from({ length: 10_000 }, (_, i) => `o${i}:x`).join(" ");
    const [t] = await app.dispatcher.run({ source, command: "cadre", text: `settings ${typed}` });
    expect(t!.text).toMatch(/limit is 8,000|at most 40/);
    const options = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`o${i}`, "x"]));
    const [n] = await app.dispatcher.run({ source, command: "cadre", sub: "settings", options });
    expect(n!.text).toContain("Too many options (10000)");
    expect(await contentRows(app.deps.db)).toBe(before);
  });

  it("counts rows in every content table (the check the other tests rely on)", async () => {
    const before = await contentRows(app.deps.db);
    const [r] = await app.dispatcher.run({ source, command: "reminder", text: "add text:hello when:tomorrow" });
    expect(r!.tone).not.toBe("error");
    expect(await contentRows(app.deps.db)).toBe(before + 2); // the reminder and its delivery
    await app.deps.db.delivery.deleteMany();
    await app.deps.db.reminder.deleteMany();
    expect(await contentRows(app.deps.db)).toBe(before);
  });

  it("property: fuzzed options for every subcommand get an answer with no unexpected error (no error id, nothing logged), and errors save nothing", async () => {
    const subs = app.dispatcher.list.flatMap((c) =>
      Object.entries(c.subcommands).map(([name, s]) => ({ command: c.name, sub: name, keys: Object.keys(s.options) })),
    );
    const value = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.integer(),
      fc.boolean(),
      fc.constantFrom(
        "",
        " ",
        "#general",
        "@fuzzer",
        "tomorrow 9am",
        "1970-01-01",
        "-5",
        "1e308",
        "every 1 minutes",
        "null",
      ),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...subs),
        fc.dictionary(fc.string({ maxLength: 12 }), value, { maxKeys: 6 }),
        fc.array(value, { maxLength: 6 }),
        async (s, extra, vals) => {
          const options: Record<string, unknown> = { ...extra };
          s.keys.forEach((k, i) => {
            if (i < vals.length) options[k] = vals[i];
          });
          const before = await contentRows(app.deps.db);
          const logged = unexpected(app).length;
          const replies = await app.dispatcher.run({ source, command: s.command, sub: s.sub, options });
          expect(replies.length).toBeGreaterThanOrEqual(1);
          for (const r of replies) expect(r.text ?? "").not.toMatch(/error id/);
          expect(unexpected(app).slice(logged)).toEqual([]);
          if (replies.some((r) => r.tone === "error")) expect(await contentRows(app.deps.db)).toBe(before);
        },
      ),
      { numRuns: 300 },
    );
    expect(unexpected(app)).toEqual([]);
  });
});
