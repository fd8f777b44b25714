// The agenda's string protocols, built in one place: outbox dedupe keys, the message-ref key of
// a posted agenda and the outbox source kinds.
// Rows already stored carry these strings, so a format here must never change.

/** The outbox row that posts a meeting's agenda by itself before the meeting. */
export const publishKey = (meetingId: string): string => `agenda:publish:${meetingId}`;

/** The channel reminder a day before a meeting's item deadline. */
export const deadlineKey = (meetingId: string): string => `agenda:deadline:${meetingId}`;

/** The reminder the day before a follow-up's due date (a new due date is a new reminder). */
export const actionReminderKey = (actionId: string, dueOn: Date): string =>
  `agenda:action:${actionId}:${dueOn.getTime()}`;

/** The MessageRef key of a meeting's posted agenda, so later edits can find the message. */
export const agendaMessageKey = (meetingId: string): string => `agenda:${meetingId}`;

/** Outbox source kinds: the scheduled publication (sourceId: the meeting) has a follow-up. */
export const AGENDA_SOURCE = "agenda" as const;
export const PUBLISH_SOURCE = "agenda-publish" as const;
