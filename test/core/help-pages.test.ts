// Help for every command, however it is asked for, in lines that read as sentences.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeApp, type TestApp } from "../support/app.js";
import { ConsoleDriver } from "../support/console.js";

describe("help pages [sqlite]", () => {
  let app: TestApp;
  let con: ConsoleDriver;
  beforeAll(async () => {
    // It reads every help page as one person in one frozen instant: not what the rate limit is for.
    app = await makeApp("sqlite", { app: { rateLimit: false } });
    con = new ConsoleDriver(app);
  });
  afterAll(() => app.stop());

  it("/cadre help <command>, /cadre help <command> <sub> and /x help answer for every command", async () => {
    for (const cmd of app.dispatcher.list) {
      const [viaCadre] = await con.as("ana", "general", `/cadre help ${cmd.name}`);
      expect(viaCadre!.reply.tone).not.toBe("error");
      expect(viaCadre!.text).toContain(`/${cmd.name} — `);
      const [own] = await con.as("ana", "general", `/${cmd.name} help`);
      expect(own!.reply.tone).not.toBe("error");
      for (const sub of Object.keys(cmd.subcommands)) {
        const [page] = await con.as("ana", "general", `/cadre help ${cmd.name} ${sub}`);
        expect(page!.reply.tone, `/cadre help ${cmd.name} ${sub}`).not.toBe("error");
        expect(page!.text).toContain(`/${cmd.name} ${sub}`);
      }
    }
    const [settings] = await con.as("ana", "general", "/cadre help settings");
    expect(settings!.reply.tone).not.toBe("error");
    expect(settings!.text).toContain("/cadre settings");
    expect(settings!.text).toContain("timezone:");
    const [unknown] = await con.as("ana", "general", "/cadre help frobnicate");
    expect(unknown!.reply.tone).toBe("error");
    expect(unknown!.text).toContain("/cadre help session");
  });

  it("option lines read naturally: one example each, choices and the bare form in words", async () => {
    for (const cmd of app.dispatcher.list)
      for (const sub of Object.keys(cmd.subcommands)) {
        const [page] = await con.as("ana", "general", `/${cmd.name} ${sub} help`);
        for (const line of page!.text.split("\n").filter((l) => l.startsWith("- `"))) {
          expect(line.match(/e\.g\./g)?.length ?? 0, line).toBeLessThanOrEqual(1);
          expect(line, line).not.toMatch(/one of [^)]*, required/);
          expect(line, line).not.toContain("may be written without the name");
        }
      }
    const [role] = await con.as("ana", "general", "/cadre role help");
    expect(role!.text).toContain("one of add, remove or list");
  });
});
