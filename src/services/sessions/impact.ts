// "Did you use it?": weeks after a session (setting impact-after-weeks), each checked-in
// attendee is asked whether they used what they learned, yes / not yet / no, with an optional
// example; stored without its author like feedback, and the examples shown to the organizer
// only once MIN_FOR_COMMENTS people answered.
import type { Db, Tx } from "../../db/client.js";
import { UserError } from "../../core/errors.js";
import { formatInZone } from "../../core/rich.js";
import type { SessionRow } from "./sessions.js";
import { answerDay, answerId, markAnswered } from "./answer-flags.js";
import { flagFor, MIN_FOR_COMMENTS } from "./feedback.js";
import { followUpKey, IMPACT_ANSWERS, type ImpactAnswer } from "./feedback-keys.js";

export { IMPACT_ANSWERS, type ImpactAnswer };

const example = (s: SessionRow) => `/session used id:${s.shortId} answer:yes`;

/** The person's impact flag, once their question is due (asking "did you use it?" the day after means little). */
async function askedFlag(tx: Tx, s: SessionRow, userId: string, now: Date) {
  const flag = await flagFor(tx, s, userId, "impact", now, example(s));
  const dm = await tx.delivery.findUnique({
    where: { dedupeKey: followUpKey(s.id, "impact", userId) },
    select: { dueAt: true },
  });
  if (dm && dm.dueAt > now && !flag.answeredOn)
    throw new UserError(
      `I'll ask whether you used what you learned in ${s.title} on ${formatInZone(dm.dueAt, s.timeZone, "date")}, ` +
        `once you have had time to try it.`,
      `/session rate id:${s.shortId} rating:4`,
    );
  return flag;
}

export async function impactState(db: Tx, s: SessionRow, userId: string, now: Date): Promise<{ answeredOn?: string }> {
  const flag = await askedFlag(db, s, userId, now);
  return flag.answeredOn ? { answeredOn: flag.answeredOn } : {};
}

export async function submitImpact(
  db: Db,
  s: SessionRow,
  userId: string,
  input: { answer: ImpactAnswer; example?: string },
  o: { zone: string; now: Date },
): Promise<{ already?: string }> {
  return db.$transaction(async (tx) => {
    const flag = await askedFlag(tx, s, userId, o.now);
    if (flag.answeredOn) return { already: flag.answeredOn };
    const day = answerDay(o.now, o.zone);
    if (!(await markAnswered(tx, flag, day))) return { already: day };
    await tx.impactAnswer.create({
      data: {
        id: answerId(),
        workspaceId: s.workspaceId,
        sessionId: s.id,
        answer: input.answer,
        example: input.example ?? null,
      },
    });
    return {};
  });
}

export interface ImpactSummary {
  asked: number;
  answered: number;
  counts: Record<ImpactAnswer, number>;
  /** Only with at least MIN_FOR_COMMENTS answers, alphabetical. */
  examples?: string[];
}

export async function impactSummary(db: Tx, s: SessionRow): Promise<ImpactSummary> {
  const [answers, asked] = await Promise.all([
    db.impactAnswer.findMany({ where: { sessionId: s.id }, select: { answer: true, example: true } }),
    db.answerFlag.count({ where: { sessionId: s.id, kind: "impact" } }),
  ]);
  const counts: Record<ImpactAnswer, number> = { yes: 0, "not-yet": 0, no: 0 };
  for (const a of answers) if (Object.hasOwn(counts, a.answer)) counts[a.answer as ImpactAnswer]++;
  return {
    asked,
    answered: answers.length,
    counts,
    examples:
      answers.length >= MIN_FOR_COMMENTS
        ? answers
            .map((a) => a.example)
            .filter((x): x is string => Boolean(x))
            .sort((a, b) => a.localeCompare(b))
        : undefined,
  };
}
