// Slack over HTTP: every request is signed with the signing secret over its timestamp and
// body. Bolt checks the signature and rejects timestamps more than five minutes old, but not
// ones in the future, and a captured request can be sent again within the window. This guard
// runs before Bolt: a timestamp more than five minutes either side of now, a bad signature, or
// a signature already seen within the window is refused.
import { createHmac, timingSafeEqual } from "node:crypto";
import { boundedCache } from "../../core/bounded-cache.js";

export const WINDOW_S = 5 * 60;

export type Refusal = "no timestamp" | "timestamp out of window" | "bad signature" | "replayed";

export class SignedRequests {
  /** Signatures seen, kept until their timestamp leaves the window (a replay after that is too old anyway). */
  private readonly seen = boundedCache<string, true>(200_000, { ttl: 2 * WINDOW_S * 1000 });

  constructor(
    private readonly secret: string,
    /** Slack signs with its wall clock: compared against ours, not the app's logical clock. */
    private readonly now: () => number = Date.now,
  ) {}

  /** Undefined when the request may go on to Bolt; otherwise why it was refused. */
  check(timestamp: string | undefined, signature: string | undefined, body: Buffer): Refusal | undefined {
    const ts = Number(timestamp);
    if (!timestamp || !Number.isInteger(ts)) return "no timestamp";
    if (Math.abs(this.now() / 1000 - ts) > WINDOW_S) return "timestamp out of window";
    const expected = Buffer.from(
      "v0=" + createHmac("sha256", this.secret).update(`v0:${ts}:`).update(body).digest("hex"),
    );
    const given = Buffer.from(signature ?? "");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return "bad signature";
    const key = given.toString();
    if (this.seen.has(key)) return "replayed";
    this.seen.set(key, true);
    return undefined;
  }
}
