// The most used commands' database round trips, pinned: a change that adds a query to one of
// them fails here and names the statements (see `npm run bench -- queries` for the table).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeApp, PROVIDERS, type TestApp } from "../support/app.js";
import { HOT_COMMANDS, hotPaths, type HotCommand, type HotPathCosts } from "../support/round-trips.js";

/** At most this many round trips for a returning person (the same on both providers). */
const MAX: Record<HotCommand, number> = {
  "session list": 1,
  "session rsvp button": 4,
  "session announce": 3, // one more: the same session already announced (answered with it: safe to repeat)
  "agenda add": 4,
  "agenda list": 2,
  "mentor DM draft": 2,
  "mentor save button": 2, // the draft with the mentor's pairs; the entry, topics, totals and draft's mark in one
  "mentor hours": 2, // topic sums; the entries with whether each was confirmed
  "reminder add": 4,
  "reminder list": 2,
};

describe.each(PROVIDERS)("round trips per command [%s]", (provider) => {
  let app: TestApp;
  let costs: HotPathCosts;
  beforeAll(async () => {
    app = await makeApp(provider, { app: { rateLimit: false } });
    const run = await hotPaths(app);
    await run(1);
    costs = await run(2);
  });
  afterAll(() => app.stop());

  it.each(HOT_COMMANDS)("%s stays within its round trips", (c) => {
    expect(costs.counts[c], `${c}:\n${costs.sql[c].map((s) => s.slice(0, 160)).join("\n")}`).toBeLessThanOrEqual(
      MAX[c],
    );
  });

  it("finds who is acting without a round trip for a returning person", () => {
    for (const c of HOT_COMMANDS) expect(costs.sql[c].join("\n")).not.toMatch(/LEFT JOIN "Member"/);
  });
});
