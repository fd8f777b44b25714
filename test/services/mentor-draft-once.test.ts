// A draft is one entry at most: once it became an entry (by Save, or by the /mentor log its
// Edit led to), its Save, Edit and Discard answer with that entry and change nothing.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeApp, PROVIDERS, type TestApp } from "../support/app.js";
import { ConsoleDriver } from "../support/console.js";
import type { Posted } from "../../src/platforms/console/session.js";

const button = (p: Posted, label: string): number => Number(new RegExp(`\\[(\\d+)\\] ${label}`).exec(p.text)![1]);

describe.each(PROVIDERS)("a mentoring draft saves once [%s]", (provider) => {
  let app: TestApp;
  let con: ConsoleDriver;
  beforeEach(async () => {
    app = await makeApp(provider, { now: "2026-11-20T17:00:00Z" });
    con = new ConsoleDriver(app);
  });
  afterEach(() => app.stop());

  const entries = () => app.deps.db.mentorEntry.count({ where: { mentorId: "mia" } });

  it("Edit then /mentor log saves one entry; the old card's Save, Edit and Discard then name it", async () => {
    const [card] = await con.as("mia", "dm", "1h30 with J.R. today - planning");
    await con.chat.press(button(card!, "Edit"), "mia");
    const line = /`(\/mentor log [^`]+)`/.exec(con.transcript.at(-1)!.text)![1]!;
    const [saved] = await con.as("mia", "dm", line.replace("duration:90m", "duration:60m"));
    const id = /Saved `(\w+)`/.exec(saved!.text)![1]!;
    expect(await entries()).toBe(1);
    for (const label of ["Save", "Edit", "Discard"]) {
      await con.chat.press(button(card!, label), "mia");
      expect(con.transcript.at(-1)!.text).toContain(`already saved as entry \`${id}\``);
    }
    const [again] = await con.as("mia", "dm", line);
    expect(again!.text).toContain(`already saved as entry \`${id}\``);
    expect(await entries()).toBe(1);
    const minutes = await app.deps.db.mentorEntry.findMany({ where: { mentorId: "mia" }, select: { minutes: true } });
    expect(minutes).toEqual([{ minutes: 60 }]);
  });

  it("Save twice saves once; the second press names the entry", async () => {
    const [card] = await con.as("mia", "dm", "45 min with J.R. today - planning");
    await con.chat.press(button(card!, "Save"), "mia");
    const id = /Saved `(\w+)`/.exec(con.transcript.at(-1)!.text)![1]!;
    await con.chat.press(button(card!, "Save"), "mia");
    expect(con.transcript.at(-1)!.text).toContain(`already saved as entry \`${id}\``);
    await con.chat.press(button(card!, "Discard"), "mia");
    expect(con.transcript.at(-1)!.text).toContain(`already saved as entry \`${id}\``);
    expect(await entries()).toBe(1);
  });
});
