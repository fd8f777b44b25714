// The scheduler: claims due deliveries with a lease and sends each through the adapter of
// its workspace's platform, once.
//
// Claiming is a conditional update (status pending, due, not backing off, lease free or
// expired) that only one instance can win per row: on PostgreSQL one UPDATE over a
// `FOR UPDATE SKIP LOCKED` sub-select (instances take different rows instead of queuing on
// the same ones); on SQLite an UPDATE that re-checks the condition under the database's
// write lock. A lease that expires (the instance crashed) makes the row claimable again.
// The window between "sent" and "marked sent" is the only place a duplicate can come from:
// at most one per delivery in flight when an instance dies (`concurrency` rows at a time).
//
// Catch-up: lateness is measured from the row's original dueAt (backoff moves retryAt, never
// dueAt). More than staleMs (CADRE_CATCHUP_HOURS) late when claimed: skipped, and its
// creator told privately. More than delayedNoteMs late: sent with a "Delayed" note.
//
// Rate limits are per route (RateLimitedError.route: a Slack method, or chat.postMessage in one
// channel): a rate-limited delivery waits alone, with the rest of its lane behind it so its
// target's order holds; other targets keep going. A delivery's steps (message, then files) are
// recorded on its row (`progress`), so a retry after a refused upload does not post again.
import { randomUUID } from "node:crypto";
import cron, { type ScheduledTask } from "node-cron";
import type { App } from "../app.js";
import { deliver, type ProgressLog } from "../core/deliver.js";
import { ChannelRefusedError, RateLimitedError } from "../core/errors.js";
import { refusalHelp } from "../core/refusal-notice.js";
import { fmt, formatInZone } from "../core/rich.js";
import type { WorkspaceInfo } from "../core/context.js";
import { sql, type Db, type Tx } from "../db/client.js";
import { executeRows, queryRows } from "../db/direct.js";
import { enqueue, recordDeliveryProgress, type Enqueue } from "../services/outbox.js";
import { getWorkspace } from "../services/workspaces.js";
import { planEndedSessions } from "../services/sessions/follow-ups.js";
import { followUpOf } from "./follow-ups.js";
import { audienceOf, readPayload, readProgress } from "./payload.js";

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

const FOLLOW_UPS_EVERY_MS = 60_000;

type Row = Awaited<ReturnType<Db["delivery"]["findMany"]>>[number];

export class Scheduler {
  readonly instanceId = randomUUID();
  private readonly o: Required<SchedulerOptions>;
  private task?: ScheduledTask;
  private running?: Promise<unknown>;
  private leaseSeq = 0;
  private stopped = false;
  /** When this instance last looked for ended sessions to ask for feedback (app clock, ms). */
  private followUpsAt = -Infinity;

  constructor(
    private readonly app: App,
    opts: SchedulerOptions = {},
  ) {
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

  /** Catches up on what fell due while stopped, then ticks every CADRE_TICK_SECONDS. */
  async start(): Promise<void> {
    this.stopped = false;
    const { log } = this.app.deps;
    // The catch-up pass: everything due now goes out (late ones marked delayed) or is
    // skipped as stale, before the first scheduled tick.
    try {
      const n = await this.drain();
      if (n) log.info({ claimed: n }, "scheduler catch-up done");
    } catch (e) {
      // The database may be down at start; the ticks retry.
      log.warn({ err: (e as Error).message }, "scheduler catch-up failed; will retry on the next tick");
    }
    const every = Math.max(1, Math.round(this.o.tickSeconds));
    // Seconds that do not divide a minute tick on the nearest divisor that does (*/7 would
    // fire at :56 and again at :00).
    const step = every >= 60 ? 0 : [1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30].reduce((b, d) => (d <= every ? d : b), 1);
    const pattern = step ? `*/${step} * * * * *` : `0 */${Math.min(59, Math.max(1, Math.round(every / 60)))} * * * *`;
    this.task = cron.schedule(pattern, () => this.background(), {
      name: `cadre-scheduler-${this.instanceId}`,
      noOverlap: true,
    });
  }

  /** One scheduled tick; overlapping ticks are dropped, failures logged, never thrown. */
  private background(): void {
    if (this.running || this.stopped) return;
    this.running = this.drain()
      .catch((e) => this.app.deps.log.warn({ err: (e as Error).message }, "scheduler tick failed"))
      .finally(() => (this.running = undefined));
  }

  /** Stops ticking and waits for the batch in hand (its rows are marked before returning). */
  async stop(): Promise<void> {
    this.stopped = true;
    const task = this.task;
    this.task = undefined;
    if (task) {
      await task.stop();
      await task.destroy();
    }
    await this.running;
  }

  /**
   * Ticks until a claim comes back empty: a backlog after downtime goes out at once, and so
   * do the owner notices that settling it queued.
   */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.tick();
      total += n;
      if (n === 0 || this.stopped) return total;
    }
  }

  /** Claims one batch of due deliveries and handles each; returns how many were claimed. */
  async tick(): Promise<number> {
    // Cards changed by another instance (or whose 429 pause ended) are edited here too.
    this.app.cardEditor.kick();
    await this.planFollowUps();
    const mine = await this.claim();
    const cache = new Map<string, Promise<WorkspaceInfo | undefined>>();
    // Fair per target: each channel, DM or tracked message is one lane, sent in due order by
    // one worker at a time, and workers take lanes in order of their earliest row. One
    // person's 60 reminders for the same minute occupy one worker, so a leader's channel post
    // due then goes out at once instead of after them (a platform sends to one channel
    // one at a time anyway, so a lane loses nothing by being serial).
    const queue = lanesByTarget(mine);
    const worker = async () => {
      for (let lane = queue.shift(); lane; lane = queue.shift())
        for (let i = 0; i < lane.length; i++) {
          const limitedUntil = await this.handle(lane[i]!, cache);
          // Rate limited: the rest of this target's rows wait behind it, in order.
          if (limitedUntil) {
            for (const later of lane.slice(i + 1)) await this.release(later, limitedUntil);
            break;
          }
        }
    };
    await Promise.all(Array.from({ length: Math.min(this.o.concurrency, queue.length) }, worker));
    return mine.length;
  }

  /**
   * Feedback and "did you use it?" DMs for sessions that ended (src/services/sessions/follow-ups.ts),
   * looked for once a minute: they are queued here and sent by this tick's claim.
   */
  private async planFollowUps(): Promise<void> {
    const now = this.app.deps.clock.now();
    if (now.getTime() - this.followUpsAt < FOLLOW_UPS_EVERY_MS) return;
    this.followUpsAt = now.getTime();
    // A failure here must not hold back the deliveries: the next minute tries again.
    const n = await planEndedSessions(this.app.deps.db, now).catch((e: unknown) => {
      this.app.deps.log.warn({ err: (e as Error).message }, "session follow-ups not planned; will retry");
      this.followUpsAt = -Infinity;
      return 0;
    });
    if (n) this.app.deps.log.info({ people: n }, "session follow-ups planned");
  }

  private async claim(): Promise<Row[]> {
    const { db, clock } = this.app.deps;
    const now = clock.now();
    const lease = `${this.instanceId}:${++this.leaseSeq}`;
    const until = new Date(now.getTime() + this.o.leaseMs);
    if (this.app.database.provider === "postgresql") {
      // Timestamps are stored as UTC in timestamp(3) columns; an ISO string cast to
      // timestamp drops its "Z", which is exactly that.
      const [n, u] = [now.toISOString(), until.toISOString()];
      const got = await queryRows<{ id: string }[]>(
        db,
        sql`
        UPDATE "Delivery" SET "claimedBy" = ${lease}, "claimedUntil" = ${u}::timestamp(3)
        WHERE "id" IN (
          SELECT "id" FROM "Delivery"
          WHERE "status" = 'pending' AND "dueAt" <= ${n}::timestamp(3)
            AND ("retryAt" IS NULL OR "retryAt" <= ${n}::timestamp(3))
            AND ("claimedUntil" IS NULL OR "claimedUntil" < ${n}::timestamp(3))
          ORDER BY "dueAt" LIMIT ${this.o.batchSize}
          FOR UPDATE SKIP LOCKED)
        RETURNING "id"`,
      );
      if (!got.length) return [];
    } else {
      const free = {
        status: "pending",
        dueAt: { lte: now },
        AND: [
          { OR: [{ retryAt: null }, { retryAt: { lte: now } }] },
          { OR: [{ claimedUntil: null }, { claimedUntil: { lt: now } }] },
        ],
      };
      // The condition is checked again by the UPDATE itself: a row another instance claimed
      // in between is not taken. Losing every candidate to another instance is not "nothing
      // due", so look again (a few times) before saying so.
      for (let attempt = 0; ; attempt++) {
        const due = await db.delivery.findMany({
          where: free,
          orderBy: { dueAt: "asc" },
          take: this.o.batchSize,
          select: { id: true },
        });
        if (!due.length) return [];
        const won = await db.delivery.updateMany({
          where: { ...free, id: { in: due.map((d) => d.id) } },
          data: { claimedBy: lease, claimedUntil: until },
        });
        if (won.count || attempt >= 4) break;
      }
    }
    return db.delivery.findMany({ where: { claimedBy: lease, status: "pending" }, orderBy: { dueAt: "asc" } });
  }

  /** Gives a claimed row back untouched (not sent, no attempt counted). */
  private async release(d: Row, retryAt?: Date): Promise<void> {
    await this.app.deps.db.delivery.updateMany({
      where: { id: d.id, claimedBy: d.claimedBy, status: "pending" },
      data: { claimedBy: null, claimedUntil: null, retryAt: retryAt ?? null },
    });
  }

  /** Sends, settles or gives back one claimed row; returns when to retry if it was rate limited. */
  private async handle(d: Row, cache: Map<string, Promise<WorkspaceInfo | undefined>>): Promise<Date | void> {
    const { db, clock } = this.app.deps;
    const now = clock.now();
    const late = now.getTime() - d.dueAt.getTime();
    let wsP = cache.get(d.workspaceId);
    if (!wsP) cache.set(d.workspaceId, (wsP = getWorkspace(db, d.workspaceId)));
    const ws = await wsP;
    if (late > this.o.staleMs) {
      const hours = Math.round((this.o.staleMs / 3_600_000) * 10) / 10;
      const notice =
        d.createdBy && ws
          ? this.notice(
              d,
              ws,
              "skipped",
              `was due ${formatInZone(d.dueAt, ws.timeZone)} while cadre was offline or could not reach ` +
                `${ws.platform}, and was skipped because it was more than ${hours} hour${hours === 1 ? "" : "s"} late`,
            )
          : undefined;
      await this.finish(d, "skipped", now, `more than ${hours} h late`, notice);
      if (!notice)
        this.app.deps.log.warn({ delivery: d.id, sourceKind: d.sourceKind }, "stale delivery skipped; nobody to tell");
      return;
    }
    // Too close to the end of our lease to start a send: another instance may take it over.
    if (d.claimedUntil && d.claimedUntil.getTime() - now.getTime() < Math.min(10_000, this.o.leaseMs / 4))
      return this.release(d);
    const body = readPayload(d.payload);
    const to = audienceOf(d.targetKind, d.targetId);
    if (!body || !to) {
      // Retrying cannot fix an unreadable row: fail it now and tell its creator.
      const notice =
        d.createdBy && ws && d.sourceKind !== "notice"
          ? this.notice(d, ws, "failed", "could not be read back from the outbox")
          : undefined;
      await this.finish(d, "failed", now, "unreadable payload or target", notice);
      this.app.deps.log.error({ delivery: d.id, targetKind: d.targetKind }, "unreadable delivery failed");
      return;
    }
    try {
      const transport = ws && this.app.transports.get(ws.platform);
      if (!ws || !transport) throw new Error(`no ${ws?.platform ?? "known"} platform connected for this workspace`);
      if (late > this.o.delayedNoteMs)
        body.context = `${body.context ? body.context + " · " : ""}Delayed: this was due ${fmt.time(d.dueAt, "short")}.`;
      await deliver(this.app.messageRefs, transport, ws, [{ ...body, to }], { progress: this.progressOf(d) });
    } catch (e) {
      return this.failed(d, e, ws);
    }
    // Sent. A crash (or a database error) before this commits leaves the row claimed; when the
    // lease expires it is sent again: the at-least-once window.
    await this.finish(d, "sent", clock.now());
  }

  /**
   * Marks the row settled and, in the same transaction, queues the owner's notice and the
   * follow-up (a repeat's next occurrence), so neither is lost to a crash in between.
   */
  private async finish(
    d: Row,
    status: "sent" | "skipped" | "failed",
    at: Date,
    why?: string,
    notice?: Enqueue,
  ): Promise<boolean> {
    const { db, log } = this.app.deps;
    const follow = followUpOf(d.sourceKind);
    // Nothing else to write (most deliveries): the one statement, no transaction.
    const done =
      !notice && !follow
        ? await this.markSettled(db, d, status, at, why)
        : await db.$transaction(async (tx) => {
            const t = tx;
            if (!(await this.markSettled(t, d, status, at, why))) return false;
            if (notice) await enqueue(t, notice);
            const next = follow ? await follow(t, d, at, status) : undefined;
            if (next) await enqueue(t, next);
            return true;
          });
    // Our lease expired and another instance took the row over (or it was cancelled meanwhile).
    if (!done)
      log.warn(
        { delivery: d.id, status },
        "delivery was taken over or cancelled before it was marked; it may go out twice",
      );
    return done;
  }

  /**
   * Marks a claimed row settled, if it is still ours and pending, with `db` or a transaction.
   * One hand-written statement: it runs once per message sent, and Prisma's building of an
   * updateMany costs about five times the statement itself (bench/scheduler.ts). Dates are
   * written as Prisma stores them: timestamp(3) in UTC on PostgreSQL, its ISO text on SQLite.
   */
  private async markSettled(db: Tx, d: Row, status: string, at: Date, why?: string): Promise<boolean> {
    const sentAt = status === "sent" ? at.toISOString() : null;
    const n =
      this.app.database.provider === "postgresql"
        ? await executeRows(
            db,
            sql`UPDATE "Delivery" SET "status" = ${status}, "sentAt" = ${sentAt}::timestamp(3), "attempts" = "attempts" + 1, "lastError" = ${why ?? null}, "claimedUntil" = NULL, "retryAt" = NULL
            WHERE "id" = ${d.id} AND "claimedBy" = ${d.claimedBy} AND "status" = 'pending'`,
          )
        : await executeRows(
            db,
            sql`UPDATE "Delivery" SET "status" = ${status}, "sentAt" = ${sentAt?.replace("Z", "+00:00") ?? null}, "attempts" = "attempts" + 1, "lastError" = ${why ?? null}, "claimedUntil" = NULL, "retryAt" = NULL
            WHERE "id" = ${d.id} AND "claimedBy" = ${d.claimedBy} AND "status" = 'pending'`,
          );
    return n > 0;
  }

  /** The row's record of steps done, written only while this claim holds it. */
  private progressOf(d: Row): ProgressLog {
    const log: ProgressLog = {
      done: readProgress(d.progress),
      record: async (p) => {
        d.progress = JSON.stringify(p);
        await recordDeliveryProgress(this.app.deps.db, d.id, d.claimedBy!, d.progress);
      },
    };
    return log;
  }

  private async failed(d: Row, e: unknown, ws: WorkspaceInfo | undefined): Promise<Date | void> {
    const { db, clock, log } = this.app.deps;
    const now = clock.now();
    const message = String((e as Error)?.message ?? e).slice(0, 300);
    if (e instanceof RateLimitedError) {
      // The platform said when to come back (or cadre held the call back to stay within its
      // documented rate): not the delivery's fault, no attempt counted. Only this route waits.
      const retryAt = new Date(now.getTime() + Math.max(0, e.retryAfterMs));
      await db.delivery.updateMany({
        where: { id: d.id, claimedBy: d.claimedBy, status: "pending" },
        data: { retryAt, claimedBy: null, claimedUntil: null, lastError: message },
      });
      log.debug({ delivery: d.id, route: e.route, retryAfterMs: e.retryAfterMs }, "delivery rate limited");
      return retryAt;
    }
    const attempts = d.attempts + 1;
    if (attempts >= this.o.maxAttempts) {
      const help =
        e instanceof ChannelRefusedError && ws && this.app.transports.get(ws.platform)
          ? refusalHelp(this.app.transports.get(ws.platform)!, e.reason)
          : undefined;
      const what = help
        ? `could not be delivered after ${attempts} attempts: ${help.why}. ${help.fix.replace(/\.$/, "")}`
        : `could not be delivered after ${attempts} attempts (${message.slice(0, 120)})`;
      const notice = d.createdBy && ws && d.sourceKind !== "notice" ? this.notice(d, ws, "failed", what) : undefined;
      await this.finish(d, "failed", now, message, notice);
      log.warn({ delivery: d.id, attempts, err: message }, "delivery failed for good");
      return;
    }
    const backoff = this.backoffMs(attempts);
    await db.delivery.updateMany({
      where: { id: d.id, claimedBy: d.claimedBy, status: "pending" },
      data: {
        attempts,
        lastError: message,
        retryAt: new Date(now.getTime() + backoff),
        claimedBy: null,
        claimedUntil: null,
      },
    });
    log.info({ delivery: d.id, attempts, backoffMs: backoff }, "delivery will be retried");
  }

  /** 30 s, 1 min, 2 min, ... capped at 30 min. */
  backoffMs(attempts: number): number {
    return Math.min(30_000 * 2 ** (attempts - 1), 30 * 60_000);
  }

  /** The private note to a delivery's creator that it was skipped or failed (queued by finish). */
  private notice(d: Row, ws: WorkspaceInfo, kind: "skipped" | "failed", what: string): Enqueue {
    const body = readPayload(d.payload);
    const summary = (body?.header ?? body?.text ?? "a message").replace(/\s+/g, " ").slice(0, 80);
    const where = d.targetKind === "channel" ? ` for ${fmt.channel(d.targetId)}` : "";
    return {
      workspaceId: ws.id,
      dedupeKey: `notice:${kind}:${d.id}`,
      dueAt: this.app.deps.clock.now(),
      target: { kind: "dm", id: d.createdBy! },
      reply: { tone: "warning", text: `⚠️ Something you scheduled${where} (“${summary}”) ${what}.` },
      sourceKind: "notice",
      sourceId: d.id,
    };
  }
}

/** Rows grouped by where they go, each lane in the order given (due order), lanes by their first row. */
export function lanesByTarget<T extends { targetKind: string; targetId: string; workspaceId: string }>(
  rows: T[],
): T[][] {
  const lanes = new Map<string, T[]>();
  for (const r of rows) {
    const key = `${r.workspaceId}\u0000${r.targetKind}\u0000${r.targetId}`;
    const lane = lanes.get(key);
    if (lane) lane.push(r);
    else lanes.set(key, [r]);
  }
  return [...lanes.values()];
}
