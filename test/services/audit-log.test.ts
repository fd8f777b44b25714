// Audit you can read: a coordinator's mentor report, a mentor's export and a privacy request
// each leave an event with ids and counts but no content; /cadre audit (admins only) lists
// them newest first, filtered by who, what and since, and exports them as a CSV by DM (which
// is itself an event).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Posted } from "../../src/platforms/console/session.js";
import { makeApp, PROVIDERS, type TestApp } from "../support/app.js";
import { ConsoleDriver } from "../support/console.js";

const SECRETS = ["Jordan Lee", "mia private note", "planning notes"];

describe.each(PROVIDERS)("/cadre audit [%s]", (provider) => {
  let app: TestApp;
  let con: ConsoleDriver;
  beforeEach(async () => {
    app = await makeApp(provider, { now: "2026-11-20T17:00:00Z" });
    con = new ConsoleDriver(app);
    await con.as("admin", "general", "/cadre role add user:@cora role:coordinator"); // the first admin
    await con.as("mia", "dm", '/mentor log duration:1h mentee:"Jordan Lee" topics:planning notes:"mia private note"');
    app.clock.advance(60_000);
    await con.as("cora", "general", "/mentor report");
    app.clock.advance(60_000);
    await con.as("mia", "dm", "/mentor export");
    app.clock.advance(60_000);
    await con.as("mia", "dm", "/cadre privacy export");
  });
  afterEach(() => app.stop());

  it("a mentor report, an export and a privacy request each leave an event without content", async () => {
    const events = await app.deps.db.auditEvent.findMany({ orderBy: { createdAt: "asc" } });
    expect(events.map((e) => [e.actorId, e.action, e.subjectId])).toEqual([
      ["admin", "role.bootstrap-admin", null],
      ["admin", "role.add", "cora"],
      ["cora", "mentor.report", null],
      ["mia", "mentor.export", null],
      ["mia", "privacy.export", "mia"],
    ]);
    for (const e of events) for (const s of SECRETS) expect(e.detail).not.toContain(s);
  });

  it("lists events newest first with who, what and since filters, to admins only", async () => {
    const [all] = await con.as("admin", "general", "/cadre audit");
    expect(all!.kind).toBe("private");
    const order = ["privacy.export", "mentor.export", "mentor.report", "role.add"].map((a) => all!.text.indexOf(a));
    expect(order.every((i, n) => i >= 0 && (n === 0 || i > order[n - 1]!))).toBe(true);

    const [mia] = await con.as("admin", "general", "/cadre audit who:@mia");
    expect(mia!.text).toContain("privacy.export");
    expect(mia!.text).not.toContain("mentor.report");
    const [cora] = await con.as("admin", "general", "/cadre audit who:@cora");
    expect(cora!.text).toContain("role.add"); // about her
    expect(cora!.text).toContain("mentor.report"); // by her

    const [privacy] = await con.as("admin", "general", "/cadre audit what:privacy");
    expect(privacy!.text).toContain("privacy.export");
    expect(privacy!.text).not.toContain("mentor.");

    // Events are stamped by the database's clock; put them on a known day for since:.
    await app.deps.db.auditEvent.updateMany({ data: { createdAt: new Date("2026-11-19T17:00:00Z") } });
    const [sameDay] = await con.as("admin", "general", "/cadre audit since:2026-11-19");
    expect(sameDay!.text).toContain("privacy.export");
    const [later] = await con.as("admin", "general", "/cadre audit since:2026-11-20");
    expect(later!.text).toContain("No audit events");

    const [refused] = await con.as("mia", "general", "/cadre audit");
    expect(refused!.kind).toBe("private");
    expect(refused!.reply.tone).toBe("error");
    for (const p of [all, mia, cora, privacy] as Posted[]) for (const s of SECRETS) expect(p.text).not.toContain(s);
  });

  it("exports the matching events as a CSV to the admin's DM, and audits the export", async () => {
    const posted = await con.as("admin", "general", "/cadre audit what:mentor export:yes");
    const dm = posted.find((p) => p.kind === "dm" && p.userId === "admin")!;
    const csv = dm.reply.files![0]!.content;
    expect(csv.split("\n").filter(Boolean)).toHaveLength(3); // header and two events
    expect(csv).toContain("mentor.report");
    expect(csv).toContain("mentor.export");
    const last = await app.deps.db.auditEvent.findFirstOrThrow({ where: { action: "audit.export" } });
    expect(JSON.parse(last.detail)).toEqual({ events: 2 });
  });
});
