// Discord's documented rate limits (discord.com/developers/docs/topics/rate-limits), as the fake
// enforces them: message creates and edits are limited per channel (5 per 5 s), every bot
// request counts against a global 50 per second, and interaction routes (the callback and the
// interaction token's webhook) are bound by neither. Over a limit Discord answers 429 with
// `retry_after` (seconds, fractional) in the body, Retry-After in the headers and the scope;
// served requests carry the X-RateLimit-* headers that let a client (discord.js) wait ahead.

export interface LimitAnswer {
  /** 429 when over a limit; undefined when served. */
  status?: 429;
  body?: { message: string; retry_after: number; global: boolean; code: 0 };
  headers: Record<string, string>;
}

const MESSAGE_ROUTE = /^\/channels\/(\d+)\/messages(?:\/\d+)?$/;
const EXEMPT = /^\/(interactions\/\d+\/[^/]+\/callback|webhooks\/\d+\/[^/]+)/;

export class DiscordRateLimits {
  /** Turn off to measure a baseline without limits. */
  enabled = true;
  /** Messages created or edited per channel per window. */
  channelLimit = 5;
  channelWindowMs = 5_000;
  /** Requests per window for the whole bot (non-interaction routes). */
  globalLimit = 50;
  globalWindowMs = 1_000;
  /** The clock the windows run on. */
  now: () => number = Date.now;
  /** Requests answered 429, by scope ("channel" or "global"). */
  readonly limited = new Map<string, number>();
  private readonly seen = new Map<string, number[]>();

  take(method: string, path: string): LimitAnswer {
    if (!this.enabled || EXEMPT.test(path)) return { headers: {} };
    const t = this.now();
    const global = this.window("global", t, this.globalWindowMs);
    if (global.length >= this.globalLimit) return this.refuse("global", global[0]! + this.globalWindowMs - t);
    const m = MESSAGE_ROUTE.exec(path);
    const counted = m && (method === "POST" || method === "PATCH");
    if (counted) {
      const key = `channel:${m[1]}`;
      const times = this.window(key, t, this.channelWindowMs);
      if (times.length >= this.channelLimit)
        return this.refuse("channel", times[0]! + this.channelWindowMs - t, key, times);
      times.push(t);
    }
    global.push(t);
    if (!counted) return { headers: {} };
    const times = this.seen.get(`channel:${m[1]}`)!;
    return { headers: this.bucketHeaders(`channel:${m[1]}`, times, t) };
  }

  private window(key: string, t: number, windowMs: number): number[] {
    const times = (this.seen.get(key) ?? []).filter((x) => x > t - windowMs);
    this.seen.set(key, times);
    return times;
  }

  private bucketHeaders(key: string, times: number[], t: number): Record<string, string> {
    const resetAfter = Math.max(0, times[0]! + this.channelWindowMs - t) / 1000;
    return {
      "x-ratelimit-limit": String(this.channelLimit),
      "x-ratelimit-remaining": String(Math.max(0, this.channelLimit - times.length)),
      "x-ratelimit-reset": ((t + resetAfter * 1000) / 1000).toFixed(3),
      "x-ratelimit-reset-after": resetAfter.toFixed(3),
      "x-ratelimit-bucket": Buffer.from(key).toString("hex").slice(0, 32),
    };
  }

  private refuse(scope: "global" | "channel", waitMs: number, key?: string, times?: number[]): LimitAnswer {
    this.limited.set(scope, (this.limited.get(scope) ?? 0) + 1);
    const secs = Math.max(0.001, waitMs / 1000);
    const headers: Record<string, string> = {
      "retry-after": String(Math.ceil(secs)),
      "x-ratelimit-scope": scope === "global" ? "global" : "user",
      ...(scope === "global" ? { "x-ratelimit-global": "true" } : this.bucketHeaders(key!, times!, this.now())),
    };
    return {
      status: 429,
      body: {
        message: "You are being rate limited.",
        retry_after: Number(secs.toFixed(3)),
        global: scope === "global",
        code: 0,
      },
      headers,
    };
  }
}
