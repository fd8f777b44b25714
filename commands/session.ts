// /session: announce scoring trainings and PD sessions, collect RSVPs with a waitlist,
// remind attendees, record attendance, export it, and know who is trained to score.
import { DateTime } from "luxon";
import { action, defineCommand, sub } from "../src/core/command.js";
import { UserError } from "../src/core/errors.js";
import { clearable, CLEAR_WORD, opt } from "../src/core/options.js";
import { fmt, formatInZone } from "../src/core/rich.js";
import { privately, to, type Reply } from "../src/core/reply.js";
import { formatDuration } from "../src/core/duration.js";
import { impossibleDate, parseWhen } from "../src/core/when.js";
import { hasRole, whoCan } from "../src/core/roles.js";
import type { CommandContext } from "../src/core/context.js";
import { audit } from "../src/services/audit.js";
import {
  createSession,
  DEFAULT_MINUTES,
  endOf,
  findSession,
  KINDS,
  rsvps,
  sameSession,
  type RsvpRow,
  type SessionRow,
  upcomingSessionsPage,
} from "../src/services/sessions/sessions.js";
import { answer, type Answer, type RsvpResult } from "../src/services/sessions/rsvp.js";
import { BUTTON, cardKey, SESSION_SUGGESTIONS } from "../src/services/sessions/keys.js";
import { cancelSession, editSession, moveToChannel, rescheduleSession } from "../src/services/sessions/lifecycle.js";
import { parseRemindOffsets } from "../src/services/sessions/remind-offsets.js";
import { sessionCard } from "../src/services/sessions/card.js";
import { icsFile } from "../src/services/sessions/ical.js";
import { checkIn } from "../src/services/sessions/checkin.js";
import { attendanceSummary } from "../src/services/sessions/attendance.js";
import { attendanceCsv } from "../src/services/sessions/csv.js";
import { scoringRoster } from "../src/services/sessions/roster.js";
import { assumedNote } from "../src/core/time-of-day.js";
import { requirePostable } from "../src/core/post-check.js";
import { MAX_PAGE, pageButtons, pageNote, requirePage } from "../src/core/paging.js";
import { requireTrained } from "../src/services/sessions/scorer-gate.js";
import * as series from "./session-series.js";
import { feedback, feedbackActions, impact, rate, used } from "./session-feedback.js";
import { hoursText } from "../src/core/duration.js";
import { certificate, checkout, checkoutAction, credit, transcriptSub, verify } from "./session-records.js";

const ANNOUNCE =
  '/session announce "Scoring training" when:"Dec 3 9am" hours:3 where:"Central HS library" channel:#scoring kind:scoring-training';
/** An announcement posted where it is typed: for someone who named a channel they cannot post in. */
const POST_HERE = '/session announce "Scoring training" when:"Dec 3 9am" hours:3';
const RESCHEDULE = '/session reschedule id:7K2Q when:"Dec 10 9am"';
const id = opt.text({
  description: "The session's id, shown on its announcement",
  required: true,
  example: "7K2Q",
  max: 12,
  autocomplete: SESSION_SUGGESTIONS,
});

/**
 * A start time ahead of now, read in the workspace's zone; the error shows one that works.
 * `note` says how a time without am/pm was read, for the confirmation.
 */
function readWhen(ctx: CommandContext, text: string, example: string): { at: Date; note?: string } {
  const zone = ctx.workspace.timeZone;
  const now = ctx.clock.now();
  const impossible = impossibleDate(text, zone, now);
  if (impossible)
    throw new UserError(
      `"${text}" is not a real date: ${impossible}. Try "Dec 3 9am" or 2026-12-03T09:00 (year-month-day).`,
      example,
      "when",
    );
  const w = parseWhen(text, zone, now);
  if (!w)
    throw new UserError(
      `I could not read "${text}" as a date and time (in ${zone}). Try "Dec 3 9am", "next Thursday 3:30pm" or 2026-12-03T09:00.`,
      example,
      "when",
    );
  // "Dec 1 10:30pm" typed late on Dec 1 meant the one just missed, not next year's: refused as past.
  if (w.passed && w.hasTime) {
    const ahead = asTyped(weeksLater(w.passed, zone, now), zone);
    throw new UserError(
      `${text.trim()} has already passed (it is now ${formatInZone(now, zone, "short")}). Give a time still ahead, ` +
        `like when:"${ahead}", or write the year for next year's: when:"${asTyped(w.at, zone, true)}". Nothing was saved.`,
      example.replace(/when:"[^"]*"/, `when:"${ahead}"`),
      "when",
    );
  }
  if (!w.hasTime)
    throw new UserError(`"${text}" has no time of day; say when it starts, e.g. "${text} 9am".`, example, "when");
  // parseWhen looks forward, so chrono turns "last Friday" into the coming one; it meant the past.
  if (/\b(ago|yesterday)\b|^\s*(last|previous|past)\s/i.test(text) && w.at > now)
    throw new UserError(
      `"${text}" is in the past. Give a time still ahead, e.g. when:"next Thursday 3:30pm".`,
      example,
      "when",
    );
  if (w.at <= now)
    throw new UserError(
      `${formatInZone(w.at, zone)} is in the past. Give a time still ahead, e.g. when:"next Thursday 3:30pm".`,
      example,
      "when",
    );
  // A month and day already past this year ("Nov 3" in December) means next year's: said, with the year.
  const later = w.laterYear
    ? `No year was given and that date has passed this year, so I read it as next year's: ${formatInZone(w.at, zone, "date")}.`
    : undefined;
  const notes = [w.assumed ? assumedNote(w.assumed) : undefined, later].filter(Boolean);
  return { at: w.at, note: notes.length ? notes.join(" ") : undefined };
}

/** The first moment a whole number of weeks after `passed`, at the same wall-clock time, that is still ahead of now. */
function weeksLater(passed: Date, zone: string, now: Date): Date {
  let d = DateTime.fromJSDate(passed, { zone });
  while (d.toJSDate() <= now) d = d.plus({ weeks: 1 });
  return d.toJSDate();
}

/** A moment as a person would type it for when: "Dec 8 10:30pm", "Dec 1 2027 9am". */
function asTyped(at: Date, zone: string, year = false): string {
  const d = DateTime.fromJSDate(at, { zone });
  return `${d.toFormat(year ? "LLL d yyyy" : "LLL d")} ${d.toFormat(d.minute ? "h:mma" : "ha").toLowerCase()}`;
}

function readOffsets(text: string | undefined, fallback: number[]): number[] {
  if (text === undefined) return fallback;
  const r = parseRemindOffsets(text);
  if (!r)
    throw new UserError(
      `Reminders are times before the start, each with a unit and separated by commas (at most 5), like "24h,1h", "2d, 30m", or "none".`,
      `${ANNOUNCE} remind:"24h,1h"`,
      "remind",
    );
  return r;
}

/** The announcement, edited where it was posted. */
const cardUpdate = async (ctx: CommandContext, s: SessionRow): Promise<Reply> => ({
  to: to.update(cardKey(s)),
  ...sessionCard(s, await rsvps(ctx.db, s.id), ctx.clock.now()),
});

/** The announcement, posted in the session's channel; a refused post's notice offers to post it again there, or elsewhere. */
const cardPost = (s: SessionRow, answers: RsvpRow[], now: Date): Reply => ({
  to: to.channel(s.channelId),
  ...sessionCard(s, answers, now),
  repost: `/session repost id:${s.shortId}`,
  repostElsewhere: `/session repost id:${s.shortId} channel:#…`,
});

/** "1 person", "3 people". */
const peopleTold = (n: number): string => `${n} ${n === 1 ? "person" : "people"}`;

function requireLeader(ctx: CommandContext, what: string, example: string): void {
  if (!hasRole(ctx.member.roles, "leader"))
    throw new UserError(
      `Only ${whoCan("leader")} can ${what}. Ask an admin for the role with /cadre role add.`,
      example,
    );
}

/** What reminders a Going or Maybe answer will get, said as it is: planned ones, or why none. */
function reminderPromise(r: RsvpResult): string {
  if (r.reminders.length)
    return `I'll remind you ${r.reminders.map((m) => (m % 1440 === 0 ? `${m / 1440} d` : formatDuration(m))).join(" and ")} before it starts.`;
  return r.offsets.length
    ? "It starts too soon for its reminders, so none will be sent."
    : "This session has no reminders.";
}

async function doRsvp(ctx: CommandContext, shortId: string, a: Answer, example?: string): Promise<Reply[]> {
  const now = ctx.clock.now();
  const ref = { workspaceId: ctx.workspace.id, shortId, example };
  const r = await answer(ctx.db, ref, ctx.member.userId, a, now, (s, t) =>
    requireTrained(t, s, ctx.member.userId, ctx.workspace.settings.schoolYearStartMonth, now),
  );
  const s = r.session;
  const when = fmt.time(s.startsAt);
  const same = r.unchanged ? " (no change)" : "";
  const msg =
    r.status === "waitlist"
      ? `${s.title} is full; you are number ${r.position} on the waitlist${same}. I'll DM you if a seat opens.`
      : r.status === "going"
        ? `${r.unchanged ? "You were already going" : "You're going"} to ${s.title}, ${when}. ${reminderPromise(r)}`
        : r.status === "maybe"
          ? `${r.unchanged ? "You had already said maybe" : "Marked maybe"} for ${s.title}, ${when}. ${reminderPromise(r)}`
          : r.unchanged
            ? `You had already said you can't go to ${s.title}; nothing changed.`
            : `Marked can't go for ${s.title}.`;
  if (r.unchanged) return [privately(msg)];
  return [
    r.answers ? { to: to.update(cardKey(s)), ...sessionCard(s, r.answers, now) } : await cardUpdate(ctx, s),
    privately(msg),
  ];
}

const kit: series.SessionKit = { readWhen, cardPost, cardUpdate };

/** One page of /session list: the channel's sessions, or with `all` those the person may know of anywhere. */
async function sessionList(ctx: CommandContext, all: boolean, page: number): Promise<Reply> {
  const now = ctx.clock.now();
  const everywhere = all || ctx.source.isDM;
  const p = await upcomingSessionsPage(
    ctx.db,
    {
      workspaceId: ctx.workspace.id,
      now,
      channelId: everywhere ? undefined : ctx.source.channelId,
      visibleTo: { userId: ctx.member.userId, here: ctx.source.isDM ? undefined : ctx.source.channelId },
    },
    page,
  );
  if (!p.total)
    return privately(
      // all:yes cannot see other channels' sessions (see list), so it says what it looked at.
      !everywhere
        ? "No upcoming sessions in this channel. Try /session list all:yes"
        : ctx.source.isDM
          ? "No upcoming sessions that you announced or answered. A channel's sessions show with /session list in that channel."
          : "No upcoming sessions in this channel, nor any you announced or answered elsewhere. Another channel's sessions show with /session list there.",
    );
  const again = (n: number) => `/session list${all ? " all:yes" : ""} page:${n}`;
  requirePage(p, ["upcoming session", "upcoming sessions"], again);
  return privately(
    p.rows
      .map(
        (s) =>
          `- \`${s.shortId}\` **${s.title}** — ${fmt.time(s.startsAt, "short")} · ` +
          `${formatDuration(s.minutes)}${s.location ? ` · ${s.location}` : ""} · ${fmt.channel(s.channelId)}`,
      )
      .join("\n"),
    {
      header: "Upcoming sessions",
      context: pageNote(p, again) || undefined,
      buttons: pageButtons(BUTTON.page, p, all ? "all" : ""),
    },
  );
}

export default defineCommand({
  name: "session",
  description: "Announce scoring trainings and PD sessions, collect RSVPs, keep attendance.",
  subcommands: {
    announce: sub({
      description: "Announces a session in a channel with RSVP buttons and a calendar file.",
      minRole: "leader",
      options: {
        title: opt.text({ description: "What it is", required: true, example: '"Scoring training"', max: 150 }),
        when: opt.dateTime({
          description: "Start, in the workspace's time zone",
          required: true,
          example: '"Dec 3 9am"',
        }),
        hours: opt.duration({
          description: "Length: 3 (hours), 6h or 90m; default by kind",
          bareUnit: "hours",
          maxMinutes: 12 * 60,
          example: "3",
        }),
        where: opt.text({ description: "Site and room", example: '"Central HS library"', max: 200 }),
        link: opt.url({ description: "Video call link", example: "https://meet.example.org/abc" }),
        channel: opt.channel({ description: "Where to post (default: here)" }),
        kind: opt.choice({ description: "Kind of session (default pd)", choices: KINDS }),
        capacity: opt.integer({
          description: "Seats; extra Going answers join a waitlist",
          min: 1,
          max: 5000,
          example: "25",
        }),
        notes: opt.longText({ description: "Anything attendees should know", max: 1500 }),
        remind: opt.text({
          description: 'Reminders before the start, e.g. "24h,1h" (default) or "none"',
          example: '"24h,1h"',
          max: 60,
        }),
        ...series.announceOptions,
      },
      examples: [
        '"Scoring training" when:"Dec 3 9am" hours:3 where:"Central HS library" channel:#scoring kind:scoring-training capacity:25',
        '"PD: feedback that sticks" when:"next Thursday 3:30pm" hours:90m link:https://meet.example.org/pd',
        '"Scoring practice" when:"Dec 8 9am" repeat:"every other Tuesday" until:"May 26" topics:"scoring and assessment"',
        '"Scoring day" when:"Jan 12 8am" kind:scoring-day repeat:"every Tuesday" count:3',
      ],
      async run(ctx, input) {
        const kind = input.kind ?? "pd";
        const { at: startsAt, note } = readWhen(ctx, input.when, ANNOUNCE);
        const channelId = input.channel ?? (ctx.source.isDM ? undefined : ctx.source.channelId);
        if (!channelId) throw new UserError("Say which channel to post the announcement in.", ANNOUNCE, "channel");
        await requirePostable(ctx, channelId, { field: "channel", example: POST_HERE });
        const base = {
          title: input.title,
          kind,
          minutes: input.hours ?? DEFAULT_MINUTES[kind]!,
          timeZone: ctx.workspace.timeZone,
          location: input.where,
          link: input.link,
          channelId,
          capacity: input.capacity,
          notes: input.notes,
          reminderOffsets: readOffsets(input.remind, ctx.workspace.settings.sessionReminderMinutes),
          topics: series.readTopicsOption(ctx, input.topics, ANNOUNCE),
          requiresTrained: series.requiresTrained(kind, input.requires),
          createdBy: ctx.member.userId,
        };
        if (input.repeat !== undefined || input.until !== undefined || input.count !== undefined)
          return series.announceSeries(ctx, kit, base, { first: startsAt, ...input, note });
        // The same session announced again (a second press, a retry) answers with the first; nothing is saved.
        const same = await sameSession(ctx.db, ctx.workspace.id, { ...base, startsAt });
        if (same)
          return privately(
            `**${same.title}** (${same.shortId}) is already announced in ${fmt.channel(same.channelId)} ` +
              `for ${fmt.time(same.startsAt)}; nothing new was saved or posted.`,
            {
              context:
                `Change it with /session edit id:${same.shortId}, move it with /session reschedule id:${same.shortId} when:"…"; ` +
                `if its card is missing, /session repost id:${same.shortId} posts it again.`,
            },
          );
        const s = await createSession(ctx.db, ctx.workspace.id, { ...base, startsAt });
        await audit(ctx.db, ctx.workspace.id, ctx.member.userId, "session.announce", { session: s.shortId });
        return [
          cardPost(s, [], ctx.clock.now()),
          privately(
            `Announced **${s.title}** (${s.shortId}) in ${fmt.channel(channelId)} ` +
              `for ${fmt.time(s.startsAt)}, ${formatDuration(s.minutes)}.`,
            {
              context: [
                note,
                `Move or cancel it with /session reschedule id:${s.shortId} when:"…" or /session cancel id:${s.shortId}`,
              ]
                .filter(Boolean)
                .join(" "),
              files: [icsFile(s)],
            },
          ),
        ];
      },
    }),
    rsvp: sub({
      description: "Answers going, maybe or can't go (the buttons do the same).",
      options: {
        id,
        answer: opt.choice({
          description: "Your answer",
          required: true,
          choices: [
            { value: "going", label: "going" },
            { value: "maybe", label: "maybe" },
            { value: "no", label: "can't go" },
          ],
        }),
      },
      examples: ["id:7K2Q answer:going", "id:7K2Q answer:no"],
      async run(ctx, input) {
        return doRsvp(ctx, input.id, input.answer, "/session rsvp id:7K2Q answer:going");
      },
    }),
    list: sub({
      // all:yes (and a DM) cannot ask the platform who is in which channel, so it adds only the
      // sessions the person announced or answered: one in a private channel shows to no one else.
      description:
        "Upcoming sessions in this channel; with all:yes also those you announced or answered in other channels.",
      options: {
        all: opt.boolean({ description: "Also the sessions you announced or answered elsewhere" }),
        page: opt.integer({
          description: "Which page of 25, when there are more",
          min: 1,
          max: MAX_PAGE,
          example: "2",
        }),
      },
      examples: ["", "all:yes", "all:yes page:2"],
      run: (ctx, input) => sessionList(ctx, Boolean(input.all), input.page ?? 1),
    }),
    show: sub({
      description: "One session's details and answers.",
      options: { id },
      examples: ["id:7K2Q"],
      async run(ctx, input) {
        const s = await findSession(ctx.db, ctx.workspace.id, input.id, "/session show id:7K2Q");
        return { to: to.private, ...sessionCard(s, await rsvps(ctx.db, s.id), ctx.clock.now()), track: undefined };
      },
    }),
    repost: sub({
      description:
        "Posts a session's card again (once cadre may post in its channel, or after the card was deleted), here or in another channel.",
      minRole: "leader",
      options: {
        id,
        channel: opt.channel({
          description: "Move the session to this channel and post it there (default: its own channel)",
        }),
      },
      examples: ["id:7K2Q", "id:7K2Q channel:#scoring"],
      async run(ctx, input) {
        const example = "/session repost id:7K2Q";
        let s = await findSession(ctx.db, ctx.workspace.id, input.id, example);
        if (s.status === "cancelled")
          throw new UserError(`${s.title} is cancelled, so there is no card to post again.`, ANNOUNCE);
        if (endOf(s) <= ctx.clock.now())
          throw new UserError(`${s.title} is over, so there is no card to post again.`, ANNOUNCE);
        const from = s.channelId;
        if (input.channel && input.channel !== from) {
          await requirePostable(ctx, input.channel, { field: "channel", example: `/session repost id:${s.shortId}` });
          s = await moveToChannel(ctx.db, s, input.channel);
        }
        await audit(ctx.db, ctx.workspace.id, ctx.member.userId, "session.repost", {
          session: s.shortId,
          moved: s.channelId !== from,
        });
        return [
          cardPost(s, await rsvps(ctx.db, s.id), ctx.clock.now()),
          privately(
            s.channelId === from
              ? `Posted **${s.title}** (${s.shortId}) again in ${fmt.channel(s.channelId)}; answers and later changes show on this card.`
              : `Moved **${s.title}** (${s.shortId}) from ${fmt.channel(from)} to ${fmt.channel(s.channelId)} ` +
                  `and posted its card there; answers and later changes show on this card.`,
          ),
        ];
      },
    }),
    cancel: sub({
      description: "Cancels a session: the announcement is marked cancelled and everyone who answered is told.",
      minRole: "leader",
      options: {
        id,
        reason: opt.text({ description: "Why (shown to attendees)", max: 300 }),
        series: opt.boolean({ description: "Also every later session of its series (earlier ones stay)" }),
      },
      examples: ["id:7K2Q", 'id:7K2Q reason:"snow day"', "id:7K2Q series:yes"],
      async run(ctx, input) {
        const s = await findSession(ctx.db, ctx.workspace.id, input.id, "/session cancel id:7K2Q");
        if (input.series) return series.cancelSeries(ctx, kit, s, input.reason);
        const r = await cancelSession(ctx.db, s, input.reason, ctx.member.userId, ctx.clock.now());
        if (r.already)
          return privately(
            `${s.title} was already cancelled${r.session.cancelReason ? ` (${r.session.cancelReason})` : ""}; ` +
              `nothing changed and nobody was told again.`,
          );
        await audit(ctx.db, ctx.workspace.id, ctx.member.userId, "session.cancel", { session: s.shortId });
        return [
          await cardUpdate(ctx, r.session),
          privately(`Cancelled ${s.title}${r.told ? `; ${peopleTold(r.told)} who answered will get a DM` : ""}.`),
        ];
      },
    }),
    reschedule: sub({
      description: "Moves a session: the announcement shows the new time and everyone who answered is told.",
      minRole: "leader",
      options: {
        id,
        when: opt.dateTime({ description: "New start", required: true }),
        hours: opt.duration({ description: "New length (default: unchanged)", bareUnit: "hours", maxMinutes: 12 * 60 }),
      },
      examples: ['id:7K2Q when:"Dec 10 9am"', 'id:7K2Q when:"Dec 10 9am" hours:6'],
      async run(ctx, input) {
        const s = await findSession(ctx.db, ctx.workspace.id, input.id, RESCHEDULE);
        const { at: startsAt, note } = readWhen(ctx, input.when, RESCHEDULE.replace("7K2Q", s.shortId));
        const r = await rescheduleSession(
          ctx.db,
          s,
          startsAt,
          input.hours ?? s.minutes,
          ctx.member.userId,
          ctx.clock.now(),
        );
        if (r.unchanged)
          return privately(
            `Nothing to change: ${s.title} already starts ${fmt.time(s.startsAt)} and lasts ${formatDuration(s.minutes)}. Nobody was told.`,
          );
        await audit(ctx.db, ctx.workspace.id, ctx.member.userId, "session.reschedule", { session: s.shortId });
        return [
          await cardUpdate(ctx, r.session),
          privately(
            `Moved ${s.title} to ${fmt.time(r.session.startsAt)}` +
              `${r.told ? `; ${peopleTold(r.told)} who answered will get a DM` : ""}.`,
            note ? { context: note } : {},
          ),
        ];
      },
    }),
    edit: sub({
      description:
        "Changes a session's title, place, link, seats, notes or length; answers are kept and people are told what matters.",
      minRole: "leader",
      options: {
        id,
        title: opt.text({ description: "New title", example: '"Scoring training"', max: 150 }),
        where: clearable(opt.text({ description: "New site and room", example: '"Central HS library"', max: 200 })),
        link: clearable(opt.url({ description: "New video call link", example: "https://meet.example.org/abc" })),
        capacity: clearable(
          opt.integer({
            description: "Seats; more opens seats to the waitlist",
            min: 1,
            max: 5000,
            example: "30",
          }),
        ),
        notes: clearable(opt.longText({ description: "New notes for attendees", max: 1500 })),
        hours: opt.duration({ description: "New length", bareUnit: "hours", maxMinutes: 12 * 60, example: "3" }),
        topics: clearable(series.announceOptions.topics),
      },
      examples: [
        'id:7K2Q where:"Room 114"',
        'id:7K2Q topics:"literacy, leadership"',
        "id:7K2Q capacity:30",
        "id:7K2Q hours:6",
        "id:7K2Q link:none capacity:none",
      ],
      async run(ctx, input) {
        const example = `/session edit id:${input.id.toUpperCase()} where:"Room 114"`;
        const s = await findSession(ctx.db, ctx.workspace.id, input.id, example);
        // none clears only optional fields; a session always has a title.
        if (input.title?.toLowerCase() === CLEAR_WORD)
          throw new UserError(
            `A session always has a title, so ${CLEAR_WORD} cannot clear it; ${CLEAR_WORD} clears where:, link:, ` +
              `capacity: or notes:. To rename it, give the new title, e.g. title:"Scoring training".`,
            example,
            "title",
          );
        const change = {
          title: input.title,
          location: input.where,
          link: input.link,
          capacity: input.capacity,
          notes: input.notes,
          minutes: input.hours,
          topics: series.editTopics(ctx, input.topics, s),
        };
        if (Object.values(change).every((v) => v === undefined))
          throw new UserError(
            "Say what to change: title:, where:, link:, capacity:, notes:, hours: or topics:. " +
              `Clear where:, link:, capacity: or notes: with ${CLEAR_WORD}, e.g. link:${CLEAR_WORD}. ` +
              "To move it in time, use /session reschedule.",
            example,
          );
        const r = await editSession(ctx.db, s, change, ctx.member.userId, ctx.clock.now());
        if (!r.changed.length)
          return privately(`Nothing to change: ${s.title} (${s.shortId}) already has those values.`);
        await audit(ctx.db, ctx.workspace.id, ctx.member.userId, "session.edit", {
          session: s.shortId,
          changed: r.changed,
        });
        const said = [
          `Updated ${r.session.title} (${s.shortId}): ${r.changed.join(", ")}.`,
          r.promoted.length
            ? `Moved from the waitlist to Going (told by DM): ${r.promoted.map(fmt.user).join(", ")}.`
            : undefined,
          r.told ? `${peopleTold(r.told)} who answered will get a DM about it.` : undefined,
          r.over
            ? `${r.over} more ${r.over === 1 ? "person is" : "people are"} going than the ` +
              `new capacity; they keep their seats, and new Going answers join the waitlist.`
            : undefined,
        ];
        return [await cardUpdate(ctx, r.session), privately(said.filter(Boolean).join(" "))];
      },
    }),
    checkin: sub({
      description: "Checks you in during the session; leaders can check in others with user:.",
      options: { id, user: opt.user({ description: "Someone else (leaders)" }) },
      examples: ["id:7K2Q", "id:7K2Q user:@maria"],
      async run(ctx, input) {
        const s = await findSession(ctx.db, ctx.workspace.id, input.id, "/session checkin id:7K2Q");
        const other = input.user && input.user !== ctx.member.userId ? input.user : undefined;
        if (other) requireLeader(ctx, "check in someone else", `/session checkin id:${s.shortId}`);
        const r = await checkIn(
          ctx.db,
          s,
          other ?? ctx.member.userId,
          other ? ctx.member.userId : undefined,
          ctx.clock.now(),
        );
        const who = other ? fmt.user(other) : "you";
        if (r.already) return privately(`${other ? `${who} was` : "You were"} already checked in to ${s.title}.`);
        if (r.undidCheckout)
          return privately(
            `Checked ${who} back in to ${s.title}; ${other ? "their" : "your"} check-out at ` +
              `${fmt.time(r.undidCheckout, "time")} is undone. ${other ? "They can check out when they leave." : "Check out when you leave."}`,
          );
        const waited = !r.fromWaitlist
          ? "."
          : other
            ? " (they were on the waitlist)."
            : ". You were on the waitlist; the leader sees you came.";
        // The card is redrawn: its counts move them off the waitlist.
        return [privately(`Checked ${who} in to ${s.title}${waited}`), await cardUpdate(ctx, s)];
      },
    }),
    attendance: sub({
      description: "Who came against who answered (leaders).",
      minRole: "leader",
      options: { id },
      examples: ["id:7K2Q"],
      async run(ctx, input) {
        const s = await findSession(ctx.db, ctx.workspace.id, input.id, "/session attendance id:7K2Q");
        const a = await attendanceSummary(ctx.db, s, ctx.workspace.settings.creditRoundingMinutes);
        const over = endOf(s) <= ctx.clock.now();
        const list = (xs: string[]) => (xs.length ? xs.map(fmt.user).join(", ") : "—");
        const line = (label: string, xs: string[]) => `**${label} (${xs.length}):** ${list(xs)}`;
        // Nobody is absent from a session that has not ended: before then they are not here yet.
        return privately(
          [
            line("Going and came", a.came),
            line(over ? "Going but absent" : "Going, not checked in yet", a.absent),
            line("Maybe and came", a.maybeCame),
            line(over ? "Maybe, did not come" : "Maybe, not checked in", a.maybe),
            line("Waitlist, in order", a.waitlist),
            line("Can't go", a.no),
            line("Came from the waitlist", a.fromWaitlist),
            line("Came without a Going or Maybe", a.walkIns),
            `**Hours credited:** ${
              a.credited
                .map((c) => `${fmt.user(c.userId)} ${hoursText(c.minutes)}${c.byLeader ? " (set by a leader)" : ""}`)
                .join(", ") || "—"
            }`,
          ].join("\n"),
          {
            header: `Attendance — ${s.title}${over ? "" : " (not over yet)"}`,
            context: `${fmt.time(s.startsAt, "short")} · /session export id:${s.shortId} for the CSV`,
            overflow: `\`/session export id:${s.shortId}\``,
          },
        );
      },
    }),
    export: sub({
      long: true,
      description: "The attendance record as a CSV file, sent privately (leaders).",
      minRole: "leader",
      options: { id },
      examples: ["id:7K2Q"],
      async run(ctx, input) {
        const s = await findSession(ctx.db, ctx.workspace.id, input.id, "/session export id:7K2Q");
        await audit(ctx.db, ctx.workspace.id, ctx.member.userId, "session.export", { session: s.shortId });
        return privately(`Attendance for ${s.title} (${fmt.time(s.startsAt, "date")}).`, {
          files: [
            {
              filename: `attendance-${s.shortId}.csv`,
              contentType: "text/csv",
              content: await attendanceCsv(ctx.db, s, ctx.workspace.settings.creditRoundingMinutes),
            },
          ],
        });
      },
    }),
    checkout,
    credit,
    certificate,
    verify,
    transcript: transcriptSub,
    roster: sub({
      description:
        "Who is trained to score this school year, and who said Going but did not attend (leaders see everyone, others themselves); leaders invite lapsed scorers.",
      options: series.rosterOptions,
      examples: ["", "invite:lapsed id:7K2Q"],
      async run(ctx, input) {
        if (input.invite) return series.inviteLapsed(ctx, input.id);
        const now = ctx.clock.now();
        const r = await scoringRoster(
          ctx.db,
          ctx.workspace.id,
          ctx.workspace.timeZone,
          ctx.workspace.settings.schoolYearStartMonth,
          now,
        );
        if (!hasRole(ctx.member.roles, "leader")) {
          // Who missed a training is the leaders' business; everyone may check their own status.
          const at = r.trained.get(ctx.member.userId);
          return privately(
            at
              ? `You are trained to score this school year (scoring training on ${fmt.time(at, "date")}).`
              : `You have not attended a scoring training this school year (since ${r.since}). See /session list all:yes`,
          );
        }
        const trained = [...r.trained].map(([u, at]) => `- ${fmt.user(u)} (${fmt.time(at, "date")})`);
        return privately(
          `**Trained to score (${trained.length})**\n${trained.join("\n") || "- nobody yet"}\n\n**Said Going but did ` +
            `not attend (${r.missed.length})**\n${r.missed.map((u) => `- ${fmt.user(u)}`).join("\n") || "- nobody"}`,
          {
            header: `Scoring roster — school year since ${r.since}`,
            context: "Trained = checked in to a scoring training this school year that has ended.",
          },
        );
      },
    }),
    copy: series.copySub(kit),
    topics: series.topicsSub,
    rate,
    feedback,
    used,
    impact,
  },
  actions: {
    ...feedbackActions,
    page: action(BUTTON.page, async (ctx, p) => ({
      ...(await sessionList(ctx, p.scope === "all", p.page)),
      to: to.origin,
    })),
    rsvp: action(BUTTON.rsvp, async (ctx, r) => doRsvp(ctx, r.shortId, r.answer)),
    ics: action(BUTTON.ics, async (ctx, sid) => {
      const s = await findSession(ctx.db, ctx.workspace.id, sid, "/session list");
      return privately(`Calendar file for ${s.title}: open it to add it to your calendar.`, { files: [icsFile(s)] });
    }),
    checkout: checkoutAction,
    checkin: action(BUTTON.checkin, async (ctx, sid) => {
      const s = await findSession(ctx.db, ctx.workspace.id, sid, "/session list");
      const r = await checkIn(ctx.db, s, ctx.member.userId, undefined, ctx.clock.now());
      if (r.already) return privately(`You were already checked in to ${s.title}.`);
      if (r.undidCheckout)
        return privately(
          `Checked you back in to ${s.title}; your check-out at ${fmt.time(r.undidCheckout, "time")} is undone. ` +
            "Check out when you leave.",
        );
      const waited = r.fromWaitlist ? " You were on the waitlist; the leader sees you came." : "";
      return [privately(`Checked you in to ${s.title}. Welcome!${waited}`), await cardUpdate(ctx, s)];
    }),
  },
});
