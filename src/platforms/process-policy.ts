// What the process does with an error nothing caught. A rejected call to a platform (Slack,
// Discord, or the network under them) is one failed request: the state of cadre is intact,
// so it is logged with an error id and the process keeps running. Anything else may have
// left cadre half-way through something: it stops cleanly with one line naming the error id.
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
]);

/** Error classes of discord.js REST (named e.g. "DiscordAPIError[50001]"); Slack's carry a slack_ code. */
const PLATFORM_ERRORS = /^(DiscordAPIError|HTTPError|RateLimitError|AbortError)\b/;

export function isPlatformCallFailure(e: unknown): boolean {
  const o = e as { code?: unknown; name?: unknown; cause?: { code?: unknown } } | undefined;
  if (!o || typeof o !== "object") return false;
  if (typeof o.code === "string" && (o.code.startsWith("slack_") || NETWORK_CODES.has(o.code))) return true;
  if (typeof o.cause?.code === "string" && NETWORK_CODES.has(o.cause.code)) return true;
  return typeof o.name === "string" && PLATFORM_ERRORS.test(o.name);
}

export type Verdict = "continue" | "exit";

/** An unhandled rejection of a platform call continues; an uncaught exception never does. */
export function verdict(kind: "unhandledRejection" | "uncaughtException", e: unknown): Verdict {
  return kind === "unhandledRejection" && isPlatformCallFailure(e) ? "continue" : "exit";
}
