// Per-person command rate limit: a token bucket per (platform, workspace, user), in memory.
// `capacity` commands may come at once; the bucket refills at capacity per windowMs, so a
// steady person is never refused and a burst of 200 is cut to the first `capacity`. Each
// instance keeps its own buckets (several instances each allow the full rate): a limit
// against floods, not an exact quota.
import type { Clock } from "./clock.js";

export interface RateLimit {
  capacity: number;
  windowMs: number;
}

export const DEFAULT_RATE_LIMIT: RateLimit = { capacity: 20, windowMs: 10_000 };

/** A press of the same button on the same card again within this time is not charged (a double click). */
export const REPEAT_PRESS_MS = 5_000;

interface Bucket {
  tokens: number;
  at: number;
  lastPress?: { what: string; at: number };
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;

  constructor(
    readonly limit: RateLimit,
    private readonly clock: Clock,
  ) {
    this.perMs = limit.capacity / limit.windowMs;
  }

  /**
   * Takes one token for `key`: 0 when allowed, else the milliseconds until one is free.
   * `press` names a button press (card + action): the same one again soon after is free.
   */
  take(key: string, press?: string): number {
    const now = this.clock.now().getTime();
    const b = this.refill(key, now);
    if (press && b.lastPress?.what === press && now - b.lastPress.at < REPEAT_PRESS_MS) return 0;
    if (b.tokens < 1) return Math.ceil((1 - b.tokens) / this.perMs);
    b.tokens -= 1;
    if (press) b.lastPress = { what: press, at: now };
    return 0;
  }

  /** How many people have a bucket (a full bucket is forgotten on the next sweep). */
  get size(): number {
    return this.buckets.size;
  }

  private refill(key: string, now: number): Bucket {
    let b = this.buckets.get(key);
    if (!b) {
      if (this.buckets.size >= 10_000) this.sweep(now);
      b = { tokens: this.limit.capacity, at: now };
      this.buckets.set(key, b);
      return b;
    }
    b.tokens = Math.min(this.limit.capacity, b.tokens + Math.max(0, now - b.at) * this.perMs);
    b.at = now;
    return b;
  }

  /** Forgets buckets that have refilled: a new one starts full, so nothing changes for them. */
  private sweep(now: number): void {
    for (const [k, b] of this.buckets)
      if (
        b.tokens + (now - b.at) * this.perMs >= this.limit.capacity &&
        !(now - (b.lastPress?.at ?? 0) < REPEAT_PRESS_MS)
      )
        this.buckets.delete(k);
  }
}
