// The most used commands' database round trips, pinned: a change that adds a query to one of
// them fails here and names the statements (see `npm run bench -- queries` for the table).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeApp, PROVIDERS, type TestApp } from "../support/app.js";
import { HOT_COMMANDS, hotPaths, type HotCommand, type HotPathCosts } from "../support/round-trips.js";

/** At most this many round trips for a returning person (the same on both providers). */
const MAX: Record<HotCommand, number> = {
  "session list": 1,
  "session rsvp button": 6,
  "session announce": 3, // one more: the same session already announced (answered with it: safe to repeat)
  "agenda add": 5,
  "agenda list": 3,
  "mentor DM draft": 2,
  "mentor save button": 11, // one more: the pair the entry belongs to (and whether to ask the mentee)
  "mentor hours": 4, // one more: which entries their mentees confirmed
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
