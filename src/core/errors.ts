// Errors a user can cause are UserErrors: they become a private reply with what was wrong
// and an example that works. Everything else is unexpected and is answered with an id.

export class UserError extends Error {
  constructor(
    message: string,
    /** A complete command that works, shown under the message. */
    readonly example?: string,
    /** The option at fault, so a form (Slack modal) can show the message on that field. */
    readonly field?: string,
  ) {
    super(message);
    this.name = "UserError";
  }
}

/**
 * A platform answered 429 (or cadre held a call back to stay within the platform's documented
 * rate): the scheduler tries this delivery again after retryAfterMs. `route` names what is
 * limited ("chat.postMessage:C123", "conversations.open"): only that waits, not every delivery.
 */
export class RateLimitedError extends Error {
  constructor(
    readonly retryAfterMs: number,
    readonly route = "",
    message = `rate limited${route ? ` on ${route}` : ""} for ${retryAfterMs} ms`,
  ) {
    super(message);
    this.name = "RateLimitedError";
  }
}

/** Why a platform will not take cadre's post in a channel: fixed on the platform, not by retrying. */
export type RefusalReason = "not-in-channel" | "no-permission" | "archived" | "not-found";

/** The platform refused a post in a channel (cadre is not in it, may not post, or it is gone). */
export class ChannelRefusedError extends Error {
  constructor(
    readonly channelId: string,
    readonly reason: RefusalReason,
    cause?: unknown,
  ) {
    super(`the platform refused a post in channel ${channelId} (${reason})`, { cause });
    this.name = "ChannelRefusedError";
  }
}

const unavailableCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "57P01",
  "57P02",
  "57P03",
  "08000",
  "08001",
  "08003",
  "08006",
  "P1001",
  "P1002",
  "P1017",
  "P2024",
]);

/** True when an error means "the database is not there right now" rather than a bug. */
export function isUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 6; depth++) {
    const o = e as { code?: unknown; message?: unknown; cause?: unknown; kind?: unknown };
    if (typeof o.code === "string" && unavailableCodes.has(o.code)) return true;
    if (
      typeof o.message === "string" &&
      /ECONNREFUSED|Connection terminated|terminating connection|Can't reach database|connection (?:is )?closed|Client has encountered a connection error/i.test(
        o.message,
      )
    )
      return true;
    e = o.cause;
  }
  return false;
}
