// Suggestions while someone types an id (sessions, agenda items, reminders), read by the
// services and fitted to Discord's limits here. A failed suggestion list is an empty one,
// never an error. Only things the person may act on are offered.
import type { Choice } from "../../core/options.js";
import type { Tx } from "../../services/database.js";
import { sessionSuggestions } from "../../services/sessions/sessions.js";
import { SESSION_SUGGESTIONS } from "../../services/sessions/keys.js";
import { reminderSuggestions } from "../../services/reminders/reminders.js";
import {
  agendaItemSuggestions,
  matchesTyped,
  type Suggestion,
  type SuggestionQuery,
} from "../../services/suggestions.js";
import { clip, LIMITS } from "./limits.js";
import type { Keyring } from "../../core/keyring.js";
import { MENTEE_SUGGESTIONS, menteeSuggestions } from "../../services/mentoring/pairs.js";

export type { Suggestion };

export interface AutocompleteQuery extends SuggestionQuery {
  db: Tx;
  /** Decrypts a mentor's typed mentee names, for their own suggestions only. */
  keys: Keyring;
}

type Source = (q: AutocompleteQuery) => Promise<Suggestion[]>;

const one = (s: Suggestion): Suggestion => ({
  name: clip(s.name.replace(/\s+/g, " "), LIMITS.choiceName),
  value: s.value.slice(0, LIMITS.choiceValue),
});

const fitted =
  (read: (db: Tx, q: SuggestionQuery) => Promise<Suggestion[]>): Source =>
  async (q) =>
    (await read(q.db, q)).map(one);

/** Upcoming (and just-started) sessions the person may know of, soonest first. */
export const sessions: Source = fitted(sessionSuggestions);

/** Open items on the agendas of teams this person is on. */
export const agendaItems: Source = fitted(agendaItemSuggestions);

/** This person's own active reminders. */
export const reminders: Source = fitted(reminderSuggestions);

/** The person's paired mentees running today (typed names are theirs to see). */
export const mentees: Source = async (q) => (await menteeSuggestions(q.db, q.keys, q)).map(one);

export const SOURCES: Record<string, Source> = {
  [MENTEE_SUGGESTIONS]: mentees,
  [SESSION_SUGGESTIONS]: sessions,
  "agenda-item": agendaItems,
  reminder: reminders,
};

/** A choice list too long for Discord's 25 fixed choices, filtered by what was typed. */
export function choiceSuggestions(choices: readonly Choice[], typed: string): Suggestion[] {
  return choices
    .filter((c) => matchesTyped(typed, c.value, c.label))
    .map((c) => one({ name: c.label, value: c.value }));
}

/** Suggestions for a named source; unknown sources and read failures give none. */
export async function suggest(
  source: string,
  q: AutocompleteQuery,
  onError?: (e: unknown) => void,
): Promise<Suggestion[]> {
  const fn = Object.hasOwn(SOURCES, source) ? SOURCES[source] : undefined;
  if (!fn) return [];
  try {
    return (await fn(q)).slice(0, LIMITS.autocompleteChoices);
  } catch (e) {
    onError?.(e);
    return [];
  }
}
