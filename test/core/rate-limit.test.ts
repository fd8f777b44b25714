// Per-person command rate limits through the console adapter: a flood from one person is cut
// to a burst with a private "you're going fast" answer, others are unaffected, time refills
// the bucket, and pressing the same button on one card twice is not charged.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeApp, type TestApp } from "../support/app.js";
import { ConsoleDriver } from "../support/console.js";

describe("command rate limit", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await makeApp("sqlite");
  });
  afterAll(() => app.stop());

  it("runs 20 commands at once from one person, refuses the rest privately with when to retry, and lets others and later commands through", async () => {
    const con = new ConsoleDriver(app);
    const out = await con.as("flo", "general", ...Array.from({ length: 200 }, () => "/reminder list"));
    const refused = out.filter((p) => /going fast/.test(p.text));
    expect(out).toHaveLength(200);
    expect(refused).toHaveLength(180);
    expect(refused[0]!.kind).toBe("private");
    expect(refused[0]!.text).toMatch(/up to 20 commands per 10 seconds.*not run\. Try again in 1 s\./s);
    expect(refused[0]!.text).toContain("Example: `/reminder help`");
    // Someone else in the same workspace is not slowed down by flo.
    const [other] = await con.as("gus", "general", "/reminder list");
    expect(other!.text).not.toMatch(/going fast/);
    // Ten seconds later the bucket is full again.
    app.clock.advance(10_000);
    const again = await con.as("flo", "general", ...Array.from({ length: 20 }, () => "/reminder list"));
    expect(again.filter((p) => /going fast/.test(p.text))).toHaveLength(0);
  });

  it("does not charge pressing the same button on the same card again", async () => {
    const con = new ConsoleDriver(app);
    const [card] = await con.as("hal", "general", "/cadre help");
    expect(card).toBeDefined();
    // A card with a button: the mentor DM flow's draft has Save / Discard.
    const [draft] = await con.as("hal", "dm", "45 min with J.R. today - classroom management");
    const n = Number(/\[(\d+)\]/.exec(draft!.text)?.[1]);
    expect(n).toBeGreaterThan(0);
    // 18 commands used (2 above, 16 here), then the same button pressed five times: one more.
    await con.as("hal", "general", ...Array.from({ length: 16 }, () => "/reminder list"));
    for (let i = 0; i < 5; i++) await con.chat.press(n);
    const after = await con.as("hal", "general", "/reminder list");
    expect(after[0]!.text).not.toMatch(/going fast/);
    const [refused] = await con.as("hal", "general", "/reminder list");
    expect(refused!.text).toMatch(/going fast/);
  });
});
