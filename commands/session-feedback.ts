// /session rate, feedback, used and impact: attendees answer a short form after a session and
// a "did you use it?" question weeks later, anonymously; organizers read the summaries. The
// DM buttons open the forms (actions below); the subcommands are what the forms submit, and
// can be typed too.
import { action, sub, type ActionDef } from "../src/core/command.js";
import type { CommandContext } from "../src/core/context.js";
import { UserError } from "../src/core/errors.js";
import { opt } from "../src/core/options.js";
import { fmt } from "../src/core/rich.js";
import { privately, type Form, type Reply } from "../src/core/reply.js";
import { hasRole, whoCan } from "../src/core/roles.js";
import { audit } from "../src/services/audit.js";
import { findSession, type SessionRow } from "../src/services/sessions/sessions.js";
import { SESSION_SUGGESTIONS } from "../src/services/sessions/keys.js";
import { FEEDBACK_BUTTON } from "../src/services/sessions/feedback-keys.js";
import { shownDay } from "../src/services/sessions/answer-flags.js";
import {
  COMMENT_MAX,
  feedbackState,
  feedbackSummary,
  MIN_FOR_COMMENTS,
  RATINGS,
  submitFeedback,
} from "../src/services/sessions/feedback.js";
import {
  IMPACT_ANSWERS,
  impactState,
  impactSummary,
  submitImpact,
  type ImpactAnswer,
} from "../src/services/sessions/impact.js";

const id = opt.text({
  description: "The session's id, shown on its announcement",
  required: true,
  example: "7K2Q",
  max: 12,
  autocomplete: SESSION_SUGGESTIONS,
});

const RATE = '/session rate id:7K2Q rating:4 use:"The exit-ticket routine"';
const USED = '/session used id:7K2Q answer:yes example:"Ran the fluency routine with my 3rd graders"';

const rateOptions = {
  id,
  rating: opt.choice({
    description: "How useful was it, 1 (not) to 5 (very)?",
    required: true,
    choices: RATINGS.map((r) => ({ value: r, label: r })),
    problem: "it should be a number from 1 (not useful) to 5 (very useful)",
    example: "4",
  }),
  use: opt.longText({ description: "What will you use?", max: COMMENT_MAX, example: '"The exit-ticket routine"' }),
  better: opt.longText({ description: "What could be better?", max: COMMENT_MAX, example: '"More time to practise"' }),
};

const IMPACT_LABEL: Record<ImpactAnswer, string> = { yes: "yes", "not-yet": "not yet", no: "no" };
const usedOptions = {
  id,
  answer: opt.choice({
    description: "Have you used what you learned?",
    required: true,
    choices: IMPACT_ANSWERS.map((a) => ({ value: a, label: IMPACT_LABEL[a] })),
    example: "yes",
  }),
  example: opt.longText({ description: "An example (optional)", max: COMMENT_MAX, example: '"Ran it in 3rd grade"' }),
};

const thanksAgain = (s: SessionRow, day: string) =>
  privately(`Thanks, you already answered about ${s.title} on ${shownDay(day)}; an answer is given once.`);

/** The feedback form, for a button press; where no form can open, its text says what to type. */
function feedbackForm(s: SessionRow): Reply {
  const form: Form = {
    command: "session",
    sub: "rate",
    title: "How was it?",
    preset: { id: s.shortId },
    ask: ["rating", "use", "better"],
  };
  return privately(`Feedback on **${s.title}**: answer with ${RATE.replace("7K2Q", s.shortId)}`, { form });
}

function impactForm(s: SessionRow, answer: ImpactAnswer): Reply {
  const form: Form = {
    command: "session",
    sub: "used",
    title: "Did you use it?",
    preset: { id: s.shortId, answer },
    ask: ["example"],
  };
  return privately(
    `Did you use what you learned in **${s.title}**? Answer with /session used id:${s.shortId} answer:${answer} example:"…"`,
    { form },
  );
}

/** The organizer of this session, or a leader (or above). */
function requireOrganizer(ctx: CommandContext, s: SessionRow, what: string, example: string): void {
  if (s.createdBy !== ctx.member.userId && !hasRole(ctx.member.roles, "leader"))
    throw new UserError(`Only the session's organizer or ${whoCan("leader")} can read its ${what}.`, example);
}

const bar = (n: number, of: number) => (of ? "█".repeat(Math.round((n / of) * 10)) : "") + ` ${n}`;
const quoted = (xs: string[]) => (xs.length ? xs.map((x) => `- “${x}”`).join("\n") : "- none given");

export const rate = sub({
  description: "Your feedback on a session you checked in to: once, anonymous (the button in your DM opens it).",
  options: rateOptions,
  // Anonymous: running it leaves no trace of who answered when (no member record update, no audit).
  untracked: true,
  examples: ['id:7K2Q rating:4 use:"The exit-ticket routine" better:"More time to practise"', "id:7K2Q rating:5"],
  async run(ctx, input) {
    const s = await findSession(ctx.db, ctx.workspace.id, input.id, RATE);
    const r = await submitFeedback(
      ctx.db,
      s,
      ctx.member.userId,
      { rating: Number(input.rating), willUse: input.use, better: input.better },
      {
        zone: ctx.workspace.timeZone,
        certificateAfterFeedback: ctx.workspace.settings.certificateAfterFeedback,
        now: ctx.clock.now(),
      },
    );
    if (r.already) return thanksAgain(s, r.already);
    return privately(
      `Thank you for your feedback on **${s.title}**. It reaches the organizer without your name.` +
        (ctx.workspace.settings.certificateAfterFeedback ? " Your certificate comes by DM." : ""),
    );
  },
});

export const feedback = sub({
  description: "A session's feedback for its organizer and leaders: average, spread, comments once 5 answered.",
  options: { id },
  examples: ["id:7K2Q"],
  async run(ctx, input) {
    const example = "/session feedback id:7K2Q";
    const s = await findSession(ctx.db, ctx.workspace.id, input.id, example);
    requireOrganizer(ctx, s, "feedback", `/session show id:${s.shortId}`);
    const f = await feedbackSummary(ctx.db, s);
    await audit(ctx.db, ctx.workspace.id, ctx.member.userId, "session.feedback", { session: s.shortId });
    const header = `Feedback — ${s.title}`;
    const context = `${fmt.time(s.startsAt, "date")} · answers are anonymous · /session impact id:${s.shortId} for "did you use it?"`;
    if (!f.answered)
      return privately(
        f.asked
          ? `Nobody has answered yet; ${f.asked} checked-in ${f.asked === 1 ? "person was" : "people were"} asked.`
          : "Nobody has been asked yet: the form goes to checked-in attendees when the session ends.",
        { header, context },
      );
    const lines = [5, 4, 3, 2, 1].map((r) => `${r} ${bar(f.distribution[r - 1]!, f.answered)}`);
    const comments = f.comments
      ? [
          `**What they will use**\n${quoted(f.comments.willUse)}`,
          `**What could be better**\n${quoted(f.comments.better)}`,
        ]
      : [
          `_Comments appear once ${MIN_FOR_COMMENTS} people have answered (${f.answered} so far), so nobody's words can be told apart._`,
        ];
    return privately(
      [
        `**${f.answered}** of ${f.asked} checked-in ${f.asked === 1 ? "person" : "people"} answered · average **${f.average!.toFixed(1)}** / 5`,
        "```\n" + lines.join("\n") + "\n```",
        ...comments,
      ].join("\n\n"),
      { header, context, overflow: "the summary" },
    );
  },
});

export const used = sub({
  description: 'Answers "did you use what you learned?" once, anonymously (the buttons in your DM open it).',
  options: usedOptions,
  untracked: true,
  examples: ['id:7K2Q answer:yes example:"Ran the fluency routine with my 3rd graders"', "id:7K2Q answer:not-yet"],
  async run(ctx, input) {
    const s = await findSession(ctx.db, ctx.workspace.id, input.id, USED);
    const r = await submitImpact(
      ctx.db,
      s,
      ctx.member.userId,
      { answer: input.answer, example: input.example },
      { zone: ctx.workspace.timeZone, now: ctx.clock.now() },
    );
    if (r.already) return thanksAgain(s, r.already);
    return privately(`Thank you. Your answer about **${s.title}** reaches the organizer without your name.`);
  },
});

export const impact = sub({
  description: "Did attendees use what they learned? For the organizer and leaders; examples once 5 answered.",
  options: { id },
  examples: ["id:7K2Q"],
  async run(ctx, input) {
    const example = "/session impact id:7K2Q";
    const s = await findSession(ctx.db, ctx.workspace.id, input.id, example);
    requireOrganizer(ctx, s, '"did you use it?" answers', `/session show id:${s.shortId}`);
    const m = await impactSummary(ctx.db, s);
    await audit(ctx.db, ctx.workspace.id, ctx.member.userId, "session.impact", { session: s.shortId });
    const weeks = ctx.workspace.settings.impactAfterWeeks;
    const header = `Did they use it? — ${s.title}`;
    const context = `${fmt.time(s.startsAt, "date")} · asked ${weeks ? `${weeks} weeks after` : "never (impact-after-weeks:0)"} · answers are anonymous`;
    if (!m.answered)
      return privately(
        m.asked
          ? `Nobody has answered yet; ${m.asked} checked-in ${m.asked === 1 ? "person is" : "people are"} asked ${weeks} weeks after the session.`
          : "Nobody has been asked: the question goes to checked-in attendees some weeks after the session ends.",
        { header, context },
      );
    const examples = m.examples
      ? `**Examples**\n${quoted(m.examples)}`
      : `_Examples appear once ${MIN_FOR_COMMENTS} people have answered (${m.answered} so far)._`;
    return privately(
      [
        `**${m.answered}** of ${m.asked} answered: yes **${m.counts.yes}** · not yet **${m.counts["not-yet"]}** · no **${m.counts.no}**`,
        examples,
      ].join("\n\n"),
      { header, context, overflow: "the summary" },
    );
  },
});

/** The DM buttons: open the form, or say it was already answered. */
export const feedbackActions: Record<string, ActionDef<any>> = {
  "feedback-form": action(FEEDBACK_BUTTON.form, async (ctx, shortId) => {
    const s = await findSession(ctx.db, ctx.workspace.id, shortId, RATE);
    const st = await feedbackState(ctx.db, s, ctx.member.userId, ctx.clock.now());
    return st.answeredOn ? thanksAgain(s, st.answeredOn) : feedbackForm(s);
  }),
  "impact-form": action(FEEDBACK_BUTTON.impact, async (ctx, v) => {
    const s = await findSession(ctx.db, ctx.workspace.id, v.shortId, USED);
    const st = await impactState(ctx.db, s, ctx.member.userId, ctx.clock.now());
    return st.answeredOn ? thanksAgain(s, st.answeredOn) : impactForm(s, v.answer);
  }),
};
for (const a of Object.values(feedbackActions)) a.untracked = true;
