// Slack's Web API rate limits as documented (api.slack.com/apis/rate-limits): each method has a
// tier counted per app per workspace per minute; chat.postMessage is "special": about one
// message per second per channel, with short bursts allowed. Over the limit Slack answers
// HTTP 429 with Retry-After in seconds. The window is configurable so a test can replay a
// minute of traffic in a few seconds with the same counts.

/** Requests per window by tier (Slack: Tier 1 1+/min, Tier 2 20+/min, Tier 3 50+/min, Tier 4 100+/min). */
const TIER = { 1: 1, 2: 20, 3: 50, 4: 100 } as const;

/** The tier of each method cadre (or Bolt) calls; others are unlimited here. */
export const METHOD_TIERS: Record<string, keyof typeof TIER> = {
  "apps.connections.open": 1,
  "users.list": 2,
  "chat.update": 3,
  "chat.delete": 3,
  "conversations.open": 3,
  "conversations.info": 3,
  "conversations.members": 4,
  "chat.postEphemeral": 4,
  "users.info": 4,
  "views.open": 4,
  "views.update": 4,
  "views.publish": 4,
  "files.getUploadURLExternal": 4,
  "files.completeUploadExternal": 4,
};

/** chat.postMessage: this many at once per channel, then one per second (the window / 60). */
export const POST_BURST = 5;

export class RateTiers {
  /** Turn off to measure a baseline without limits. */
  enabled = true;
  /** Length of Slack's minute, in ms (shorter in tests that replay a minute quickly). */
  windowMs = 60_000;
  private readonly seen = new Map<string, number[]>();
  /** Requests answered 429, by method. */
  readonly limited = new Map<string, number>();

  /** The clock the windows run on: a test with a fake clock gives it the app's. */
  now: () => number = Date.now;

  /**
   * Counts one request and answers undefined when Slack would serve it, or the Retry-After
   * (whole seconds, at least 1, as Slack sends it) when it would answer 429.
   */
  take(method: string, args: Record<string, any>, team = "T1"): number | undefined {
    if (!this.enabled) return undefined;
    let key: string;
    let limit: number;
    let window: number;
    if (method === "chat.postMessage") {
      key = `${team}:${method}:${args.channel}`;
      limit = POST_BURST;
      window = (this.windowMs / 60) * POST_BURST;
    } else {
      const tier = METHOD_TIERS[method];
      if (!tier) return undefined;
      key = `${team}:${method}`;
      limit = TIER[tier];
      window = this.windowMs;
    }
    const t = this.now();
    const times = (this.seen.get(key) ?? []).filter((x) => x > t - window);
    if (times.length >= limit) {
      this.seen.set(key, times);
      this.limited.set(method, (this.limited.get(method) ?? 0) + 1);
      const waitMs = times[0]! + window - t;
      return Math.max(1, Math.ceil(waitMs / 1000));
    }
    times.push(t);
    this.seen.set(key, times);
    return undefined;
  }
}
