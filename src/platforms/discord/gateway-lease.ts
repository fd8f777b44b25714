// One gateway connection per bot among several instances on one database. Discord sends
// every event to every connected session, so two connected instances would each handle a
// DM or an interaction (two drafts, two answers). The instance holding the database lease
// connects; the others keep delivering scheduled messages over REST and take over once the
// holder stops renewing (it died, or lost the database), within ttl + one renewal.
import { randomUUID } from "node:crypto";
import type { Logger } from "../../core/log.js";
import type { LeaseDb as Db } from "../../services/leases.js";
import { acquireLease, releaseLease } from "../../services/leases.js";

export interface GatewayLeaseOptions {
  /** How long a renewal holds the lease (default 10 s). */
  ttlMs?: number;
  /** How often the holder renews and the others try to take it (default 2.5 s). */
  renewMs?: number;
}

export class GatewayLease {
  readonly holder = randomUUID();
  private state: "waiting" | "connecting" | "holding" = "waiting";
  private lastRenewed = 0;
  private timer?: NodeJS.Timeout;
  private busy?: Promise<void>;
  private stopped = false;
  private readonly ttlMs: number;
  private readonly renewMs: number;

  constructor(
    private readonly db: Db,
    private readonly name: string,
    private readonly connect: () => Promise<void>,
    private readonly disconnect: () => Promise<void>,
    private readonly log: Logger,
    opts: GatewayLeaseOptions = {},
  ) {
    this.ttlMs = opts.ttlMs ?? 10_000;
    this.renewMs = opts.renewMs ?? 2_500;
  }

  /** Whether this instance holds the gateway now. */
  get holding(): boolean {
    return this.state === "holding";
  }

  /** Whether another instance holds it and this one waits its turn. */
  get waiting(): boolean {
    return this.state === "waiting" && !this.stopped;
  }

  /**
   * Connects now if the lease is free (a connection failure is thrown, as without a lease),
   * otherwise waits for it in the background.
   */
  async start(): Promise<void> {
    if (await this.take()) {
      try {
        await this.connect();
        this.state = "holding";
      } catch (e) {
        await this.drop();
        throw e;
      }
    } else this.log.info("another instance holds the Discord gateway; this one sends scheduled messages and stands by");
    this.timer = setInterval(() => {
      if (!this.busy) this.busy = this.step().finally(() => (this.busy = undefined));
    }, this.renewMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.busy;
    if (this.state !== "waiting") await this.drop();
  }

  private async take(): Promise<boolean> {
    const won = await acquireLease(this.db, this.name, this.holder, this.ttlMs, new Date());
    if (won) this.lastRenewed = Date.now();
    return won;
  }

  private async step(): Promise<void> {
    if (this.stopped) return;
    let won = false;
    let unreachable = false;
    try {
      won = await this.take();
    } catch (e) {
      unreachable = true;
      this.log.warn({ err: (e as Error).message }, "could not renew the Discord gateway lease");
    }
    if (this.state === "waiting") {
      if (!won) return;
      this.log.info("took over the Discord gateway");
      this.state = "connecting";
      try {
        await this.connect();
        this.state = "holding";
      } catch (e) {
        this.log.error({ err: (e as Error).message }, "could not connect to Discord; will try again");
        await this.drop();
      }
      return;
    }
    // Taken by another instance, or (database away) unrenewed for so long that another may take
    // it before our next try: let go before it can connect.
    if (!won && (!unreachable || Date.now() - this.lastRenewed >= this.ttlMs - this.renewMs)) {
      this.log.warn("lost the Discord gateway lease; disconnecting the gateway");
      await this.drop();
    }
  }

  /** Disconnects and gives the lease up (if the database lets us). */
  private async drop(): Promise<void> {
    this.state = "waiting";
    try {
      await this.disconnect();
    } catch (e) {
      this.log.warn({ err: (e as Error).message }, "error while disconnecting from Discord");
    }
    try {
      await releaseLease(this.db, this.name, this.holder);
    } catch {
      // It expires by itself.
    }
  }
}

/** The lease's name: one gateway per Discord application. */
export const gatewayLeaseName = (applicationId: string): string => `discord-gateway:${applicationId}`;
