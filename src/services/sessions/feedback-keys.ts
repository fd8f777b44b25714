// The feedback feature's string protocols: its outbox dedupe keys and source kind, and its
// DM buttons (a button opens the form; its value is the session's short id).
import { z } from "zod";
import { actionKey } from "../../core/command.js";

/** Outbox source kind of the feedback, reminder and "did you use it?" DMs (source id: the session row id). */
export const FEEDBACK_SOURCE = "session-feedback";

export type FollowUpDm = "feedback" | "feedback-reminder" | "impact";

/** Dedupe key of one person's follow-up DM about one session: "session:<row id>:feedback:<user>". */
export const followUpKey = (sessionId: string, dm: FollowUpDm, userId: string): string =>
  `session:${sessionId}:${dm}:${userId}`;

export const IMPACT_ANSWERS = ["yes", "not-yet", "no"] as const;
export type ImpactAnswer = (typeof IMPACT_ANSWERS)[number];

const IMPACT_VALUE = /^([A-Z0-9]{4,8}):(yes|not-yet|no)$/;

export const FEEDBACK_BUTTON = {
  /** "Give feedback": opens the form. */
  form: actionKey("session", "feedback-form", z.string().regex(/^[A-Z0-9]{4,8}$/)),
  /** Yes / Not yet / No: opens the "did you use it?" form with that answer. */
  impact: actionKey(
    "session",
    "impact-form",
    z
      .string()
      .regex(IMPACT_VALUE)
      .transform((v) => {
        const [, shortId, answer] = IMPACT_VALUE.exec(v)!;
        return { shortId: shortId!, answer: answer as ImpactAnswer };
      }),
  ),
};
