// /mentor my-hours (a mentee's own log and their induction log by DM) and /mentor program (the
// coordinators' reports: stipend, pace, completion, annual pack). Hours, days, topics and pairs
// only, never notes or a typed mentee name; every answer goes to the person's DM with cadre when
// asked in a channel, since it names people in pairs. Each report is audited without content.
import { sub } from "../src/core/command.js";
import { UserError } from "../src/core/errors.js";
import { opt } from "../src/core/options.js";
import { fmt } from "../src/core/rich.js";
import { privately, to, type Attachment, type Reply } from "../src/core/reply.js";
import { hoursText } from "../src/core/duration.js";
import type { CommandContext } from "../src/core/context.js";
import { audit } from "../src/services/audit.js";
import { pdfAttachment } from "../src/services/pdf.js";
import { schoolYearStart, todayIn } from "../src/services/school-year.js";
import { displayNames, listMembersWithRoles } from "../src/services/workspaces.js";
import { progressBar } from "../src/services/mentoring/hours.js";
import { readPairDay } from "../src/services/mentoring/pairs.js";
import { daysBetween, type Days, type ProgramPair } from "../src/services/mentoring/program/facts.js";
import {
  inductionLogCsv,
  inductionLogPdf,
  menteeLog,
  menteeTotals,
  monthName,
} from "../src/services/mentoring/program/induction-log.js";
import { stipendCsv, stipendReport } from "../src/services/mentoring/program/stipend.js";
import { paceReport, type PaceState } from "../src/services/mentoring/program/pace.js";
import { completionReport, type CompletionState } from "../src/services/mentoring/program/completion.js";
import {
  annualMarkdown,
  annualMentorsCsv,
  annualPairsCsv,
  annualReport,
  annualTopicsCsv,
  confirmationRate,
} from "../src/services/mentoring/program/annual.js";
import { toCsv } from "../src/services/csv.js";
import { hoursNumber } from "../src/core/duration.js";

const REPORTS = ["stipend", "pace", "completion", "annual"] as const;
type ReportName = (typeof REPORTS)[number];
const EXAMPLE = "/mentor program report:stipend from:2026-08-15 to:2027-05-28";
const CONFIDENTIAL = "Hours only: notes, and mentees not on the platform, are never shown to anyone but their mentor.";

/** Names people: asked in a channel, the answer goes to the person's DM with cadre. */
function byDm(ctx: CommandContext, reply: Reply): Reply | Reply[] {
  if (ctx.source.isDM) return reply;
  return [
    privately("I've sent it to you by DM with cadre, so nobody's mentoring shows here."),
    { ...reply, to: to.dm(ctx.member.userId) },
  ];
}

/** A pair as a coordinator sees it: a member mentee by mention, any other mentee by the pair alone. */
const pairText = (p: ProgramPair) =>
  `\`${p.shortId}\` ${fmt.user(p.mentorId)} → ${p.menteeUserId ? fmt.user(p.menteeUserId) : "a mentee not on the platform"}`;

/** The names of the people in these pairs (a mentee not on the platform has none). */
const pairNames = (ctx: CommandContext, rows: { pair: ProgramPair }[]) =>
  displayNames(
    ctx.db,
    ctx.workspace.id,
    rows.flatMap((r) => [r.pair.mentorId, r.pair.menteeUserId ?? []].flat()),
  );

const csvFile = (filename: string, content: string): Attachment => ({ filename, contentType: "text/csv", content });

interface Period extends Days {
  label: string;
  /** For the audit log and file names. */
  key: string;
}

function readDay(ctx: CommandContext, text: string, option: "from" | "to"): string {
  const w = ctx.workspace;
  const day = readPairDay(text, w.timeZone, ctx.clock.now(), w.settings.schoolYearStartMonth);
  if (!day)
    throw new UserError(
      `I could not read "${text}" as a day (try 2026-08-15, Aug 15 or today).`,
      EXAMPLE.replace("stipend", "pace"),
      option,
    );
  return day;
}

/** from:/to: as given, each defaulting (the school year's first day; `to` by report). */
function readPeriod(ctx: CommandContext, input: { from?: string; to?: string }, defaultTo: string): Period {
  const w = ctx.workspace;
  const start = schoolYearStart(ctx.clock.now(), w.timeZone, w.settings.schoolYearStartMonth);
  const from = input.from ? readDay(ctx, input.from, "from") : start;
  const until = input.to
    ? readDay(ctx, input.to, "to")
    : defaultTo < from
      ? todayIn(w.timeZone, ctx.clock.now())
      : defaultTo;
  if (until < from) throw new UserError(`The period ends (${until}) before it starts (${from}).`, EXAMPLE, "to");
  const schoolYear = !input.from && !input.to;
  return {
    from,
    to: until,
    label: schoolYear ? `the school year from ${from} to ${until}` : `${from} to ${until}`,
    key: `${from}-to-${until}`,
  };
}

const needSetting = (what: string, setting: string, example: string) =>
  new UserError(
    `${what} needs ${setting}, which is not set yet. An admin sets it; nothing was reported.`,
    example,
    "report",
  );

async function mentorRoleHolders(ctx: CommandContext): Promise<string[]> {
  return (await listMembersWithRoles(ctx.db, ctx.workspace.id))
    .filter((m) => m.roles.includes("mentor"))
    .map((m) => m.userId);
}

async function stipend(ctx: CommandContext, input: { from?: string; to?: string }): Promise<Reply> {
  const s = ctx.workspace.settings;
  if (!s.stipendHours)
    throw needSetting(
      "The stipend report",
      "the stipend's hours",
      "/cadre settings stipend-hours:30 stipend-due:2027-05-28",
    );
  const today = todayIn(ctx.workspace.timeZone, ctx.clock.now());
  const p = readPeriod(ctx, input, s.stipendDue ?? today);
  const r = await stipendReport(ctx.db, {
    workspaceId: ctx.workspace.id,
    period: p,
    thresholdHours: s.stipendHours,
    mentorRole: await mentorRoleHolders(ctx),
  });
  await audit(ctx.db, ctx.workspace.id, ctx.member.userId, "mentor.program.stipend", {
    period: p.key,
    mentors: r.rows.length,
  });
  const names = await displayNames(
    ctx.db,
    ctx.workspace.id,
    r.rows.map((x) => x.mentorId),
  );
  const lines = r.rows.map(
    (x) =>
      `- ${fmt.user(x.mentorId)}: ${hoursText(x.minutes)} (${hoursText(x.confirmed)} confirmed, ${hoursText(x.unconfirmed)} unconfirmed) · ` +
      (x.eligible ? "**eligible**" : `${hoursText(r.thresholdMinutes - x.minutes)} to go`),
  );
  const due = p.to > today ? `\n_The hours are due by ${p.to}; this counts what is logged up to today._` : "";
  return privately(
    (lines.length ? lines.join("\n") : "Nobody logged mentoring in this period, and nobody has the mentor role.") +
      `\n\n**${r.eligible} of ${r.rows.length}** mentors reached ${s.stipendHours} h.` +
      due +
      "\n_Eligibility counts every hour logged in the period; the confirmed part is what mentees confirmed._",
    {
      header: `Stipend eligibility — ${p.label}`,
      context: `${CONFIDENTIAL} This report was recorded in the audit log.`,
      files: [csvFile(`mentoring-stipend-${p.key}.csv`, stipendCsv(r.rows, names))],
      overflow: "the attached CSV, which has every mentor",
    },
  );
}

const PACE_WORDS: Record<PaceState, string> = { behind: "**behind**", "on-pace": "on pace", new: "new (under a week)" };

async function pace(ctx: CommandContext, input: { from?: string; to?: string }): Promise<Reply> {
  const s = ctx.workspace.settings;
  if (!s.paceHoursPerWeek)
    throw needSetting("The pace report", "the program's pace", "/cadre settings pace-hours-per-week:1");
  const today = todayIn(ctx.workspace.timeZone, ctx.clock.now());
  const p = readPeriod(ctx, input, today);
  const rows = await paceReport(ctx.db, {
    workspaceId: ctx.workspace.id,
    period: p,
    today,
    paceHours: s.paceHoursPerWeek,
  });
  await audit(ctx.db, ctx.workspace.id, ctx.member.userId, "mentor.program.pace", {
    period: p.key,
    pairs: rows.length,
  });
  const behind = rows.filter((r) => r.state === "behind").length;
  const names = await pairNames(ctx, rows);
  const lines = rows.map(
    (r) =>
      `- ${pairText(r.pair)}: ${hoursText(Math.round(r.perWeek * 60))} a week ` +
      `(${hoursText(r.minutes)} over ${daysBetween(r.window.from, r.window.to)} days) · ${PACE_WORDS[r.state]}`,
  );
  const csv = toCsv(
    ["pair", "mentor", "mentor platform user id", "mentee", "from", "to", "hours", "weeks", "hours a week", "pace"],
    rows.map((r) => [
      r.pair.shortId,
      names.get(r.pair.mentorId) ?? r.pair.mentorId,
      r.pair.mentorId,
      r.pair.menteeUserId ? (names.get(r.pair.menteeUserId) ?? r.pair.menteeUserId) : "not a member",
      r.window.from,
      r.window.to,
      hoursNumber(r.minutes),
      r.weeks.toFixed(1),
      r.perWeek.toFixed(2),
      r.state,
    ]),
  );
  return privately(
    (lines.length ? lines.join("\n") : "No pair ran in this period. Pair people with /mentor pair.") +
      `\n\n**${behind} of ${rows.length}** pairs are behind the pace of ${hoursText(s.paceHoursPerWeek * 60)} a week.`,
    {
      header: `Mentoring pace — ${p.label}`,
      context: `${CONFIDENTIAL} This report was recorded in the audit log.`,
      files: [csvFile(`mentoring-pace-${p.key}.csv`, csv)],
      overflow: "the attached CSV, which has every pair",
    },
  );
}

const COMPLETION_WORDS: Record<CompletionState, string> = {
  complete: "**complete**",
  "in-progress": "in progress",
  "not-started": "not started",
};

async function completion(ctx: CommandContext, input: { from?: string; to?: string }): Promise<Reply> {
  const s = ctx.workspace.settings;
  if (!s.menteeGoalHours)
    throw needSetting("The completion report", "the mentee goal", "/cadre settings mentee-goal:50");
  const p = readPeriod(ctx, input, todayIn(ctx.workspace.timeZone, ctx.clock.now()));
  const rows = await completionReport(ctx.db, {
    workspaceId: ctx.workspace.id,
    period: p,
    goalHours: s.menteeGoalHours,
  });
  await audit(ctx.db, ctx.workspace.id, ctx.member.userId, "mentor.program.completion", {
    period: p.key,
    pairs: rows.length,
  });
  const count = (st: CompletionState) => rows.filter((r) => r.state === st).length;
  const names = await pairNames(ctx, rows);
  const lines = rows.map(
    (r) =>
      `- ${pairText(r.pair)}: ${hoursText(r.tally.minutes)} of ${s.menteeGoalHours} h (${hoursText(r.tally.confirmed)} confirmed) · ${COMPLETION_WORDS[r.state]}`,
  );
  const csv = toCsv(
    [
      "pair",
      "mentor",
      "mentor platform user id",
      "mentee",
      "from",
      "to",
      "hours",
      "hours confirmed",
      "goal hours",
      "completion",
    ],
    rows.map((r) => [
      r.pair.shortId,
      names.get(r.pair.mentorId) ?? r.pair.mentorId,
      r.pair.mentorId,
      r.pair.menteeUserId ? (names.get(r.pair.menteeUserId) ?? r.pair.menteeUserId) : "not a member",
      r.pair.from,
      r.pair.to ?? "",
      hoursNumber(r.tally.minutes),
      hoursNumber(r.tally.confirmed),
      s.menteeGoalHours,
      r.state,
    ]),
  );
  return privately(
    (lines.length ? lines.join("\n") : "No pair ran in this period. Pair people with /mentor pair.") +
      `\n\n**${count("complete")}** complete · **${count("in-progress")}** in progress · **${count("not-started")}** not started` +
      `\n_A pair is complete when the hours logged under it (over its whole length) reach the ${s.menteeGoalHours} h goal._`,
    {
      header: `Completion per pair — pairs running ${p.from} to ${p.to}`,
      context: `${CONFIDENTIAL} This report was recorded in the audit log.`,
      files: [csvFile(`mentoring-completion-${p.key}.csv`, csv)],
      overflow: "the attached CSV, which has every pair",
    },
  );
}

async function annual(ctx: CommandContext, input: { from?: string; to?: string }): Promise<Reply> {
  const s = ctx.workspace.settings;
  const today = todayIn(ctx.workspace.timeZone, ctx.clock.now());
  const p = readPeriod(ctx, input, today);
  const a = await annualReport(ctx.db, {
    workspaceId: ctx.workspace.id,
    period: p,
    goalHours: s.menteeGoalHours,
    mentorRole: await mentorRoleHolders(ctx),
    now: ctx.clock.now(),
  });
  await audit(ctx.db, ctx.workspace.id, ctx.member.userId, "mentor.program.annual", {
    period: p.key,
    mentors: a.mentors.length,
    pairs: a.pairs.length,
  });
  const names = await displayNames(ctx.db, ctx.workspace.id, [
    ...a.mentors.map((m) => m.mentorId),
    ...a.pairs.flatMap((x) => x.pair.menteeUserId ?? []),
  ]);
  const md = annualMarkdown(a, {
    title: "Mentoring program annual report",
    label: p.label,
    goalHours: s.menteeGoalHours,
    made: today,
  });
  const topics = annualTopicsCsv(a);
  const files: Attachment[] = [
    { filename: `mentoring-annual-${p.key}.md`, contentType: "text/markdown", content: md },
    csvFile(`mentoring-annual-mentors-${p.key}.csv`, annualMentorsCsv(a, names)),
    csvFile(`mentoring-annual-pairs-${p.key}.csv`, annualPairsCsv(a, names)),
    ...(topics ? [csvFile(`mentoring-annual-topics-${p.key}.csv`, topics)] : []),
  ];
  return privately(
    [
      `- Mentors: **${a.mentors.length}** (${a.mentors.filter((m) => m.tally.entries).length} logged time)`,
      `- Pairs: **${a.pairs.length}**`,
      `- Hours logged: **${hoursText(a.total.minutes)}** in ${a.total.entries} ${a.total.entries === 1 ? "entry" : "entries"}, ${hoursText(a.total.confirmed)} confirmed by mentees`,
      `- Confirmation rate: **${confirmationRate(a)}** of the hours logged with mentees who are members`,
      `- Topics across the network: ${a.topics.shown ? "included" : `withheld (${a.topics.why === "few-mentors" ? `fewer than 5 mentors logged` : "it would single out a few mentors against an earlier report"})`}`,
    ].join("\n"),
    {
      header: `Annual mentoring report — ${p.label}`,
      context: `The report (Markdown) and its CSV files are attached. ${CONFIDENTIAL} This report was recorded in the audit log.`,
      files,
    },
  );
}

export const program = sub({
  long: true,
  description:
    "Program reports (coordinators): stipend eligibility, pace, completion per pair, or the annual report pack. " +
    "Hours and pairs only, never content.",
  minRole: "coordinator",
  options: {
    report: opt.choice({ description: "Which report", choices: REPORTS, required: true, bare: true }),
    from: opt.date({ description: "From this day (default: the school year's start)", example: "2026-08-15" }),
    to: opt.date({
      description: "…to this day, included (default today; the stipend's due day for report:stipend)",
      example: "2027-05-28",
    }),
  },
  examples: [
    "report:stipend",
    "report:pace",
    "report:completion",
    "report:annual",
    "report:stipend from:2026-08-15 to:2027-05-28",
  ],
  async run(ctx, input) {
    const run: Record<ReportName, typeof stipend> = { stipend, pace, completion, annual };
    return byDm(ctx, await run[input.report!](ctx, input));
  },
});

export const myHours = sub({
  description:
    "For a mentee: the time your mentors logged with you, confirmed hours apart, by month and school year; " +
    "log:yes sends your induction log (PDF and CSV) to your DM.",
  options: {
    log: opt.boolean({ description: "Send your induction log (dates, times, mentor, topics) as PDF and CSV by DM" }),
  },
  examples: ["", "log:yes"],
  async run(ctx, input) {
    const w = ctx.workspace;
    const me = ctx.member.userId;
    const log = await menteeLog(ctx.db, w.id, me);
    if (!log.pairs.length)
      return privately(
        "You are not a mentee in any mentoring pair here, so there are no hours of yours. " +
          "A coordinator pairs mentors with mentees; /mentor pairs shows yours. (Mentors: your own hours are in /mentor hours.)",
      );
    const today = todayIn(w.timeZone, ctx.clock.now());
    const names = await displayNames(ctx.db, w.id, [...log.pairs.map((p) => p.mentorId), me]);
    if (input.log) {
      const pdf = await inductionLogPdf(log, names, {
        mentee: ctx.member.displayName || me,
        made: today,
        goalHours: w.settings.menteeGoalHours,
      });
      await audit(ctx.db, w.id, me, "mentor.induction-log", { entries: log.entries.length });
      const total = log.entries.reduce((n, e) => n + e.minutes, 0);
      const dm: Reply = {
        to: to.dm(me),
        text: `Your induction log: ${log.entries.length} ${log.entries.length === 1 ? "entry" : "entries"}, ${hoursText(total)} in all.`,
        context: "Dates, lengths, mentors and topics only; your mentor's notes are not part of it.",
        files: [
          pdfAttachment(`induction-log-${today}.pdf`, pdf),
          csvFile(`induction-log-${today}.csv`, inductionLogCsv(log, names)),
        ],
      };
      return ctx.source.isDM ? dm : [privately("Sent your induction log to your DM with cadre."), dm];
    }
    const t = menteeTotals(log, schoolYearStart(ctx.clock.now(), w.timeZone, w.settings.schoolYearStartMonth));
    const goal = w.settings.menteeGoalHours;
    const unconfirmed = (x: { minutes: number; confirmed: number }) => hoursText(x.minutes - x.confirmed);
    const lines = [
      `This school year: **${hoursText(t.year.confirmed)} confirmed** · ${unconfirmed(t.year)} logged, not confirmed`,
      `Overall: **${hoursText(t.overall.confirmed)} confirmed** of ${hoursText(t.overall.minutes)} logged`,
      goal ? `Goal: ${progressBar(t.overall.confirmed / 60, goal)} of ${goal} h (confirmed hours)` : "",
      ...t.mentors.flatMap((m) => {
        const pair = log.pairs.filter((p) => p.mentorId === m.mentorId);
        const since = pair.map((p) => (p.to ? `${p.from} to ${p.to}` : `since ${p.from}`)).join(", ");
        return [
          `\n**With ${fmt.user(m.mentorId)}** (${since}): ${hoursText(m.year.confirmed)} confirmed, ${unconfirmed(m.year)} not confirmed this school year`,
          ...m.months.map(
            ([month, x]) => `- ${monthName(month)}: ${hoursText(x.confirmed)} confirmed of ${hoursText(x.minutes)}`,
          ),
        ];
      }),
    ].filter(Boolean);
    return byDm(
      ctx,
      privately(lines.join("\n"), {
        header: "Your mentoring hours (as a mentee)",
        context:
          "Only you see this. Dates, times and topics only; your mentor's notes stay theirs. " +
          "Your induction log for licensure: /mentor my-hours log:yes",
      }),
    );
  },
});
