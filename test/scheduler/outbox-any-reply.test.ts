// The outbox keeps any Reply cadre can produce: a 40-item agenda of long items (500
// characters each, over 20,000 in all) is stored, kept current as items are added, and
// published on schedule with every item, on real databases.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeApp, PROVIDERS, type TestApp } from "../support/app.js";
import { ConsoleDriver } from "../support/console.js";
import { Scheduler } from "../../src/scheduler/scheduler.js";

const ITEMS = 40;
/** A 500-character item, numbered at both ends so a cut anywhere shows. */
const itemText = (i: number) => {
  const head = `Item ${i} start: `;
  const tail = ` :item ${i} end`;
  return head + "fluency data review ".repeat(30).slice(0, 500 - head.length - tail.length) + tail;
};

describe.each(PROVIDERS)("outbox keeps any Reply [%s]", (provider) => {
  let app: TestApp;
  let con: ConsoleDriver;
  beforeAll(async () => {
    // Monday 2 Nov 2026, 10:00 in New York; the team meets Thursday 5 Nov at 3:30pm and its
    // agenda posts itself 24 hours before.
    app = await makeApp(provider, { now: "2026-11-02T15:00:00Z" });
    con = new ConsoleDriver(app);
    await con.as("admin", "general", "/cadre role add user:@fac role:facilitator");
    await con.as(
      "fac",
      "general",
      '/agenda setup name:"Big ILT" channel:#big members:"@a1 @a2 @a3 @a4" day:thursday time:3:30pm',
    );
    for (let i = 1; i <= ITEMS; i++) {
      const [r] = await con.as(`a${1 + (i % 4)}`, "big", `/agenda add "${itemText(i)}" minutes:1`);
      expect(r!.reply.tone, r!.text).toBeUndefined();
      app.clock.advance(1_000); // stays under the per-person command rate
    }
  });
  afterAll(() => app.stop());

  it("publishes a 40-item agenda of long items on schedule, every item whole", async () => {
    const row = await app.deps.db.delivery.findFirstOrThrow({ where: { sourceKind: "agenda-publish" } });
    expect(row.payload.length).toBeGreaterThan(20_000);

    app.clock.set("2026-11-04T20:31:00Z");
    const before = con.transcript.length;
    await new Scheduler(app).drain();
    expect(await app.deps.db.delivery.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: "sent" });
    const posted = con.transcript
      .slice(before)
      .filter((p) => p.kind === "post" && p.channelId === "big")
      .map((p) => p.text)
      .join("\n");
    for (let i = 1; i <= ITEMS; i++) {
      expect(posted).toContain(`Item ${i} start: `);
      expect(posted).toContain(` :item ${i} end`);
    }
  });
});
