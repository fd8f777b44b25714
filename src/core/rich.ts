// Platform-neutral inline tokens inside Reply text. Each adapter renders them natively:
// a user mention, a channel mention, or a date-time each viewer sees in their own zone.
// The brackets are characters users cannot usefully type; `sanitize` strips them from input.

const OPEN = "\u27E6"; // ⟦
const CLOSE = "\u27E7"; // ⟧

export type TimeStyle = "full" | "date" | "time" | "short" | "relative";

export const fmt = {
  user: (userId: string): string => `${OPEN}u:${userId}${CLOSE}`,
  channel: (channelId: string): string => `${OPEN}c:${channelId}${CLOSE}`,
  time: (at: Date, style: TimeStyle = "full"): string => `${OPEN}t:${at.getTime()}:${style}${CLOSE}`,
};

export interface TokenRenderer {
  user(userId: string): string;
  channel(channelId: string): string;
  time(at: Date, style: TimeStyle): string;
}

const TOKEN = new RegExp(`${OPEN}([uct]):([^${CLOSE}]*)${CLOSE}`, "g");

export function renderTokens(text: string, r: TokenRenderer): string {
  return text.replace(TOKEN, (_m, kind: string, body: string) => {
    if (kind === "u") return r.user(body);
    if (kind === "c") return r.channel(body);
    const [ms, style] = body.split(":");
    return r.time(new Date(Number(ms)), (style as TimeStyle) ?? "full");
  });
}

// Characters that change how text around them reads without showing themselves: bidi
// embeddings, overrides and isolates (U+202E turns "exe.pdf" around), zero-width spaces and
// joiners, marks, BOM, and C0 controls other than tab, line feed and carriage return (the
// terminal runs ESC sequences). ZWJ stays inside emoji sequences (👩‍🏫), where it is meaningful.
const INVISIBLE =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u061C\u180E\u200B\u200C\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]|(?<!\p{Extended_Pictographic}[\u{FE0F}\u{1F3FB}-\u{1F3FF}]?)\u200D/gu;

/** Removes invisible controls (bidi overrides, zero-width characters) from text people read. */
export function stripInvisible(text: string): string {
  return text.replace(INVISIBLE, "");
}

/** Removes token brackets and invisible controls from user-supplied text, so it can never forge a mention or date. */
export function sanitize(text: string): string {
  return stripInvisible(text.replace(/[\u27E6\u27E7]/g, ""));
}

/** Plain text with tokens replaced by readable fallbacks: what a reader sees, for tests to compare. */
export function plainTokens(text: string, zone: string, names?: (id: string) => string | undefined): string {
  return renderTokens(text, {
    user: (id) => `@${names?.(id) ?? id}`,
    channel: (id) => `#${id}`,
    time: (at, style) => formatInZone(at, zone, style),
  });
}

import { DateTime } from "luxon";

export function formatInZone(at: Date, zone: string, style: TimeStyle = "full"): string {
  const dt = DateTime.fromJSDate(at, { zone });
  switch (style) {
    case "date":
      return dt.toFormat("ccc d LLL yyyy");
    case "time":
      return dt.toFormat("h:mm a ZZZZ");
    case "short":
      return dt.toFormat("ccc d LLL, h:mm a");
    case "relative":
      return dt.toRelative() ?? dt.toISO() ?? "";
    default:
      return dt.toFormat("cccc d LLLL yyyy, h:mm a ZZZZ");
  }
}

/** The user ids mentioned with fmt.user in a text, in order (adapters look up their names). */
export const mentionedUsers = (text: string): string[] =>
  [...text.matchAll(TOKEN)].filter((m) => m[1] === "u").map((m) => m[2]!);
