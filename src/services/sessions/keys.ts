// The session feature's string protocols, built (and read) only here: the key its card is
// tracked by, the outbox's dedupe keys and source kinds, its button action ids and values,
// and the name of its autocomplete source.
import { z } from "zod";
import { actionKey } from "../../core/command.js";
import { pagerKey } from "../../core/paging.js";

/** What a person can answer (an RSVP button, /session rsvp answer:). */
export type Answer = "going" | "maybe" | "no";

type Ids = { id: string; shortId: string; startsAt: Date };

/** The message-ref key of a session's announcement card: "session:7K2Q". */
export const cardKey = (s: Pick<Ids, "shortId">): string => `session:${s.shortId}`;

/** Outbox source kind of attendee reminders (source id: the session row id). */
export const REMINDER_SOURCE = "session";
/** Outbox source kind of DMs about a change (seat opened, moved, cancelled). */
export const NOTICE_SOURCE = "session-notice";

/**
 * Dedupe key of one attendee's reminder `offset` minutes before one start time:
 * "session:<row id>:<startsAt ms>:<offset>:<user>". The start time keeps a reschedule's
 * new plan apart from the old one.
 */
export const reminderKey = (s: Pick<Ids, "id" | "startsAt">, offset: number, userId: string): string =>
  `session:${s.id}:${s.startsAt.getTime()}:${offset}:${userId}`;

/** Which event a notice is about, unique per session: a revision's cancel or move, a promotion at an answer. */
export const noticeEvent = {
  cancelled: (revision: number): string => `r${revision}:cancelled`,
  moved: (revision: number): string => `r${revision}:moved`,
  edited: (revision: number): string => `r${revision}:edited`,
  promoted: (answerSeq: number): string => `promoted:${answerSeq}`,
};

/** Dedupe key of a notice: "session:<row id>:<event>:<user>". */
export const noticeKey = (s: Pick<Ids, "id">, event: string, userId: string): string =>
  `session:${s.id}:${event}:${userId}`;

/** Dedupe key of a lapsed scorer's invitation to a training: "session:<row id>:invite:<user>", once per person. */
export const inviteKey = (s: Pick<Ids, "id">, userId: string): string => `session:${s.id}:invite:${userId}`;

/** Dedupe key of a leader's yearly lapsed-scorer list: "scorers-lapsed:<workspace>:<school year's first day>:<leader>". */
export const lapsedListKey = (workspaceId: string, since: string, userId: string): string =>
  `scorers-lapsed:${workspaceId}:${since}:${userId}`;

/** Outbox source kind of a series' card posts (source id: the session row id). */
export const CARD_SOURCE = "session-card";
/** Dedupe key of a session's card posted through the outbox: "session:<row id>:card". */
export const cardPostKey = (s: Pick<Ids, "id">): string => `session:${s.id}:card`;
/** Dedupe key of the redraw of such a card changed before it was posted: "session:<row id>:redraw:<updatedAt ms>". */
export const cardRedrawKey = (s: Pick<Ids, "id">, updatedAt: Date): string => `session:${s.id}:redraw:${+updatedAt}`;

/** Outbox source kind of certificate DMs (source id: the session row id). */
export const CERTIFICATE_SOURCE = "session-certificate";

/**
 * Dedupe key of a person's certificate DM for a session: "certificate:<row id>:<user>", so it is
 * sent once across restarts and instances, whoever queues it (session end, or after feedback).
 */
export const certificateKey = (s: Pick<Ids, "id">, userId: string): string => `certificate:${s.id}:${userId}`;

/** An RSVP button's value: "7K2Q:going". */
export const rsvpValue = (s: Pick<Ids, "shortId">, answer: Answer): string => `${s.shortId}:${answer}`;
export const RSVP_VALUE = /^[A-Z0-9]{4,8}:(going|maybe|no)$/;
/** Reads a value matching RSVP_VALUE. */
export function parseRsvpValue(value: string): { shortId: string; answer: Answer } {
  const [shortId, answer] = value.split(":") as [string, Answer];
  return { shortId, answer };
}

const shortIdValue = z.string().regex(/^[A-Z0-9]{4,8}$/);

/** The card's buttons, answered by /session's actions of the same keys. */
export const BUTTON = {
  rsvp: actionKey("session", "rsvp", z.string().regex(RSVP_VALUE).transform(parseRsvpValue)),
  ics: actionKey("session", "ics", shortIdValue),
  checkin: actionKey("session", "checkin", shortIdValue),
  checkout: actionKey("session", "checkout", shortIdValue),
  /** Prev/Next under /session list; the scope is "all" for all:yes. */
  page: pagerKey("session"),
};

/** The autocomplete source that suggests session ids. */
export const SESSION_SUGGESTIONS = "session";
