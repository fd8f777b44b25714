// The PD topics a session is filed under, from the workspace's list (settings.sessionTopics),
// so credit can be totalled by topic. Matching is mentoring's (loose words to the one topic
// they name); a word that names none gets the nearest topic as a suggestion.
import { closest } from "../../core/suggest.js";
import { matchTopics, type TopicAliases } from "../mentoring/topics.js";
import { MAX_SESSION_TOPICS, MAX_TOPIC_LENGTH } from "../settings.js";
import type { SessionRow } from "./sessions.js";

/** Short words people use for the default PD topics. */
const ALIASES: TopicAliases = {
  scoring: "scoring and assessment",
  assessment: "scoring and assessment",
  math: "mathematics",
  maths: "mathematics",
  reading: "literacy",
  writing: "literacy",
  ela: "literacy",
  tech: "technology",
  sped: "special education",
  "special ed": "special education",
  behavior: "classroom management",
  behaviour: "classroom management",
  "class mgmt": "classroom management",
  instruction: "instructional strategies",
};

/** A session's topics, in the order they were given (what transcripts total hours by). */
export function sessionTopics(s: Pick<SessionRow, "topics">): string[] {
  try {
    const v: unknown = JSON.parse(s.topics);
    return Array.isArray(v) ? v.filter((t): t is string => typeof t === "string") : [];
  } catch {
    return [];
  }
}

/** The stored form of a session's topics. */
export const storeTopics = (topics: readonly string[]): string => JSON.stringify([...topics]);

/** A phrase that names no topic, and the topic it most likely meant (undefined when none is close). */
export interface UnknownTopic {
  typed: string;
  suggestion?: string;
}

/**
 * Reads "literacy, math" against the workspace's list: the topics named, each once, and the
 * phrases that name none (with a suggestion for a typo). Never throws.
 */
export function readTopics(text: string, taxonomy: readonly string[]): { topics: string[]; unknown: UnknownTopic[] } {
  const { topics, unknown } = matchTopics(text, taxonomy, ALIASES);
  const lower = taxonomy.map((t) => t.toLowerCase());
  return {
    topics,
    unknown: unknown.map((typed) => {
      const near = closest(typed.trim().toLowerCase(), lower);
      return { typed, suggestion: near === undefined ? undefined : taxonomy[lower.indexOf(near)] };
    }),
  };
}

/** "reading" and "sciense" are not topics here: did you mean "science"? */
export function unknownTopicsText(unknown: readonly UnknownTopic[], taxonomy: readonly string[]): string {
  const said = unknown
    .map((u) => `"${u.typed.slice(0, 60)}"${u.suggestion ? ` (did you mean "${u.suggestion}"?)` : ""}`)
    .join(", ");
  return (
    `${said} ${unknown.length > 1 ? "are not topics" : "is not a topic"} in this workspace's PD list. ` +
    `Topics: ${taxonomy.join(", ")}.`
  );
}

/**
 * A topic name as the list keeps it: trimmed, spaces collapsed, lower case; undefined when it
 * cannot be one (empty, too long, or anything but letters, digits, spaces and ' ( ) . -: no
 * separator that topics: splits at, no markup or mention).
 */
export function topicName(text: string): string | undefined {
  const t = text.trim().replace(/\s+/g, " ").toLowerCase();
  // Plain words only: a topic shows on cards, in CSV transcripts and in every platform's markup.
  return t && t.length <= MAX_TOPIC_LENGTH && /^[\p{L}\p{N}][\p{L}\p{N} '’().-]*$/u.test(t) ? t : undefined;
}

/** The list with `names` added at the end (those already there are kept where they are). */
export function withTopics(list: readonly string[], names: readonly string[]): string[] {
  const out = [...list];
  for (const n of names) if (!out.includes(n)) out.push(n);
  return out;
}

export { MAX_SESSION_TOPICS };
