// Slack's Web API rate limits as documented (api.slack.com/apis/rate-limits), kept per route:
// a method (per workspace), or chat.postMessage in one channel. Calls cadre knows would be over
// the limit are held back before they are made, and a 429 pauses only its own route for
// Retry-After, so a burst of first DMs (conversations.open) never delays a channel post.
// Either way the caller gets RateLimitedError naming the route; the scheduler retries that
// delivery alone when it says.
import { boundedCache } from "../../core/bounded-cache.js";
import type { Clock } from "../../core/clock.js";
import { RateLimitedError } from "../../core/errors.js";

const MINUTE = 60_000;

/** Calls per minute cadre allows itself, by method: the documented tier (Tier 3 50+, Tier 4 100+). */
export const PER_MINUTE: Record<string, number> = {
  "conversations.open": 50,
  // One upload is files.getUploadURLExternal then files.completeUploadExternal, both Tier 4.
  "files.upload": 100,
  "users.info": 100,
};

/** chat.postMessage: "1 per second per channel, short bursts allowed": this many within POST_BURST seconds. */
export const POST_BURST = 5;

export class SlackRouteLimits {
  /** Recent call times by route (bounded: one route per DM channel a district has). */
  private readonly used = boundedCache<string, number[]>(50_000);
  private readonly pausedUntil = new Map<string, number>();
  /** Turns promised to callers held back, by route (times they were told to come back). */
  private readonly promised = boundedCache<string, number[]>(50_000);

  constructor(
    private readonly clock: Clock,
    /** Hold calls back to the documented rate (off: only honour 429s). */
    private readonly pace = true,
  ) {}

  /** The route a call counts against. */
  static route(method: string, channel?: string): string {
    return method === "chat.postMessage" && channel ? `${method}:${channel}` : method;
  }

  /**
   * Counts one call on `route`, or throws RateLimitedError when the route is paused by a 429
   * or its documented window is full (with the wait until a call would be served).
   */
  take(route: string): void {
    const now = this.clock.now().getTime();
    const paused = this.pausedUntil.get(route);
    if (paused !== undefined) {
      if (paused > now) throw new RateLimitedError(paused - now, route);
      this.pausedUntil.delete(route);
    }
    const limit = this.limitOf(route);
    if (!limit) return;
    const times = (this.used.get(route) ?? []).filter((t) => t > now - limit.windowMs).sort((a, b) => a - b);
    if (times.length >= limit.calls) {
      this.used.set(route, times);
      // Spread the callers held back over the coming windows, each told its own turn (the
      // k-th waiting one gets the k-th call that frees up), so 2,000 first DMs come back 50
      // a minute in order instead of all at once every minute.
      const waiting = (this.promised.get(route) ?? []).filter((t) => t > now);
      const k = waiting.length;
      const turn = times[k % limit.calls]! + limit.windowMs * (1 + Math.floor(k / limit.calls));
      waiting.push(turn);
      this.promised.set(route, waiting);
      throw new RateLimitedError(turn - now, route);
    }
    times.push(now);
    this.used.set(route, times);
  }

  /** Slack answered 429 on `route`: nothing more goes on it for `ms`. */
  pause(route: string, ms: number): void {
    const until = this.clock.now().getTime() + ms;
    this.pausedUntil.set(route, Math.max(this.pausedUntil.get(route) ?? 0, until));
  }

  private limitOf(route: string): { calls: number; windowMs: number } | undefined {
    if (!this.pace) return undefined;
    if (route.startsWith("chat.postMessage:")) return { calls: POST_BURST, windowMs: POST_BURST * 1000 };
    const perMinute = PER_MINUTE[route];
    return perMinute ? { calls: perMinute, windowMs: MINUTE } : undefined;
  }
}
