// The /cadre settings view, on SQLite and PostgreSQL: every setting /cadre settings takes is
// shown under the very name typed to change it ("mentee-goal: 50 h"), and the value shown can
// be typed back as it is: copying a line changes nothing.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeApp, PROVIDERS, type TestApp } from "../support/app.js";
import { ConsoleDriver } from "../support/console.js";

/** `name: value` for each setting in the view, read back from its text. */
function shown(text: string, names: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const n of names) {
    const m = new RegExp(`(?:^|\\n|: )\\s*${n}: ([^\\n]+)`).exec(text);
    if (m) out.set(n, m[1]!);
  }
  return out;
}

/** The value as typed: a quoted value whole, otherwise its first word ("50 h" -> "50"). */
const typed = (value: string) => (value.startsWith('"') ? /^"[^"]*"/.exec(value)![0] : value.split(" ")[0]!);

describe.each(PROVIDERS)("/cadre settings view [%s]", (provider) => {
  let app: TestApp;
  let con: ConsoleDriver;
  let names: string[];
  beforeEach(async () => {
    app = await makeApp(provider, { app: { rateLimit: false } });
    con = new ConsoleDriver(app);
    const cadre = app.dispatcher.list.find((c) => c.name === "cadre")!;
    names = Object.keys(cadre.subcommands.settings!.options);
  });
  afterEach(() => app.stop());

  it("shows every setting under the name typed to change it, mentee-goal as `mentee-goal: 50 h`", async () => {
    const [set] = await con.as(
      "admin",
      "general",
      '/cadre settings mentee-goal:50 mentor-goal:300 stipend-due:2027-05-28 district-name:"Jefferson County"',
    );
    expect(set!.reply.tone).not.toBe("error");
    const [view] = await con.as("ana", "general", "/cadre settings");
    const lines = shown(view!.text, names);
    expect(names.filter((n) => !lines.has(n))).toEqual([]);
    expect(view!.text).toContain("mentee-goal: 50 h");
    expect(view!.text).toContain("mentor-goal: 300 h");
    expect(view!.text).not.toContain("Mentoring goal");
  });

  it("a value shown, typed back under its name, changes nothing", async () => {
    await con.as(
      "admin",
      "general",
      '/cadre settings mentee-goal:50 stipend-hours:30 district-name:"Jefferson County"',
    );
    const [view] = await con.as("admin", "general", "/cadre settings");
    const lines = [...shown(view!.text, names)].filter(([, v]) => !v.startsWith("not set"));
    expect(lines.length).toBeGreaterThan(15);
    const [again] = await con.as(
      "admin",
      "general",
      `/cadre settings ${lines.map(([n, v]) => `${n}:${typed(v)}`).join(" ")}`,
    );
    expect(again!.reply.tone).not.toBe("error");
    expect(again!.text).toContain("Nothing to change");
    expect(await app.deps.db.auditEvent.count({ where: { action: "settings.update" } })).toBe(1);
  });
});
