// The scheduler: claims due deliveries with a lease and sends them through the adapter of
// each workspace's platform. (First version: the Scheduler issue hardens retries, catch-up
// and multi-instance claiming.)
import { randomUUID } from "node:crypto";
import type { App } from "../app.js";
import { deliver } from "../core/deliver.js";
import type { Reply } from "../core/reply.js";
import { getWorkspace } from "../services/workspaces.js";

export interface SchedulerOptions {
  batchSize?: number;
  leaseMs?: number;
}

export class Scheduler {
  readonly instanceId = randomUUID();
  private readonly batchSize: number;
  private readonly leaseMs: number;

  constructor(private readonly app: App, opts: SchedulerOptions = {}) {
    this.batchSize = opts.batchSize ?? 100;
    this.leaseMs = opts.leaseMs ?? 60_000;
  }

  /** Claims and delivers what is due now; returns how many were sent. */
  async tick(): Promise<number> {
    const { db, clock, log } = this.app.deps;
    const now = clock.now();
    const due = await db.delivery.findMany({
      where: { status: "pending", dueAt: { lte: now }, OR: [{ claimedUntil: null }, { claimedUntil: { lt: now } }] },
      orderBy: { dueAt: "asc" },
      take: this.batchSize,
      select: { id: true },
    });
    if (!due.length) return 0;
    const until = new Date(now.getTime() + this.leaseMs);
    await db.delivery.updateMany({
      where: { id: { in: due.map((d) => d.id) }, status: "pending", OR: [{ claimedUntil: null }, { claimedUntil: { lt: now } }] },
      data: { claimedBy: this.instanceId, claimedUntil: until },
    });
    const mine = await db.delivery.findMany({ where: { claimedBy: this.instanceId, claimedUntil: until, status: "pending" }, orderBy: { dueAt: "asc" } });
    let sent = 0;
    for (const d of mine) {
      try {
        const ws = await getWorkspace(db, d.workspaceId);
        const transport = ws && this.app.transports.get(ws.platform);
        if (!ws || !transport) throw new Error(`no transport for workspace ${d.workspaceId}`);
        const body = JSON.parse(d.payload) as Omit<Reply, "to">;
        const to =
          d.targetKind === "dm" ? { kind: "dm" as const, userId: d.targetId } :
          d.targetKind === "update" ? { kind: "update" as const, ref: d.targetId } :
          { kind: "channel" as const, channelId: d.targetId };
        await deliver(db, transport, ws, [{ ...body, to }]);
        await db.delivery.update({ where: { id: d.id }, data: { status: "sent", sentAt: clock.now(), attempts: { increment: 1 } } });
        sent++;
      } catch (e) {
        log.warn({ delivery: d.id, err: (e as Error).message }, "delivery failed");
        await db.delivery.update({ where: { id: d.id }, data: { attempts: { increment: 1 }, lastError: String((e as Error).message).slice(0, 500), claimedUntil: null, claimedBy: null } });
      }
    }
    return sent;
  }
}
