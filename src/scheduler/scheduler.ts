// (Lead engineer) Hardened base: leases, retries with backoff, 429 Retry-After, catch-up (delayed/skipped + owner told),
// follow-ups in the same transaction. Extend it rather than replace it.
// The scheduler: claims due deliveries with a lease and sends each through the adapter of
// its workspace's platform, once.
//
// Claiming is a conditional update (status pending, due, lease free or expired) that only
// one instance can win per row, on SQLite and PostgreSQL alike. A lease that expires (the
// instance crashed) makes the row claimable again. The window between "sent" and "marked
// sent" is the only place a duplicate can come from: at most one per delivery in flight
// when an instance dies (`concurrency` rows at a time).
import { randomUUID } from "node:crypto";
import cron, { type ScheduledTask } from "node-cron";
import type { App } from "../app.js";
import { deliver } from "../core/deliver.js";
import { RateLimitedError } from "../core/errors.js";
import type { Reply } from "../core/reply.js";
import { formatInZone } from "../core/rich.js";
import type { WorkspaceInfo } from "../core/context.js";
import type { Db } from "../db/client.js";
import { enqueue } from "../services/outbox.js";
import { getWorkspace } from "../services/workspaces.js";
import { followUps } from "./follow-ups.js";

export interface SchedulerOptions {
  batchSize?: number;
  leaseMs?: number;
  /** Deliveries sent at once within a batch. */
  concurrency?: number;
  maxAttempts?: number;
  /** Older than this when claimed: skipped and the owner told, instead of sent late. */
  staleMs?: number;
  /** Later than this: sent with a note that it is delayed. */
  delayedNoteMs?: number;
  tickSeconds?: number;
}

type Row = Awaited<ReturnType<Db["delivery"]["findMany"]>>[number];

export class Scheduler {
  readonly instanceId = randomUUID();
  private readonly o: Required<SchedulerOptions>;
  private task?: ScheduledTask;
  private running?: Promise<unknown>;
  private leaseSeq = 0;
  private stopped = false;

  constructor(private readonly app: App, opts: SchedulerOptions = {}) {
    this.o = {
      batchSize: opts.batchSize ?? 200,
      leaseMs: opts.leaseMs ?? 120_000,
      concurrency: opts.concurrency ?? 8,
      maxAttempts: opts.maxAttempts ?? 6,
      staleMs: opts.staleMs ?? app.env.CADRE_CATCHUP_HOURS * 3_600_000,
      delayedNoteMs: opts.delayedNoteMs ?? 5 * 60_000,
      tickSeconds: opts.tickSeconds ?? app.env.CADRE_TICK_SECONDS,
    };
  }

  /** Catches up on what fell due while stopped, then ticks every few seconds. */
  async start(): Promise<void> {
    await this.drain();
    const every = Math.max(1, Math.round(this.o.tickSeconds));
    this.task = cron.schedule(every >= 60 ? "* * * * *" : `*/${every} * * * * *`, () => {
      if (this.running || this.stopped) return;
      this.running = this.drain()
        .catch((e) => this.app.deps.log.warn({ err: (e as Error).message }, "scheduler tick failed"))
        .finally(() => (this.running = undefined));
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.task?.stop();
    await this.running;
  }

  /** Ticks until nothing due is left (a backlog after downtime goes out at once). */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.tick();
      total += n;
      if (n < this.o.batchSize || this.stopped) return total;
    }
  }

  /** Claims one batch of due deliveries and handles each; returns how many were claimed. */
  async tick(): Promise<number> {
    const mine = await this.claim();
    const cache = new Map<string, Promise<WorkspaceInfo | undefined>>();
    const queue = [...mine];
    const worker = async () => {
      for (let d = queue.shift(); d; d = queue.shift()) await this.handle(d, cache);
    };
    await Promise.all(Array.from({ length: Math.min(this.o.concurrency, queue.length) }, worker));
    return mine.length;
  }

  private async claim(): Promise<Row[]> {
    const { db, clock } = this.app.deps;
    const now = clock.now();
    const free = { status: "pending", dueAt: { lte: now }, OR: [{ claimedUntil: null }, { claimedUntil: { lt: now } }] };
    const due = await db.delivery.findMany({ where: free, orderBy: { dueAt: "asc" }, take: this.o.batchSize, select: { id: true } });
    if (!due.length) return [];
    const lease = `${this.instanceId}:${++this.leaseSeq}`;
    await db.delivery.updateMany({
      where: { ...free, id: { in: due.map((d) => d.id) } },
      data: { claimedBy: lease, claimedUntil: new Date(now.getTime() + this.o.leaseMs) },
    });
    return db.delivery.findMany({ where: { claimedBy: lease, status: "pending" }, orderBy: { dueAt: "asc" } });
  }

  private async handle(d: Row, cache: Map<string, Promise<WorkspaceInfo | undefined>>): Promise<void> {
    const { db, clock } = this.app.deps;
    const now = clock.now();
    const late = now.getTime() - d.dueAt.getTime();
    let wsP = cache.get(d.workspaceId);
    if (!wsP) cache.set(d.workspaceId, (wsP = getWorkspace(db, d.workspaceId)));
    const ws = await wsP;
    if (late > this.o.staleMs) {
      await this.finish(d, "skipped", now, `more than ${Math.round(this.o.staleMs / 3_600_000)} h late`);
      if (d.createdBy && ws) await this.notice(d, ws, "skipped", `was due ${formatInZone(d.dueAt, ws.timeZone)} while cadre was offline, and was skipped because it was more than ${Math.round(this.o.staleMs / 3_600_000)} hours late`);
      return;
    }
    try {
      const transport = ws && this.app.transports.get(ws.platform);
      if (!ws || !transport) throw new Error(`no ${ws?.platform ?? "known"} platform connected for this workspace`);
      const body = JSON.parse(d.payload) as Omit<Reply, "to">;
      if (late > this.o.delayedNoteMs)
        body.context = `${body.context ? body.context + " · " : ""}Delayed: this was due ${formatInZone(d.dueAt, ws.timeZone, "short")}.`;
      const to: Reply["to"] =
        d.targetKind === "dm" ? { kind: "dm", userId: d.targetId } :
        d.targetKind === "update" ? { kind: "update", ref: d.targetId } :
        { kind: "channel", channelId: d.targetId };
      await deliver(db, transport, ws, [{ ...body, to }]);
      await this.finish(d, "sent", clock.now());
    } catch (e) {
      await this.failed(d, e, ws);
    }
  }

  /** Marks the row done and queues its follow-up (a repeat's next occurrence) atomically. */
  private async finish(d: Row, status: "sent" | "skipped", at: Date, why?: string): Promise<void> {
    const { db } = this.app.deps;
    const follow = d.sourceKind ? followUps[d.sourceKind] : undefined;
    await db.$transaction(async (tx) => {
      const done = await tx.delivery.updateMany({
        where: { id: d.id, claimedBy: d.claimedBy, status: "pending" },
        data: { status, sentAt: status === "sent" ? at : null, attempts: { increment: 1 }, lastError: why ?? null, claimedUntil: null },
      });
      if (!done.count) return; // our lease expired and someone else took it over
      const next = follow ? await follow(tx as unknown as Db, d, at) : undefined;
      if (next) await enqueue(tx as unknown as Db, next);
    });
  }

  private async failed(d: Row, e: unknown, ws: WorkspaceInfo | undefined): Promise<void> {
    const { db, clock, log } = this.app.deps;
    const now = clock.now();
    const message = String((e as Error)?.message ?? e).slice(0, 300);
    if (e instanceof RateLimitedError) {
      // The platform said when to come back; that is not the delivery's fault.
      await db.delivery.updateMany({ where: { id: d.id, claimedBy: d.claimedBy }, data: { dueAt: new Date(now.getTime() + e.retryAfterMs), claimedBy: null, claimedUntil: null, lastError: message } });
      log.info({ delivery: d.id, retryAfterMs: e.retryAfterMs }, "delivery rate limited");
      return;
    }
    const attempts = d.attempts + 1;
    if (attempts >= this.o.maxAttempts) {
      await db.delivery.updateMany({ where: { id: d.id, claimedBy: d.claimedBy }, data: { status: "failed", attempts, lastError: message, claimedUntil: null } });
      log.warn({ delivery: d.id, attempts, err: message }, "delivery failed for good");
      if (d.createdBy && ws && !d.dedupeKey.startsWith("notice:")) await this.notice(d, ws, "failed", `could not be delivered after ${attempts} attempts (${message.slice(0, 120)})`);
      return;
    }
    const backoff = Math.min(30_000 * 2 ** (attempts - 1), 30 * 60_000);
    await db.delivery.updateMany({ where: { id: d.id, claimedBy: d.claimedBy }, data: { attempts, lastError: message, dueAt: new Date(now.getTime() + backoff), claimedBy: null, claimedUntil: null } });
    log.info({ delivery: d.id, attempts, backoffMs: backoff }, "delivery will be retried");
  }

  /** Tells a delivery's creator privately that it was skipped or failed. */
  private async notice(d: Row, ws: WorkspaceInfo, kind: "skipped" | "failed", what: string): Promise<void> {
    const body = JSON.parse(d.payload) as Omit<Reply, "to">;
    const summary = (body.header ?? body.text ?? "a message").replace(/\s+/g, " ").slice(0, 80);
    await enqueue(this.app.deps.db, {
      workspaceId: ws.id,
      dedupeKey: `notice:${kind}:${d.id}`,
      dueAt: this.app.deps.clock.now(),
      target: { kind: "dm", id: d.createdBy! },
      reply: { tone: "warning", text: `⚠️ Something you scheduled (“${summary}”) ${what}.` },
    });
  }
}
