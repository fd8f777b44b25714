// The slash commands Discord shows are the command files: every tree, subcommand and option
// with its type, requiredness, choices and autocomplete, within Discord's limits. Start-up
// registers them once and again only when they change.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commands } from "../../../commands/index.js";
import { defineCommand, sub } from "../../../src/core/command.js";
import { opt, type OptionKind, type OptionSpec } from "../../../src/core/options.js";
import { commandCharacters, commandPayload, payloadHash } from "../../../src/platforms/discord/registration.js";
import { startDiscord } from "../../../src/platforms/discord/start.js";
import { freshDatabaseUrl, makeApp } from "../../support/app.js";
import { FakeDiscord } from "../../fakes/discord/server.js";

// Discord option types, written out independently of the adapter.
const TYPE: Record<OptionKind, number> = {
  text: 3,
  longText: 3,
  url: 3,
  dateTime: 3,
  date: 3,
  duration: 3,
  choice: 3,
  integer: 4,
  boolean: 5,
  user: 6,
  channel: 7,
  number: 10,
};
const NAME = /^[-_\p{L}\p{N}]{1,32}$/u;

describe("Discord registration payload", () => {
  const payload = commandPayload(commands, { global: true });

  it("has one chat-input command per command file, a subcommand per subcommand, and every option typed as declared", () => {
    expect(payload.map((c) => c.name)).toEqual(commands.map((c) => c.name));
    for (const def of commands) {
      const cmd = payload.find((c) => c.name === def.name)!;
      expect(cmd.type).toBe(1);
      expect(cmd.contexts).toEqual([0, 1]); // servers and DMs with the bot
      expect(def.description.startsWith(cmd.description.replace(/…$/, ""))).toBe(true);
      expect(cmd.options.map((s) => s.name).sort()).toEqual(Object.keys(def.subcommands).sort());
      for (const [subName, s] of Object.entries(def.subcommands)) {
        const reg = cmd.options.find((o) => o.name === subName)! as any;
        expect(reg.type).toBe(1);
        expect(s.description.startsWith(reg.description.replace(/…$/, ""))).toBe(true);
        const opts = reg.options ?? [];
        expect(opts.map((o: { name: string }) => o.name).sort()).toEqual(Object.keys(s.options).sort());
        for (const [key, spec] of Object.entries(s.options as Record<string, OptionSpec>)) {
          const o = opts.find((x: { name: string }) => x.name === key)! as any;
          expect(o.type, `/${def.name} ${subName} ${key}`).toBe(TYPE[spec.kind]);
          // Long text left out opens a form, so Discord must let it be left out.
          expect(o.required, `/${def.name} ${subName} ${key}`).toBe(spec.required && spec.kind !== "longText");
          expect(Boolean(o.autocomplete)).toBe(
            Boolean(spec.autocomplete) || (spec.kind === "choice" && spec.choices!.length > 25),
          );
          if (spec.kind === "choice" && spec.choices!.length <= 25)
            expect(o.choices).toEqual(spec.choices!.map((c) => ({ name: c.label, value: c.value })));
          else expect(o.choices).toBeUndefined();
          if (spec.kind === "integer" || spec.kind === "number")
            expect([o.min_value, o.max_value]).toEqual([spec.min, spec.max]);
          if (spec.maxLength && TYPE[spec.kind] === 3 && spec.kind !== "choice")
            expect(o.max_length).toBe(Math.min(spec.maxLength, 6000));
        }
      }
    }
  });

  it("offers autocomplete for the ids people pick: sessions and agenda items", () => {
    const auto = payload.flatMap((c) =>
      c.options.flatMap((s: any) =>
        (s.options ?? []).filter((o: any) => o.autocomplete).map((o: any) => `/${c.name} ${s.name} ${o.name}`),
      ),
    );
    expect(auto).toEqual(
      expect.arrayContaining([
        "/session show id",
        "/session rsvp id",
        "/session cancel id",
        "/agenda move item",
        "/agenda remove item",
      ]),
    );
  });

  it("describes a date option as a date (Discord has no date type)", () => {
    const report = payload.find((c) => c.name === "mentor")!.options.find((o) => o.name === "report")! as any;
    const from = report.options.find((o: { name: string }) => o.name === "from");
    expect(from.type).toBe(3);
    expect(from.description).toContain("(a date, e.g. 2026-08-15)");
  });

  it("respects Discord's limits on names, descriptions, counts and total size", () => {
    expect(payload.length).toBeLessThanOrEqual(100);
    for (const c of payload) {
      expect(c.name).toMatch(NAME);
      expect(c.name).toBe(c.name.toLowerCase());
      expect(c.description.length).toBeGreaterThanOrEqual(1);
      expect(c.description.length).toBeLessThanOrEqual(100);
      expect(c.options.length).toBeLessThanOrEqual(25);
      expect(commandCharacters(c), `/${c.name} total characters`).toBeLessThanOrEqual(4000);
      for (const s of c.options) {
        expect(s.name).toMatch(NAME);
        expect(s.name).toBe(s.name.toLowerCase());
        expect(s.description.length).toBeGreaterThanOrEqual(1);
        expect(s.description.length).toBeLessThanOrEqual(100);
        const opts = (s.options ?? []) as any[];
        expect(opts.length).toBeLessThanOrEqual(25);
        // Required options come first.
        const firstOptional = opts.findIndex((o) => !o.required);
        if (firstOptional >= 0) expect(opts.slice(firstOptional).every((o) => !o.required)).toBe(true);
        for (const o of opts) {
          expect(o.name).toMatch(NAME);
          expect(o.name).toBe(o.name.toLowerCase());
          expect(o.description.length).toBeGreaterThanOrEqual(1);
          expect(o.description.length).toBeLessThanOrEqual(100);
          expect((o.choices ?? []).length).toBeLessThanOrEqual(25);
          for (const ch of o.choices ?? []) {
            expect(ch.name.length).toBeLessThanOrEqual(100);
            expect(String(ch.value).length).toBeLessThanOrEqual(100);
          }
          if (o.max_length !== undefined) expect(o.max_length).toBeLessThanOrEqual(6000);
          if (o.autocomplete) expect(o.choices).toBeUndefined();
        }
      }
    }
  });

  it("shortens long descriptions, turns long choice lists into autocomplete, and refuses what Discord would reject", () => {
    const many = Array.from({ length: 30 }, (_, i) => `c${i}`);
    const big = defineCommand({
      name: "big",
      description: "x".repeat(150),
      subcommands: {
        go: sub({
          description: "y".repeat(120),
          options: { pick: opt.choice({ description: "z".repeat(101), choices: many }) },
          examples: [""],
          run: () => undefined,
        }),
      },
    });
    const [c] = commandPayload([big]);
    expect(c!.description).toHaveLength(100);
    expect(c!.options[0]!.description).toHaveLength(100);
    expect(c!.options[0]!.options![0]).toMatchObject({ autocomplete: true, type: 3 });
    expect(c!.contexts).toBeUndefined(); // guild registration

    const tooMany = defineCommand({
      name: "wide",
      description: "Too many options",
      subcommands: {
        go: sub({
          description: "go",
          options: Object.fromEntries(Array.from({ length: 26 }, (_, i) => [`o${i}`, opt.text({ description: "o" })])),
          examples: [""],
          run: () => undefined,
        }),
      },
    });
    expect(() => commandPayload([tooMany])).toThrow(/26 options/);
    const upper = { ...big, name: "Big" };
    expect(() => commandPayload([upper])).toThrow(/not a valid Discord name/);
  });

  it("hashes the payload so any change to what Discord shows changes the hash", () => {
    expect(payloadHash(payload)).toBe(payloadHash(commandPayload(commands, { global: true })));
    const changed = commands.map((c) => (c.name === "cadre" ? { ...c, description: c.description + "!" } : c));
    expect(payloadHash(commandPayload(changed, { global: true }))).not.toBe(payloadHash(payload));
  });
});

describe("Discord registration at start-up", () => {
  let fake: FakeDiscord;
  let url: string;
  const env = (extra: Record<string, string> = {}) => ({
    DISCORD_TOKEN: "fake-bot-token",
    DISCORD_APPLICATION_ID: fake.applicationId,
    DISCORD_API_URL: fake.apiUrl,
    ...extra,
  });
  const puts = () => fake.calls.filter((c) => c.method === "PUT");

  beforeAll(async () => {
    fake = await new FakeDiscord().start();
    url = await freshDatabaseUrl("sqlite");
  });
  afterAll(() => fake.stop());

  async function start(extraEnv: Record<string, string> = {}, cmds = commands) {
    const app = await makeApp("sqlite", { url, env: env(extraEnv), app: { commands: cmds } });
    await startDiscord(app);
    await app.stop();
  }

  it("registers globally on first start with exactly the payload built from the command files, then not again while nothing changed", async () => {
    await start();
    expect(puts()).toHaveLength(1);
    expect(puts()[0]!.path).toBe(`/applications/${fake.applicationId}/commands`);
    expect(fake.commands.get("global")).toEqual(JSON.parse(JSON.stringify(commandPayload(commands, { global: true }))));
    await start();
    expect(puts()).toHaveLength(1);
  });

  it("registers again when the command files change, and to one server with DISCORD_GUILD_ID", async () => {
    const changed = commands.map((c) =>
      c.name === "cadre" ? { ...c, description: "Help, settings and roles (changed)." } : c,
    );
    await start({}, changed);
    expect(puts()).toHaveLength(2);
    expect(fake.commands.get("global")!.find((c) => c.name === "cadre").description).toBe(
      "Help, settings and roles (changed).",
    );
    await start({ DISCORD_GUILD_ID: fake.guildId });
    expect(puts()).toHaveLength(3);
    expect(puts()[2]!.path).toBe(`/applications/${fake.applicationId}/guilds/${fake.guildId}/commands`);
    expect(fake.commands.get(fake.guildId)).toEqual(JSON.parse(JSON.stringify(commandPayload(commands))));
  });

  it("keeps starting when registration fails, and tries again next time", async () => {
    fake.failNext({ status: 500, match: (m) => m === "PUT" }, 10);
    const changed = commands.map((c) => (c.name === "cadre" ? { ...c, description: "Changed again." } : c));
    const before = puts().length;
    await start({}, changed);
    expect(puts().length).toBeGreaterThan(before);
    expect(puts().every((c, i) => i < before || c.status === 500)).toBe(true);
    fake.clearFailures();
    const n = puts().length;
    await start({}, changed);
    expect(puts().length).toBe(n + 1);
    expect(puts()[n]!.status).toBe(200);
  });
});
