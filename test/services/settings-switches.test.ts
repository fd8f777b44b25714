// The on/off settings of /cadre settings, on SQLite and PostgreSQL: every one is the same kind of
// option, takes on/off, yes/no and true/false alike (the spellings of before keep working), and
// is shown one way, as on or off.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { OptionsShape } from "../../src/core/options.js";
import { parseSettings } from "../../src/services/settings.js";
import { makeApp, PROVIDERS, type TestApp } from "../support/app.js";
import { ConsoleDriver } from "../support/console.js";

/** Each on/off setting and the workspace setting it turns on or off. */
const SWITCHES = {
  "mentee-confirmation": "menteeConfirmation",
  "pace-nudges": "paceNudges",
  "certificate-after-feedback": "certificateAfterFeedback",
} as const;
const WORDS: [string, boolean][] = [
  ["on", true],
  ["off", false],
  ["yes", true],
  ["no", false],
  ["true", true],
  ["false", false],
  ["ON", true],
  ["No", false],
];

describe.each(PROVIDERS)("/cadre settings on/off settings [%s]", (provider) => {
  let app: TestApp;
  let con: ConsoleDriver;
  beforeEach(async () => {
    app = await makeApp(provider, { app: { rateLimit: false } });
    con = new ConsoleDriver(app);
  });
  afterEach(() => app.stop());

  const stored = async () =>
    parseSettings((await app.deps.db.workspace.findFirstOrThrow({ where: { platform: "console" } })).settings);

  it("every on/off setting is one kind of option, and no other setting is a two-word choice", () => {
    const cadre = app.dispatcher.list.find((c) => c.name === "cadre")!;
    const options: OptionsShape = cadre.subcommands.settings!.options;
    for (const name of Object.keys(SWITCHES)) {
      expect(options[name]!.kind, name).toBe("boolean");
      expect(options[name]!.example, name).toBe("on");
    }
    const twoWords = Object.entries(options).filter(
      ([, o]) =>
        o.kind === "choice" && o.choices!.length === 2 && o.choices!.some((c) => /^(on|off|yes|no)$/.test(c.value)),
    );
    expect(twoWords.map(([n]) => n)).toEqual([]);
  });

  it("takes on/off, yes/no and true/false for every on/off setting", async () => {
    for (const [name, key] of Object.entries(SWITCHES))
      for (const [word, on] of WORDS) {
        const [r] = await con.as("admin", "general", `/cadre settings ${name}:${word}`);
        expect(r!.reply.tone, `${name}:${word}`).not.toBe("error");
        expect((await stored())[key], `${name}:${word}`).toBe(on);
        expect(r!.text, `${name}:${word}`).toContain(`${name}: ${on ? "on" : "off"}`);
      }
  });

  it("shows them one way, as on or off, and the old spellings change nothing once set", async () => {
    const [set] = await con.as(
      "admin",
      "general",
      "/cadre settings mentee-confirmation:yes pace-nudges:true certificate-after-feedback:off",
    );
    const saved = /Saved: ([^.]*)\./.exec(set!.text)![1]!.split(", ");
    expect(saved.sort()).toEqual(Object.keys(SWITCHES).sort());
    for (const line of ["mentee-confirmation: on", "pace-nudges: on", "certificate-after-feedback: off"])
      expect(set!.text).toContain(line);
    expect(set!.text).not.toMatch(/(mentee-confirmation|pace-nudges|certificate-after-feedback): (yes|no|true|false)/);
    const [old] = await con.as(
      "admin",
      "general",
      "/cadre settings mentee-confirmation:on pace-nudges:on certificate-after-feedback:no",
    );
    expect(old!.text).toContain("Nothing to change:");
    for (const line of [
      "mentee-confirmation is already on",
      "pace-nudges is already on",
      "certificate-after-feedback is already off",
    ])
      expect(old!.text).toContain(line);
    const [bad] = await con.as("admin", "general", "/cadre settings pace-nudges:maybe");
    expect(bad!.reply.tone).toBe("error");
    expect(bad!.text).toContain("expected on or off");
    expect((await stored()).paceNudges).toBe(true);
    const [help] = await con.as("admin", "general", "/cadre settings help");
    for (const name of Object.keys(SWITCHES)) expect(help!.text).toContain(`\`${name}:on\` (on/off)`);
  });
});
