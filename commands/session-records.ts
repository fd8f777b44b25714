// /session's PD records: check-out and hours credited, completion certificates (and checking
// one), and transcripts. Imported into commands/session.ts's subcommands.
import { action, sub } from "../src/core/command.js";
import { UserError } from "../src/core/errors.js";
import { minuteOf } from "../src/core/clock.js";
import { opt } from "../src/core/options.js";
import { fmt } from "../src/core/rich.js";
import { privately, type Reply } from "../src/core/reply.js";
import { formatDuration, hoursText, parseDuration } from "../src/core/duration.js";
import { hasRole, whoCan } from "../src/core/roles.js";
import type { CommandContext } from "../src/core/context.js";
import { audit } from "../src/services/audit.js";
import { pdfAttachment } from "../src/services/pdf.js";
import { endOf, findSession, KIND_LABEL, type SessionRow } from "../src/services/sessions/sessions.js";
import { BUTTON, SESSION_SUGGESTIONS } from "../src/services/sessions/keys.js";
import { checkOut } from "../src/services/sessions/checkout.js";
import { setCredit } from "../src/services/sessions/credit.js";
import { certificateReply, verifyCertificate } from "../src/services/sessions/certificate.js";
import {
  everyoneCsv,
  schoolYear,
  transcript,
  transcriptCsv,
  type Period,
} from "../src/services/sessions/transcript.js";
import { transcriptPdf } from "../src/services/sessions/transcript-pdf.js";

const id = opt.text({
  description: "The session's id, shown on its announcement",
  required: true,
  example: "7K2Q",
  max: 12,
  autocomplete: SESSION_SUGGESTIONS,
});

const whose = opt.user({ description: "Whose hours", required: true });
const hours = opt.text({ description: "Hours credited: 2.5, 2h30 or 0", required: true, example: "2.5", max: 20 });
const code = opt.text({
  description: "The certificate id printed on it",
  required: true,
  example: "7K2QM-XW9DA",
  max: 30,
});

const CREDIT = "/session credit id:7K2Q user:@maria hours:2.5";
const TRANSCRIPT = "/session transcript year:2025-26";

const rounding = (ctx: CommandContext) => ctx.workspace.settings.creditRoundingMinutes;

function requireLeader(ctx: CommandContext, what: string, example: string): void {
  if (!hasRole(ctx.member.roles, "leader"))
    throw new UserError(`Only ${whoCan("leader")} can ${what}. Nothing was changed.`, example);
}

async function doCheckout(ctx: CommandContext, s: SessionRow): Promise<Reply> {
  const me = ctx.member.userId;
  const r = await checkOut(ctx.db, s, me, rounding(ctx), ctx.clock.now());
  const correct = `A leader can correct hours with /session credit id:${s.shortId} user:${fmt.user(me)} hours:…`;
  // 0 h from the times alone (out just after the start): why, and how it is put right.
  const why =
    r.minutes === 0 && !r.byLeader
      ? ` That is ${attendedText(r.attended)} of the session, and hours are rounded to the nearest ${rounding(ctx)} min.`
      : "";
  const hours = `Hours credited: **${hoursText(r.minutes)}**${r.byLeader ? " (set by a leader)" : ""}.${why}`;
  if (r.already)
    return privately(`You already checked out of ${s.title} at ${fmt.time(r.checkedOutAt, "short")}. ${hours}`, {
      context: `Nothing changed. ${correct}`,
    });
  // While it runs, checking in again undoes a check-out pressed by mistake (checkin.ts).
  const undo =
    minuteOf(ctx.clock.now()) <= minuteOf(endOf(s))
      ? " Checked out by mistake? Check in again before the session ends to undo it."
      : "";
  return privately(`Checked you out of ${s.title}. ${hours}`, {
    context:
      (why
        ? `${correct} Your certificate comes by DM when the session ends.`
        : `Rounded to the nearest ${rounding(ctx)} min. Your certificate comes by DM when the session ends.`) + undo,
  });
}

/** "4 min", "less than a minute". */
const attendedText = (minutes: number): string =>
  minutes < 1 ? "less than a minute" : formatDuration(Math.floor(minutes));

/** Hours a leader typed: 0, 2.5, 2h30, 150m; never more than the session lasted. */
function readHours(text: string, s: SessionRow): number {
  const example = CREDIT.replace("7K2Q", s.shortId);
  const minutes = /^\s*0+(\.0*)?\s*(h|hours?)?\s*$/i.test(text) ? 0 : parseDuration(text, { bareUnit: "hours" });
  if (minutes === undefined)
    throw new UserError(
      `I could not read "${text}" as hours. Give a number of hours (2.5) or 2h30; 0 for none.`,
      example,
      "hours",
    );
  if (minutes > s.minutes)
    throw new UserError(
      `${s.title} lasted ${hoursText(s.minutes)}, so hours credited can be 0 to ${hoursText(s.minutes)}, not ${hoursText(minutes)}. Nothing was changed.`,
      example,
      "hours",
    );
  return minutes;
}

/** The period asked for: year:2025-26, all:yes, or this school year. */
function readPeriod(ctx: CommandContext, year: string | undefined, all: boolean | undefined): Period {
  if (all) {
    if (year) throw new UserError("Give year: or all:yes, not both.", TRANSCRIPT, "year");
    return { label: "all" };
  }
  const p = schoolYear(year, ctx.clock.now(), ctx.workspace.timeZone, ctx.workspace.settings.schoolYearStartMonth);
  if (!p)
    throw new UserError(
      `"${year}" is not a school year I can read: write its two calendar years, like 2025-26 (or all:yes for everything).`,
      TRANSCRIPT,
      "year",
    );
  return p;
}

/** "2026-27" -> "2025-26". */
const previousYear = (label: string): string => {
  const first = Number(label.slice(0, 4)) - 1;
  return `${first}-${String(first + 1).slice(2)}`;
};

export const checkout = sub({
  description: "Checks you out of a session (from its start to 2 h after its end); your hours credited stop then.",
  options: { id },
  examples: ["id:7K2Q"],
  async run(ctx, input) {
    return doCheckout(ctx, await findSession(ctx.db, ctx.workspace.id, input.id, "/session checkout id:7K2Q"));
  },
});

export const checkoutAction = action(BUTTON.checkout, async (ctx, sid) =>
  doCheckout(ctx, await findSession(ctx.db, ctx.workspace.id, sid, "/session list")),
);

export const credit = sub({
  description: "Sets or corrects a person's hours credited for a session (leaders); audited.",
  minRole: "leader",
  options: {
    id,
    user: whose,
    hours,
  },
  examples: ["id:7K2Q user:@maria hours:2.5", "id:7K2Q user:@maria hours:0"],
  async run(ctx, input) {
    const s = await findSession(ctx.db, ctx.workspace.id, input.id, CREDIT);
    // What was typed is checked first: bad hours get the same answer whatever the time.
    const minutes = readHours(input.hours, s);
    if (s.status === "cancelled")
      throw new UserError(`${s.title} was cancelled, so it credits no hours.`, "/session list");
    if (minuteOf(ctx.clock.now()) < minuteOf(s.startsAt))
      throw new UserError(
        `${s.title} has not started yet (${fmt.time(s.startsAt, "short")}); set hours once it has. Nothing was changed.`,
        CREDIT.replace("7K2Q", s.shortId),
      );
    const r = await setCredit(ctx.db, s, input.user, minutes, ctx.member.userId, rounding(ctx), ctx.clock.now());
    const who = fmt.user(input.user);
    if (r.unchanged)
      return privately(`${who} already has ${hoursText(minutes)} credited for ${s.title}; nothing changed.`);
    await audit(ctx.db, ctx.workspace.id, ctx.member.userId, "session.credit", { session: s.shortId }, input.user);
    return privately(
      `Set ${who}'s hours credited for ${s.title} to **${hoursText(minutes)}**` +
        (r.before === undefined ? "" : ` (was ${hoursText(r.before)})`) +
        (r.checkedIn ? `; ${who} had not checked in, so they are now recorded as attended.` : "."),
      { context: `A certificate sent again shows the new hours: /session certificate id:${s.shortId} user:@…` },
    );
  },
});

export const certificate = sub({
  long: true,
  description: "Sends your certificate for a session you attended again; leaders may get anyone's with user:.",
  options: { id, user: opt.user({ description: "Someone else's certificate (leaders)" }) },
  examples: ["id:7K2Q", "id:7K2Q user:@maria"],
  async run(ctx, input) {
    const s = await findSession(ctx.db, ctx.workspace.id, input.id, "/session certificate id:7K2Q");
    const other = input.user && input.user !== ctx.member.userId ? input.user : undefined;
    if (other) requireLeader(ctx, "get someone else's certificate", `/session certificate id:${s.shortId}`);
    const userId = other ?? ctx.member.userId;
    if (s.status === "cancelled")
      throw new UserError(`${s.title} was cancelled, so it has no certificates.`, "/session list");
    if (endOf(s) > ctx.clock.now())
      throw new UserError(
        `${s.title} has not ended yet: certificates are ready from ${fmt.time(endOf(s), "short")}.`,
        `/session certificate id:${s.shortId}`,
      );
    const reply = await certificateReply(ctx.db, { workspaceId: ctx.workspace.id, sessionId: s.id, userId });
    if (!reply)
      throw new UserError(
        `${other ? `${fmt.user(other)} has` : "You have"} no attendance recorded for ${s.title}, so there is no certificate. ` +
          `A leader can record it with /session credit id:${s.shortId} user:@… hours:…`,
        `/session certificate id:${s.shortId}`,
      );
    if (other)
      await audit(ctx.db, ctx.workspace.id, ctx.member.userId, "session.certificate", { session: s.shortId }, other);
    // A leader's copy of someone else's certificate says whose it is.
    const text = other
      ? reply.text!.replace(/^🎓 Your certificate/, `🎓 ${fmt.user(other)}'s certificate`)
      : reply.text!;
    return privately(text, { context: reply.context, files: reply.files });
  },
});

export const verify = sub({
  description: "Confirms a certificate from its code: who attended what, when, and the hours credited (anyone).",
  options: {
    code,
  },
  examples: ["code:7K2QM-XW9DA"],
  async run(ctx, input) {
    const v = await verifyCertificate(ctx.db, ctx.workspace.id, input.code);
    if (!v)
      return privately(
        `No certificate with that code. A code is 10 letters and digits, like 7K2QM-XW9DA; check it against the certificate.`,
      );
    return privately(
      `✅ Certificate ${v.code} is genuine: it certifies that ${fmt.user(v.userId)} attended **${v.title}** (${v.kind}) ` +
        `on ${fmt.time(v.startsAt, "date")}, with **${hoursText(v.minutes)}** credited.`,
    );
  },
});

export const transcriptSub = sub({
  long: true,
  description:
    "Your PD transcript (PDF and CSV): sessions, dates, kinds, topics and hours, with totals; leaders: user: or everyone:yes.",
  options: {
    year: opt.text({ description: "School year, e.g. 2025-26 (default: this one)", example: "2025-26", max: 12 }),
    all: opt.boolean({ description: "Every session, all years" }),
    user: opt.user({ description: "Someone else's transcript (leaders, coordinators)" }),
    everyone: opt.boolean({ description: "A CSV of everyone's hours by kind (leaders, coordinators)" }),
  },
  examples: ["", "year:2025-26", "all:yes", "user:@maria", "everyone:yes year:2025-26"],
  async run(ctx, input) {
    const period = readPeriod(ctx, input.year, input.all);
    const ws = {
      id: ctx.workspace.id,
      timeZone: ctx.workspace.timeZone,
      rounding: rounding(ctx),
      now: ctx.clock.now(),
    };
    const label = period.label === "all" ? "all" : period.label;
    const when = period.label === "all" ? "all sessions" : `the ${period.label} school year`;
    if (input.everyone) {
      requireLeader(ctx, "export everyone's hours", "/session transcript");
      if (input.user)
        throw new UserError("Give user: or everyone:yes, not both.", "/session transcript everyone:yes", "user");
      const e = await everyoneCsv(ctx.db, ws, period);
      await audit(ctx.db, ctx.workspace.id, ctx.member.userId, "session.transcript", { everyone: true, period: label });
      return privately(
        `Hours credited by person and kind for ${when}: ${e.people} ${e.people === 1 ? "person" : "people"}.`,
        {
          files: [{ filename: `pd-hours-${label}.csv`, contentType: "text/csv", content: e.csv }],
        },
      );
    }
    const other = input.user && input.user !== ctx.member.userId ? input.user : undefined;
    if (other) requireLeader(ctx, "get someone else's transcript", "/session transcript");
    const userId = other ?? ctx.member.userId;
    const t = await transcript(ctx.db, ws, userId, period);
    if (other) await audit(ctx.db, ctx.workspace.id, ctx.member.userId, "session.transcript", { period: label }, other);
    const pdf = await transcriptPdf(t, ctx.workspace.settings.districtName);
    // Someone else's is named for them, so it never overwrites the leader's own.
    const name = `transcript-${other ? `${other.replace(/[^A-Za-z0-9_-]/g, "")}-` : ""}${label}`;
    const kinds = t.byKind.map(([k, m]) => `${k} ${hoursText(m)}`).join(" · ");
    return privately(
      `${other ? `${fmt.user(other)}'s` : "Your"} PD transcript for ${when}: ${t.rows.length} ` +
        `${t.rows.length === 1 ? "session" : "sessions"}, **${hoursText(t.total)}** credited${kinds ? ` (${kinds})` : ""}.`,
      {
        context:
          period.label === "all"
            ? undefined
            : `Other years: /session transcript year:${previousYear(period.label)}, or all:yes`,
        files: [
          pdfAttachment(`${name}.pdf`, pdf),
          { filename: `${name}.csv`, contentType: "text/csv", content: transcriptCsv(t) },
        ],
      },
    );
  },
});

/** The kind label shown for a session (for help text elsewhere). */
export const kindLabel = (k: string): string => KIND_LABEL[k] ?? k;
