// The scheduler's delivery rules on real databases: retries with backoff, a platform's
// Retry-After honoured, failure after the last attempt with the creator told privately,
// leases that expire, and rows that cannot be read.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ChannelRefusedError, RateLimitedError } from "../../src/core/errors.js";
import { plainTokens } from "../../src/core/rich.js";
import { Scheduler } from "../../src/scheduler/scheduler.js";
import { enqueue } from "../../src/services/outbox.js";
import { ensureWorkspace } from "../../src/services/workspaces.js";
import { makeApp, PROVIDERS, type TestApp } from "../support/app.js";
import { ConsoleDriver } from "../support/console.js";
import { RecordingTransport } from "../support/recording-transport.js";

const T0 = Date.parse("2026-11-02T15:00:00Z");

describe.each(PROVIDERS)("scheduler [%s]", (provider) => {
  let app: TestApp;
  let rec: RecordingTransport;
  let wsId: string;
  let seq = 0;
  beforeAll(async () => {
    app = await makeApp(provider, { now: new Date(T0) });
    wsId = (await ensureWorkspace(app.deps.db, "console", "console", "America/New_York")).id;
  });
  afterAll(() => app.stop());
  beforeEach(async () => {
    app.clock.set(T0);
    rec = new RecordingTransport(app.clock);
    app.transports.set("console", rec);
    await app.deps.db.delivery.updateMany({ where: { status: "pending" }, data: { status: "cancelled" } });
  });

  const queue = (text: string, extra: { createdBy?: string; channel?: string } = {}) =>
    enqueue(app.deps.db, {
      workspaceId: wsId,
      dedupeKey: `test:${++seq}`,
      dueAt: new Date(T0),
      target: { kind: "channel", id: extra.channel ?? "general" },
      reply: { text },
      createdBy: extra.createdBy,
    });
  const row = (text: string) =>
    app.deps.db.delivery.findFirstOrThrow({ where: { payload: { contains: `"${text}"` } } });

  it("retries a failing send with growing backoff, then fails it and tells its creator privately", async () => {
    await queue("Scoring window opens", { createdBy: "ana", channel: "broken" });
    rec.before = (_k, to) => {
      if (to === "broken") throw new Error("channel_not_found");
    };
    const s = new Scheduler(app, { maxAttempts: 4 });
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      await s.tick();
      const r = await row("Scoring window opens");
      expect(r).toMatchObject({
        status: "pending",
        attempts: attempt,
        lastError: "channel_not_found",
        claimedBy: null,
      });
      const wait = r.retryAt!.getTime() - app.clock.now().getTime();
      waits.push(wait);
      app.clock.advance(wait - 1000);
      expect(await s.tick(), "not retried before its backoff ends").toBe(0);
      app.clock.advance(1000);
    }
    expect(waits).toEqual([30_000, 60_000, 120_000]);
    await s.drain();
    const failed = await row("Scoring window opens");
    expect(failed).toMatchObject({ status: "failed", attempts: 4, lastError: "channel_not_found" });
    expect(failed.dueAt.getTime(), "backoff never moves the due time").toBe(T0);
    const notice = rec.sent.filter((m) => m.kind === "dm");
    expect(notice).toHaveLength(1);
    expect(notice[0]!.to).toBe("ana");
    expect(plainTokens(notice[0]!.reply.text!, "America/New_York")).toBe(
      "⚠️ Something you scheduled for #broken (“Scoring window opens”) could not be delivered after 4 attempts (channel_not_found).",
    );
  });

  it("a channel that keeps refusing cadre: the creator is told why and what to do, not an error code", async () => {
    await queue("Data day agenda", { createdBy: "ana", channel: "locked" });
    rec.before = (_k, to) => {
      if (to === "locked") throw new ChannelRefusedError("locked", "not-in-channel");
    };
    const s = new Scheduler(app, { maxAttempts: 2 });
    await s.tick();
    app.clock.advance(30_000);
    await s.tick();
    await s.drain();
    expect(await row("Data day agenda")).toMatchObject({ status: "failed", attempts: 2 });
    const [notice] = rec.sent.filter((m) => m.kind === "dm");
    expect(plainTokens(notice!.reply.text!, "America/New_York")).toBe(
      "⚠️ Something you scheduled for #locked (“Data day agenda”) could not be delivered after 2 attempts: cadre is not in that channel. Choose another channel.",
    );
  });

  it("honours a platform's Retry-After: no attempt counted, nothing sent to that target before it", async () => {
    await queue("first");
    await queue("second");
    let limited = true;
    rec.before = () => {
      if (limited) {
        limited = false;
        throw new RateLimitedError(90_000, "chat.postMessage:general");
      }
    };
    const s = new Scheduler(app, { concurrency: 1 });
    await s.tick();
    expect(rec.sent).toHaveLength(0);
    for (const text of ["first", "second"]) {
      const r = await row(text);
      expect(r.attempts).toBe(0);
      expect(r.retryAt?.getTime()).toBe(T0 + 90_000);
    }
    app.clock.advance(89_000);
    expect(await s.tick()).toBe(0);
    app.clock.advance(1_000);
    await s.drain();
    // Both share a due time, so their order is the database's to choose.
    expect(rec.sent.map((m) => m.reply.text).sort()).toEqual(["first", "second"]);
    expect((await row("first")).attempts).toBe(1);
  });

  it("waits out a rate limit on that route only: another channel's post due then goes at once", async () => {
    // The busy channel's row is older, so it is tried first.
    await enqueue(app.deps.db, {
      workspaceId: wsId,
      dedupeKey: `test:${++seq}`,
      dueAt: new Date(T0 - 60_000),
      target: { kind: "channel", id: "busy" },
      reply: { text: "to the busy channel" },
    });
    await queue("to the quiet channel", { channel: "quiet" });
    rec.before = (_k, to) => {
      if (to === "busy") throw new RateLimitedError(30_000, "chat.postMessage:busy");
    };
    await new Scheduler(app, { concurrency: 1 }).drain();
    expect(rec.sent.map((m) => `${m.to}:${m.reply.text}`)).toEqual(["quiet:to the quiet channel"]);
    expect((await row("to the busy channel")).retryAt?.getTime()).toBe(T0 + 30_000);
  });

  it("leaves a row leased by another instance alone until the lease expires, then takes it over", async () => {
    await queue("leased");
    const r = await row("leased");
    await app.deps.db.delivery.update({
      where: { id: r.id },
      data: { claimedBy: "dead-instance:1", claimedUntil: new Date(T0 + 60_000) },
    });
    const s = new Scheduler(app);
    expect(await s.tick()).toBe(0);
    app.clock.set(T0 + 60_001);
    expect(await s.tick()).toBe(1);
    expect(rec.sent.map((m) => m.reply.text)).toEqual(["leased"]);
    expect(await row("leased")).toMatchObject({ status: "sent", claimedUntil: null });
  });

  it("does not mark a row sent when another instance took it over meanwhile (and says so in the log)", async () => {
    await queue("slow");
    const s = new Scheduler(app);
    rec.before = async () => {
      // While this send is in flight the lease is lost to another instance.
      const r = await row("slow");
      await app.deps.db.delivery.update({ where: { id: r.id }, data: { claimedBy: "other:1" } });
    };
    await s.tick();
    expect((await row("slow")).status).toBe("pending");
    expect(app.logs.some((l) => l.includes("it may go out twice"))).toBe(true);
  });

  it("records a sent delivery so that it reads back exactly: time sent, one attempt, lease cleared, findable by time", async () => {
    await queue("plain");
    app.clock.set(T0 + 1234);
    await new Scheduler(app).drain();
    const sentAt = new Date(T0 + 1234);
    expect(await row("plain")).toMatchObject({
      status: "sent",
      sentAt,
      attempts: 1,
      claimedUntil: null,
      retryAt: null,
      lastError: null,
    });
    // The stored form compares like Prisma's own: a range query finds it, one a millisecond later does not.
    const found = await app.deps.db.delivery.findMany({
      where: { sentAt: { gte: sentAt, lt: new Date(sentAt.getTime() + 1) } },
      select: { payload: true },
    });
    expect(found.map((f) => f.payload)).toEqual([JSON.stringify({ text: "plain" })]);
    expect(
      await app.deps.db.delivery.count({
        where: { sentAt: { gt: sentAt }, payload: JSON.stringify({ text: "plain" }) },
      }),
    ).toBe(0);
  });

  it("fails an unreadable row nobody can be told about with its reason, and no time sent", async () => {
    await app.deps.db.delivery.create({
      data: {
        workspaceId: wsId,
        dedupeKey: "bad:2",
        dueAt: new Date(T0),
        targetKind: "channel",
        targetId: "general",
        payload: "{not json",
      },
    });
    await new Scheduler(app).drain();
    expect(await app.deps.db.delivery.findUniqueOrThrow({ where: { dedupeKey: "bad:2" } })).toMatchObject({
      status: "failed",
      attempts: 1,
      sentAt: null,
      lastError: "unreadable payload or target",
      claimedUntil: null,
    });
  });

  it("fails an unreadable row at once instead of retrying it", async () => {
    await app.deps.db.delivery.create({
      data: {
        workspaceId: wsId,
        dedupeKey: "bad:1",
        dueAt: new Date(T0),
        targetKind: "channel",
        targetId: "general",
        payload: "{not json",
        createdBy: "ana",
      },
    });
    await new Scheduler(app).drain();
    expect(await app.deps.db.delivery.findUniqueOrThrow({ where: { dedupeKey: "bad:1" } })).toMatchObject({
      status: "failed",
      attempts: 1,
    });
    expect(rec.sent.map((m) => `${m.kind}:${m.to}`)).toEqual(["dm:ana"]);
    expect(rec.sent[0]!.reply.text).toContain("could not be read back from the outbox");
  });

  it("keeps a repeating reminder going when one occurrence fails for good", async () => {
    const con = new ConsoleDriver(app);
    app.transports.set("console", rec);
    await con.as("lee", "general", "/cadre role list"); // the console's first admin may remind channels
    const [r] = await con.as("lee", "general", '/reminder add to:#locked when:"every day at 8am" Morning duty');
    expect(r!.text).toContain("set for #locked");
    rec.before = (_k, to) => {
      if (to === "locked") throw new Error("not_in_channel");
    };
    const s = new Scheduler(app, { maxAttempts: 2 });
    const first = await app.deps.db.delivery.findFirstOrThrow({ where: { sourceKind: "reminder", status: "pending" } });
    app.clock.set(first.dueAt);
    await s.drain();
    app.clock.advance(30_000);
    await s.drain();
    const rows = await app.deps.db.delivery.findMany({ where: { sourceKind: "reminder" }, orderBy: { dueAt: "asc" } });
    expect(rows.map((x) => x.status)).toEqual(["failed", "pending"]);
    expect(rows[1]!.dueAt.getTime() - rows[0]!.dueAt.getTime()).toBe(86_400_000);
    expect(rec.sent.filter((m) => m.kind === "dm" && m.to === "lee")).toHaveLength(1);
  });
});
