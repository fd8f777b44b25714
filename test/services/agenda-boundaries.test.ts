// The agenda's confidentiality and team boundaries, on SQLite and PostgreSQL: an anonymous item
// leaves nothing that leads back to its author (every column of every table, the member list,
// timestamps, the audit log) and is withdrawn only with the token its author alone was given,
// also after the encryption key is rotated; team commands belong to that team's facilitators
// (and admins/coordinators), not to any facilitator; agendas are read by the team's members.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeApp, PROVIDERS, testKey, type TestApp } from "../support/app.js";
import { ConsoleDriver } from "../support/console.js";
import { everyText } from "../support/every-text.js";
import type { Posted } from "../../src/platforms/console/session.js";
import { Keyring } from "../../src/core/keyring.js";
import { randomBytes } from "node:crypto";

const button = (p: Posted, label: string): number => Number(new RegExp(`\\[(\\d+)\\] ${label}`).exec(p.text)![1]);
const SIX = '"@fac @t1 @t2 @t3 @t4 @quiet"';

describe.each(PROVIDERS)("anonymous agenda items [%s]", (provider) => {
  let app: TestApp;
  let con: ConsoleDriver;
  beforeEach(async () => {
    app = await makeApp(provider, { now: "2026-11-02T15:00:00Z" }); // Monday 10:00 in New York
    con = new ConsoleDriver(app);
    await con.as("admin", "general", "/cadre role add user:@fac role:facilitator");
    await con.as(
      "fac",
      "general",
      `/agenda setup name:"Lincoln ILT" channel:#ilt members:${SIX} day:thursday time:3:30pm`,
    );
  });
  afterEach(() => app.stop());

  const addAnonymously = async (): Promise<{ answer: Posted; shortId: string; token: string }> => {
    app.clock.set("2026-11-02T16:37:12.345Z");
    const [answer] = await con.as("quiet", "ilt", '/agenda add "Recess duty schedule is unfair" anonymous:yes');
    expect(answer!.kind).toBe("private");
    const shortId = /Added \*?\*?([A-Z0-9]{4})/.exec(answer!.reply.text!)![1]!;
    const token = /token:([A-Za-z0-9_-]{20,})/.exec(answer!.reply.context ?? "")![1]!;
    return { answer: answer!, shortId, token };
  };

  it("stores nothing that leads back to the author: no column, no member row, no exact time, no audit row", async () => {
    const before = await everyText(app, provider);
    const membersBefore = await app.deps.db.member.findMany({ orderBy: { id: "asc" } });
    const { answer } = await addAnonymously();
    expect(answer.text).toContain("anonymously");

    // Whoever holds the database and the key cannot compute the author from the stored values.
    const team = await app.deps.db.team.findFirstOrThrow();
    const computable = [
      "quiet",
      testKey.toString("hex"),
      new Keyring(testKey).hmac(`agenda:${team.id}:quiet`),
      new Keyring(testKey).hmac("quiet"),
    ];
    const seen = new Map<string, number>();
    for (const t of before)
      seen.set(`${t.table}.${t.column}=${t.value}`, (seen.get(`${t.table}.${t.column}=${t.value}`) ?? 0) + 1);
    const changed = (await everyText(app, provider)).filter((t) => {
      const k = `${t.table}.${t.column}=${t.value}`;
      const n = seen.get(k) ?? 0;
      if (n) seen.set(k, n - 1);
      return n === 0;
    });
    expect(changed.some((t) => t.value === "Recess duty schedule is unfair")).toBe(true); // the scan sees the item
    for (const t of changed) for (const c of computable) expect(`${t.table}.${t.column}: ${t.value}`).not.toContain(c);
    // Nor anywhere else: the keyed hashes of the author are stored nowhere.
    for (const t of await everyText(app, provider))
      for (const c of computable.slice(1)) expect(`${t.table}.${t.column}: ${t.value}`).not.toContain(c);

    // The author's first command: no Member row is created for it, and nobody's is touched.
    expect(await app.deps.db.member.findMany({ orderBy: { id: "asc" } })).toEqual(membersBefore);
    expect(await app.deps.db.member.count({ where: { userId: "quiet" } })).toBe(0);
    // The item's own time is its day; its id carries no timestamp (a cuid's does).
    const row = await app.deps.db.agendaItem.findFirstOrThrow({ where: { text: "Recess duty schedule is unfair" } });
    expect(row.createdAt.toISOString()).toBe("2026-11-02T00:00:00.000Z");
    expect(row.id).not.toMatch(/^c[a-z0-9]{24}$/);
    expect(row.submitterId).toBeNull();
    expect(await app.deps.db.auditEvent.count({ where: { actorId: "quiet" } })).toBe(0);
  });

  it("withdraws with the token its author was given, by button or command, and nobody else can", async () => {
    const { answer, shortId, token } = await addAnonymously();
    // t4 holds no role at the next meeting (t1-t3 do).
    const [t4] = await con.as("t4", "ilt", `/agenda remove item:${shortId}`);
    expect(t4!.kind).toBe("private");
    expect(t4!.text).toContain("Only the person who added an item, or a facilitator of Lincoln ILT, can remove it");
    expect(t4!.text).toContain("Example:");
    const [wrong] = await con.as("t4", "ilt", `/agenda remove item:${shortId} token:${"A".repeat(22)}`);
    expect(wrong!.text).toContain("That withdrawal token is not this item's");
    // The author without the token is not told apart from anyone else.
    const [self] = await con.as("quiet", "ilt", `/agenda remove item:${shortId}`);
    expect(self!.text).toContain("use the Withdraw button cadre sent you");
    expect((await app.deps.db.agendaItem.findFirstOrThrow({ where: { shortId } })).status).toBe("open");

    await con.chat.press(button(answer, "Withdraw"), "quiet");
    const done = con.transcript.at(-1)!;
    expect(done.text).toContain(`Withdrew ${shortId}`);
    expect((await app.deps.db.agendaItem.findFirstOrThrow({ where: { shortId } })).status).toBe("withdrawn");
    expect(await app.deps.db.member.count({ where: { userId: "quiet" } })).toBe(0);
    void token;
  });

  it("still withdraws with the token after the encryption key is rotated", async () => {
    const { shortId, token } = await addAnonymously();
    await app.stop();
    app = await makeApp(provider, {
      url: app.url,
      now: "2026-11-03T15:00:00Z",
      app: { keyring: new Keyring(randomBytes(32), [testKey]) },
    });
    con = new ConsoleDriver(app);
    const [ok] = await con.as("quiet", "ilt", `/agenda remove item:${shortId} token:${token}`);
    expect(ok!.text).toContain(`Withdrew ${shortId}`);
    expect((await app.deps.db.agendaItem.findFirstOrThrow({ where: { shortId } })).status).toBe("withdrawn");
  });
});

describe.each(PROVIDERS)("agenda team boundaries [%s]", (provider) => {
  let app: TestApp;
  let con: ConsoleDriver;
  let lincolnItem: string;
  beforeEach(async () => {
    app = await makeApp(provider, { now: "2026-11-02T15:00:00Z" });
    con = new ConsoleDriver(app);
    await con.as(
      "admin",
      "general",
      "/cadre role add user:@linc role:facilitator",
      "/cadre role add user:@jeff role:facilitator",
      "/cadre role add user:@coord role:coordinator",
    );
    await con.as(
      "linc",
      "general",
      '/agenda setup name:"Lincoln ILT" channel:#lincoln-ilt members:"@linc @ana @ben" day:thursday time:3:30pm',
    );
    await con.as(
      "jeff",
      "general",
      '/agenda setup name:"Jefferson ILT" channel:#jefferson-ilt members:"@jeff @cy @dee" day:tuesday time:3:30pm',
    );
    const [a] = await con.as("ana", "lincoln-ilt", '/agenda add "Recess duty schedule" anonymous:yes');
    lincolnItem = /Added \*?\*?([A-Z0-9]{4})/.exec(a!.reply.text!)![1]!;
  });
  afterEach(() => app.stop());

  const refusedFor = async (user: string, line: string) => {
    const before = await app.deps.db.team.findMany({
      include: { members: true, meetings: { include: { items: true } } },
    });
    const out = await con.as(user, "jefferson-ilt", line);
    expect(
      out.map((p) => p.kind),
      line,
    ).toEqual(["private"]);
    expect(out[0]!.text, line).toMatch(
      /only (a facilitator|the facilitator|the follow-up's owner|members|the person who added)[^\n]*Lincoln ILT/i,
    );
    expect(out[0]!.text, line).toContain("Example:");
    const after = await app.deps.db.team.findMany({
      include: { members: true, meetings: { include: { items: true } } },
    });
    expect(after, `${line} saved nothing`).toEqual(before);
  };

  it("refuses every Lincoln team command to a facilitator of Jefferson, saving nothing", async () => {
    await refusedFor(
      "jeff",
      '/agenda setup name:"Lincoln ILT" channel:#jefferson-ilt members:"@jeff @cy" day:thursday time:3:30pm',
    );
    await refusedFor("jeff", '/agenda publish team:"Lincoln ILT"');
    await refusedFor("jeff", '/agenda close team:"Lincoln ILT"');
    await refusedFor("jeff", `/agenda move item:${lincolnItem} position:1 team:"Lincoln ILT"`);
    await refusedFor("jeff", `/agenda remove item:${lincolnItem} team:"Lincoln ILT"`);
    await refusedFor("jeff", `/agenda done item:${lincolnItem} team:"Lincoln ILT"`);
    await refusedFor("jeff", '/agenda action owner:@ana task:"Share the rubric" team:"Lincoln ILT"');
    await refusedFor("jeff", '/agenda roles swap role:recorder user:@ben team:"Lincoln ILT"');
    await refusedFor("jeff", '/agenda roles team:"Lincoln ILT"');
    await refusedFor("jeff", '/agenda list team:"Lincoln ILT"');
    await refusedFor("jeff", '/agenda export team:"Lincoln ILT"');
  });

  it("lets Lincoln's facilitator and a coordinator run them, and posts only to Lincoln's channel", async () => {
    const [own] = await con.as("linc", "lincoln-ilt", `/agenda move item:${lincolnItem} position:1`);
    expect(own!.text).toContain(`Moved ${lincolnItem}`);
    const posted = await con.as("coord", "general", '/agenda publish team:"Lincoln ILT"');
    expect(posted.filter((p) => p.kind === "post").map((p) => p.channelId)).toEqual(["lincoln-ilt"]);
    const [list] = await con.as("coord", "general", '/agenda list team:"Lincoln ILT"');
    expect(list!.text).toContain("Recess duty schedule");
  });

  it("shows and exports an agenda only to the team's members", async () => {
    const [outsider] = await con.as("zed", "general", '/agenda list team:"Lincoln ILT"');
    expect(outsider!.text).toContain("Only members of Lincoln ILT");
    expect(outsider!.text).not.toContain("Recess duty schedule");
    const [file] = await con.as("zed", "general", '/agenda export team:"Lincoln ILT"');
    expect(file!.reply.files ?? []).toEqual([]);
    expect(file!.text).not.toContain("Recess duty schedule");
    const [member] = await con.as("ben", "lincoln-ilt", "/agenda list");
    expect(member!.text).toContain("Recess duty schedule");
  });
});
