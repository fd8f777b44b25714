// Keeps a Socket Mode connection open for as long as cadre runs. Slack closes these
// connections routinely, and the network may be down when it does: @slack/socket-mode's own
// reconnect gives up on a network error with a rejection nobody can catch, which ended the
// process. Its auto-reconnect is off; this loop reconnects instead, with capped exponential
// backoff, and logs once per change of state rather than once per attempt.
import type { SocketModeReceiver } from "@slack/bolt";
import type { Logger } from "../../core/log.js";

type SocketModeClient = SocketModeReceiver["client"];

export interface ReconnectOptions {
  /** Wait before the second attempt (the first is immediate); doubled per failure up to maxDelayMs. */
  firstDelayMs?: number;
  maxDelayMs?: number;
  /** How to wait (tests pass one that moves their clock). */
  sleep?: (ms: number) => Promise<void>;
}

/** A short description of why Slack could not be reached: the same problem is logged once. */
export function slackProblem(e: unknown): string {
  const o = e as { code?: string; original?: { code?: string; cause?: { code?: string } }; data?: { error?: string } };
  return (
    o?.data?.error ??
    o?.original?.code ??
    o?.original?.cause?.code ??
    (typeof o?.code === "string" ? o.code : undefined) ??
    String((e as Error)?.message ?? e).slice(0, 120)
  );
}

export class SocketLink {
  private stopping = false;
  private started = false;
  private reconnecting?: Promise<void>;
  private wake?: () => void;
  private readonly firstDelayMs: number;
  private readonly maxDelayMs: number;

  constructor(
    private readonly client: SocketModeClient,
    private readonly log: Logger,
    private readonly o: ReconnectOptions = {},
  ) {
    this.firstDelayMs = o.firstDelayMs ?? 1000;
    this.maxDelayMs = o.maxDelayMs ?? 30_000;
    client.on("disconnected", () => {
      if (this.started && !this.stopping && !this.reconnecting)
        this.reconnecting = this.reconnect().finally(() => (this.reconnecting = undefined));
    });
  }

  /** The first connection: a failure here is the caller's to report (cadre could not start). */
  async start(): Promise<void> {
    await this.client.start();
    this.started = true;
  }

  /** Up once started, "reconnecting" while the loop below retries. */
  get state(): "connected" | "reconnecting" | "connecting" {
    return !this.started || this.stopping ? "connecting" : this.reconnecting ? "reconnecting" : "connected";
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.reconnecting;
    await this.client.disconnect();
  }

  private sleep(ms: number): Promise<void> {
    if (this.o.sleep) return this.o.sleep(ms);
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      this.wake = () => (clearTimeout(t), resolve());
    });
  }

  private async reconnect(): Promise<void> {
    const since = Date.now();
    let problem: string | undefined;
    for (let attempt = 1; !this.stopping; attempt++) {
      if (attempt > 1) await this.sleep(Math.min(this.firstDelayMs * 2 ** (attempt - 2), this.maxDelayMs));
      if (this.stopping) return;
      try {
        await this.client.start();
        if (problem) this.log.warn({ attempts: attempt, downMs: Date.now() - since }, "slack reconnected");
        else this.log.info("slack reconnected");
        return;
      } catch (e) {
        // One warning per outage; a different error on a later attempt (refused, then reset)
        // is the same state, so it is logged below warning level.
        const now = slackProblem(e);
        if (problem === undefined)
          this.log.warn(
            { problem: now, attempt },
            "slack connection lost; cadre keeps running and retries until Slack answers",
          );
        else if (now !== problem)
          this.log.info({ problem: now, attempt }, "slack still unreachable, now for another reason");
        else this.log.debug({ problem: now, attempt }, "slack still unreachable");
        problem = now;
      }
    }
  }
}
