// Session feedback: a 1-5 rating, "What will you use?" and "What could be better?", once per
// checked-in attendee, stored without its author (answer-flags.ts keeps who answered, apart).
// The organizer sees the count, average and distribution, and the comments only once
// MIN_FOR_COMMENTS people have answered, so a comment cannot be told apart by its few authors.
import type { Db, Tx } from "../../db/client.js";
import { UserError } from "../../core/errors.js";
import { formatInZone } from "../../core/rich.js";
import { endOf, type SessionRow } from "./sessions.js";
import { answerDay, answerId, findFlag, markAnswered, type FlagKind, type FlagRow } from "./answer-flags.js";
import { ensureFollowUps, FOLLOW_UP_WINDOW_DAYS } from "./follow-ups.js";
import { deliverCertificate } from "./certificate.js";
import { followUpKey } from "./feedback-keys.js";

/** Comments (and "did you use it?" examples) are shown once at least this many people answered. */
export const MIN_FOR_COMMENTS = 5;
export const RATINGS = ["1", "2", "3", "4", "5"] as const;
export const COMMENT_MAX = 1000;

export interface FeedbackInput {
  rating: number;
  willUse?: string;
  better?: string;
}

/**
 * The person's flag of this kind, planning their follow-ups first when the scheduler has not
 * yet (they answered within its minute); refuses, in plain words, anyone not asked.
 */
export async function flagFor(
  tx: Tx,
  s: SessionRow,
  userId: string,
  kind: FlagKind,
  now: Date,
  example: string,
): Promise<FlagRow> {
  if (s.status === "cancelled")
    throw new UserError(`${s.title} was cancelled, so there is nothing to answer.`, example);
  const end = endOf(s);
  if (now < end)
    throw new UserError(
      `The questions about ${s.title} open when it ends, at ${formatInZone(end, s.timeZone, "short")}; I'll DM you then.`,
      example,
    );
  let flag = await findFlag(tx, s.id, userId, kind);
  if (!flag) {
    const rsvp = await tx.rsvp.findUnique({ where: { sessionId_userId: { sessionId: s.id, userId } } });
    if (!rsvp?.checkedInAt)
      throw new UserError(
        `Only people who checked in to ${s.title} are asked about it, and you were not checked in. ` +
          `If you were there, ask the organizer to check you in, then try again.`,
        `/session checkin id:${s.shortId} user:@you`,
      );
    if (now.getTime() - end.getTime() <= FOLLOW_UP_WINDOW_DAYS * 86_400_000) {
      await ensureFollowUps(tx, s, userId, now);
      flag = await findFlag(tx, s.id, userId, kind);
    }
    if (!flag)
      throw new UserError(
        kind === "feedback"
          ? `Feedback on ${s.title} closed ${FOLLOW_UP_WINDOW_DAYS} days after it ended.`
          : `This workspace does not ask whether people used what they learned in ${s.title}.`,
        "/session list",
      );
  }
  return flag;
}

/** Saves a feedback form once; `already` is the day an earlier answer was given. */
export async function submitFeedback(
  db: Db,
  s: SessionRow,
  userId: string,
  input: FeedbackInput,
  o: { zone: string; certificateAfterFeedback: boolean; now: Date },
): Promise<{ already?: string }> {
  return db.$transaction(async (tx) => {
    const flag = await flagFor(tx, s, userId, "feedback", o.now, `/session rate id:${s.shortId} rating:4`);
    if (flag.answeredOn) return { already: flag.answeredOn };
    const day = answerDay(o.now, o.zone);
    if (!(await markAnswered(tx, flag, day))) return { already: day };
    await tx.feedbackAnswer.create({
      data: {
        id: answerId(),
        workspaceId: s.workspaceId,
        sessionId: s.id,
        rating: input.rating,
        willUse: input.willUse ?? null,
        better: input.better ?? null,
      },
    });
    // Answered: the form's DM (if not out yet) and the next day's reminder are not needed.
    await tx.delivery.updateMany({
      where: {
        dedupeKey: { in: [followUpKey(s.id, "feedback", userId), followUpKey(s.id, "feedback-reminder", userId)] },
        status: "pending",
      },
      data: { status: "cancelled" },
    });
    if (o.certificateAfterFeedback)
      await deliverCertificate(tx, { workspaceId: s.workspaceId, sessionId: s.id, userId }, o.now);
    return {};
  });
}

/** Whether the person has answered (for the form's button: a second press says so instead of opening it). */
export async function feedbackState(
  db: Tx,
  s: SessionRow,
  userId: string,
  now: Date,
): Promise<{ answeredOn?: string }> {
  const flag = await flagFor(db, s, userId, "feedback", now, `/session rate id:${s.shortId} rating:4`);
  return flag.answeredOn ? { answeredOn: flag.answeredOn } : {};
}

export interface FeedbackSummary {
  /** Checked-in attendees asked. */
  asked: number;
  answered: number;
  average?: number;
  /** How many answered 1, 2, 3, 4 and 5. */
  distribution: [number, number, number, number, number];
  /** Only with at least MIN_FOR_COMMENTS answers; in alphabetical order, never in the order given. */
  comments?: { willUse: string[]; better: string[] };
}

export async function feedbackSummary(db: Tx, s: SessionRow): Promise<FeedbackSummary> {
  const [answers, asked] = await Promise.all([
    db.feedbackAnswer.findMany({ where: { sessionId: s.id }, select: { rating: true, willUse: true, better: true } }),
    db.answerFlag.count({ where: { sessionId: s.id, kind: "feedback" } }),
  ]);
  const distribution: FeedbackSummary["distribution"] = [0, 0, 0, 0, 0];
  for (const a of answers) distribution[a.rating - 1]!++;
  const texts = (xs: (string | null)[]) => xs.filter((x): x is string => Boolean(x)).sort((a, b) => a.localeCompare(b));
  return {
    asked,
    answered: answers.length,
    average: answers.length ? answers.reduce((n, a) => n + a.rating, 0) / answers.length : undefined,
    distribution,
    comments:
      answers.length >= MIN_FOR_COMMENTS
        ? { willUse: texts(answers.map((a) => a.willUse)), better: texts(answers.map((a) => a.better)) }
        : undefined,
  };
}
