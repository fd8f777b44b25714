// /mentor: confidential mentoring logs. Everything here answers privately or by DM; the
// mentee and notes are encrypted at rest and only ever shown to the mentor who wrote them.
import { z } from "zod";
import { DateTime } from "luxon";
import { action, actionKey, defineCommand, sub } from "../src/core/command.js";
import { UserError } from "../src/core/errors.js";
import { opt } from "../src/core/options.js";
import { fmt } from "../src/core/rich.js";
import { privately, to, type Reply } from "../src/core/reply.js";
import { MAX_PAGE, pageButtons, pageNote, pagerKey, requirePage } from "../src/core/paging.js";
import { formatDuration } from "../src/core/duration.js";
import { userMention } from "../src/core/text-options.js";
import type { CommandContext } from "../src/core/context.js";
import { audit } from "../src/services/audit.js";
import { displayNames, listMembersWithRoles } from "../src/services/workspaces.js";
import { MAX_MINUTES, MODES, parseDmMessage } from "../src/services/mentoring/dm-message.js";
import { matchTopics } from "../src/services/mentoring/topics.js";
import {
  createEntry,
  createEntryFromDraft,
  dateToDay,
  dayToDate,
  deleteEntry,
  discardDraft,
  entriesPage,
  listEntries,
  ownEntry,
  readDraft,
  saveDraft,
  saveDraftAsEntry,
  todayIn,
  updateDraft,
  updateEntry,
  type Entry,
  type EntryInput,
  type Program,
} from "../src/services/mentoring/entries.js";
import {
  activePairs,
  MENTEE_SUGGESTIONS,
  menteeText,
  ownPair,
  pairWith,
  type Pair,
} from "../src/services/mentoring/pairs.js";
import {
  answerRequest,
  CONFIRM_BUTTON,
  requestStatuses,
  shortDay,
  type ConfirmationStatus,
} from "../src/services/mentoring/confirm.js";
import { impossibleDay, readLogDay } from "../src/services/mentoring/log-date.js";
import { hoursText, mentorHours, progressBar, schoolYearStart } from "../src/services/mentoring/hours.js";
import { mentorReport, MIN_MENTORS_FOR_TOPICS, releaseTopics } from "../src/services/mentoring/report.js";
import { entriesCsv, reportCsv } from "../src/services/mentoring/export.js";
import { setNudge } from "../src/services/mentoring/nudge.js";
import { getsPaceNudges, setPaceNudges } from "../src/services/mentoring/program/pace-nudge.js";
import { hhmm, parseTimeOfDay, assumedNote } from "../src/core/time-of-day.js";
import { WEEKDAY_NAMES, weekdayNumber } from "../src/core/calendar.js";
import { pair, pairs, unpair } from "./mentor-pairs.js";
import { myHours, program as programReports } from "./mentor-program.js";

const DM_EXAMPLE = "45 min with J.R. today - classroom management, planning. notes: worked on transitions";
const LOG_EXAMPLE =
  '/mentor log duration:45m mentee:"J.R." topics:"classroom management, planning" notes:"worked on transitions"';
/** A draft card's button after the draft became an entry: the current state, nothing changed. */
const alreadySaved = (shortId: string): Reply =>
  privately(
    `This draft is already saved as entry \`${shortId}\`; nothing was changed. ` +
      `Change it with /mentor edit id:${shortId}, or remove it with /mentor delete id:${shortId}.`,
  );
/** Beside every topic breakdown: why its sum can exceed the total. */
const SEVERAL_TOPICS = "An entry with several topics counts under each, so these can add up to more than";
const DELETE_EXAMPLE = "/mentor delete id:K7M2";
const DRAFT_GONE = "That draft is gone (already saved, discarded, or older than two weeks). Write the message again.";

/** Whether this save asks a paired member mentee to confirm (the workspace's mentee-confirmation). */
const program = (ctx: CommandContext): Program => ({
  askMentee: ctx.workspace.settings.menteeConfirmation,
  now: ctx.clock.now(),
});

/** Said after a save or edit that sent the mentee a confirmation request. */
const askedNote = (e: Entry): string =>
  e.askedMentee
    ? `\nI asked ${fmt.user(e.askedMentee)} by DM to confirm the date, time and topics (never your notes).`
    : "";

/** The mentee as shown to the mentor: a mention renders natively, initials as typed. */
const showMentee = (m: string) => {
  const id = userMention(m);
  return id ? fmt.user(id) : m;
};

function readDay(ctx: CommandContext, text: string | undefined, example: string): string {
  const zone = ctx.workspace.timeZone;
  const now = ctx.clock.now();
  const day = readLogDay(text, zone, now);
  const why = text ? impossibleDay(text) : undefined;
  if (why) throw new UserError(`${text!.replace(/^on\s+/i, "")} is not a date (${why}).`, example, "date");
  if (!day)
    throw new UserError(
      `I could not read "${text}" as a date (try today, yesterday, Tuesday or Nov 3).`,
      example,
      "date",
    );
  if (day > todayIn(zone, now))
    throw new UserError(`${day} is in the future; log mentoring after it happens.`, example, "date");
  return day;
}

function readTopics(ctx: CommandContext, text: string | undefined, example: string): string[] {
  const taxonomy = ctx.workspace.settings.mentorTopics;
  const { topics, unknown } = matchTopics(text ?? "", taxonomy);
  if (unknown.length)
    throw new UserError(
      `I don't know the topic${unknown.length > 1 ? "s" : ""} ${unknown.map((u) => `"${u}"`).join(", ")}. Topics: ${taxonomy.join(", ")}.`,
      example,
      "topics",
    );
  // No topic named (or only separators): "other", or the list's last topic where there is none.
  return topics.length ? topics : taxonomy.includes("other") ? ["other"] : [taxonomy[taxonomy.length - 1]!];
}

/**
 * A DM's topics: words outside the workspace's list do not refuse the message (it is a draft,
 * shown back before saving); they are filed under "other" and the card says so.
 */
function dmTopics(ctx: CommandContext, text: string | undefined): { topics: string[]; note?: string } {
  const taxonomy = ctx.workspace.settings.mentorTopics;
  const { topics, unknown } = matchTopics(text ?? "", taxonomy);
  const fallback = taxonomy.includes("other") ? "other" : taxonomy[taxonomy.length - 1]!;
  if (!unknown.length) return { topics: topics.length ? topics : [fallback] };
  const quoted = unknown.map((u) => `"${u}"`).join(", ");
  const all = topics.includes(fallback) ? topics : [...topics, fallback];
  return {
    topics: all,
    note:
      `${quoted} ${unknown.length > 1 ? "are" : "is"} not one of this workspace's topics, so I filed it under ${fallback}. ` +
      `Topics: ${taxonomy.join(", ")}. Press Edit to choose others.`,
  };
}

/** A button per paired mentee the draft is not with, so the mentor can pick one (at most 4). */
interface Pick {
  pair: string;
  label: string;
}

function draftCard(e: EntryInput, draftId: string, note?: string, picks: Pick[] = []): Omit<Reply, "to"> {
  return {
    header: "Mentoring log — check and save",
    fields: [
      { label: "Time", value: formatDuration(e.minutes), inline: true },
      { label: "With", value: showMentee(e.mentee), inline: true },
      { label: "Date", value: e.day, inline: true },
      { label: "Topics", value: e.topics.join(", ") },
      { label: "Mode", value: e.mode, inline: true },
      ...(e.notes ? [{ label: "Notes (only you can read these)", value: e.notes }] : []),
    ],
    context:
      (note ? `${note}\n` : "") +
      "Only you can see this. Saved entries are encrypted; coordinators see hours, never content.",
    buttons: [
      BUTTON.save.button("Save", draftId, "primary"),
      BUTTON.edit.button("Edit", draftId),
      BUTTON.discard.button("Discard", draftId, "danger"),
      ...picks.slice(0, 4).map((p) => BUTTON.pick.button(`With ${p.label}`.slice(0, 70), `${draftId}.${p.pair}`)),
    ],
  };
}

/** The mentor's pairs on the draft's day it is not already with, as buttons' labels (display names for members). */
async function picksFor(ctx: CommandContext, e: EntryInput, pairs?: Pair[]): Promise<Pick[]> {
  const all = pairs ?? (await activePairs(ctx.db, ctx.keys, ctx.workspace.id, ctx.member.userId, e.day));
  const current = pairWith(all, e.mentee);
  const others = all.filter((p) => p.id !== current?.id);
  const members = others.flatMap((p) => p.menteeUserId ?? []);
  const names = members.length ? await displayNames(ctx.db, ctx.workspace.id, members) : new Map<string, string>();
  return others.map((p) => ({
    pair: p.shortId,
    label: p.menteeUserId ? (names.get(p.menteeUserId) ?? p.menteeUserId) : p.menteeName!,
  }));
}

/** What a confirmation request's state means, beside an entry in the mentor's own list. */
const STATUS_NOTE: Record<ConfirmationStatus, string> = {
  asked: " · awaiting the mentee's confirmation",
  confirmed: " · confirmed by the mentee",
  disputed: " · the mentee says this is not right",
  superseded: "",
};

function entryLine(e: {
  shortId: string;
  day: string;
  minutes: number;
  mentee: string;
  topics: string[];
  mode: string;
  notes?: string;
  status?: ConfirmationStatus;
}): string {
  const notes = e.notes ? `\n    _${e.notes.slice(0, 200)}_` : "";
  const status = e.status ? STATUS_NOTE[e.status] : "";
  return `\`${e.shortId}\` ${e.day} · ${formatDuration(e.minutes)} with ${showMentee(e.mentee)} · ${e.topics.join(", ")} · ${e.mode}${status}${notes}`;
}

/**
 * A mentor's content (mentees, notes, topics) is never shown in a channel, not even to them
 * alone: asked for there, it goes to their DM with cadre, as /mentor log's draft does.
 */
function byDm(ctx: CommandContext, reply: Reply): Reply | Reply[] {
  if (ctx.source.isDM) return reply;
  return [
    privately("I've sent it to you by DM with cadre, so nothing about your mentoring shows here."),
    { ...reply, to: to.dm(ctx.member.userId) },
  ];
}

const draftId = z.string().regex(/^[a-z0-9]{20,40}$/);
/** A draft and one of the mentor's pairs: "<draft id>.<pair short id>". */
const draftPick = z
  .string()
  .regex(/^[a-z0-9]{20,40}\.[A-Z0-9]{4,8}$/)
  .transform((v) => ({ draft: v.split(".")[0]!, pair: v.split(".")[1]! }));
/** The draft card's buttons, answered by the actions of the same keys below. */
const BUTTON = {
  save: actionKey("mentor", "save", draftId),
  edit: actionKey("mentor", "edit", draftId),
  discard: actionKey("mentor", "discard", draftId),
  /** "With <mentee>": the draft with one of the mentor's paired mentees instead. */
  pick: actionKey("mentor", "pick", draftPick),
  /** Prev/Next under /mentor entries; the scope is the page size. */
  page: pagerKey("mentor"),
};

/** One page of /mentor entries, for the person alone (sent by DM when asked in a channel). */
async function entriesList(ctx: CommandContext, size: number, page: number): Promise<Reply> {
  const p = await entriesPage(ctx.db, ctx.keys, ctx.workspace.id, ctx.member.userId, page, size);
  if (!p.total) return privately(`No entries yet. DM me something like: ${DM_EXAMPLE}`);
  const statuses = await requestStatuses(
    ctx.db,
    p.rows.map((r) => r.id),
  );
  const again = (n: number) => `/mentor entries${size === 10 ? "" : ` count:${size}`} page:${n}`;
  requirePage(p, ["entry", "entries"], again);
  const shown = pageNote(p, again);
  return privately(p.rows.map((r) => entryLine({ ...r, status: statuses.get(r.id) })).join("\n"), {
    header: "Your mentoring entries",
    context:
      `${shown ? `${shown}. ` : ""}Only you can see these. ` +
      "Change one with /mentor edit id:<id>, remove with /mentor delete id:<id>.",
    buttons: pageButtons(BUTTON.page, p, String(size)),
  });
}

interface Period {
  from: Date;
  /** Exclusive. */
  to: Date;
  label: string;
  /** For the audit log and the file name. */
  key: string;
}

/** from:/to: days as a coordinator writes them; `to` is included. */
function customPeriod(ctx: CommandContext, fromText: string, toText: string | undefined, example: string): Period {
  const zone = ctx.workspace.timeZone;
  const from = readLogDay(fromText, zone, ctx.clock.now());
  const to = readLogDay(toText, zone, ctx.clock.now());
  if (!from) throw new UserError(`I could not read "${fromText}" as a date.`, example, "from");
  if (!to) throw new UserError(`I could not read "${toText}" as a date.`, example, "to");
  if (to < from) throw new UserError(`The period ends (${to}) before it starts (${from}).`, example, "to");
  const end = DateTime.fromISO(to, { zone: "utc" }).plus({ days: 1 }).toISODate()!;
  return { from: dayToDate(from), to: dayToDate(end), label: `${from} to ${to}`, key: `${from}-to-${to}` };
}

function period(ctx: CommandContext, name: string | undefined): Period {
  const zone = ctx.workspace.timeZone;
  const now = DateTime.fromJSDate(ctx.clock.now(), { zone });
  const tomorrow = dayToDate(now.plus({ days: 1 }).toISODate()!);
  switch (name ?? "school-year") {
    case "this-month":
      return {
        from: dayToDate(now.startOf("month").toISODate()!),
        to: tomorrow,
        label: now.toFormat("LLLL yyyy"),
        key: "this-month",
      };
    case "last-month": {
      const m = now.minus({ months: 1 }).startOf("month");
      return {
        from: dayToDate(m.toISODate()!),
        to: dayToDate(now.startOf("month").toISODate()!),
        label: m.toFormat("LLLL yyyy"),
        key: "last-month",
      };
    }
    case "last-30-days":
      return {
        from: dayToDate(now.minus({ days: 30 }).toISODate()!),
        to: tomorrow,
        label: "the last 30 days",
        key: "last-30-days",
      };
    default: {
      const start = schoolYearStart(ctx.clock.now(), zone, ctx.workspace.settings.schoolYearStartMonth);
      return { from: dayToDate(start), to: tomorrow, label: `the school year since ${start}`, key: "school-year" };
    }
  }
}

/**
 * A mentee's press on a confirmation request. The first press decides; any later one (either
 * button) answers with the state it found. "Not right" goes to the mentor privately, with the
 * command that fixes the entry; nothing the mentor wrote is shown to the mentee.
 */
async function answer(ctx: CommandContext, id: string, status: "confirmed" | "disputed"): Promise<Reply | Reply[]> {
  const a = await answerRequest(ctx.db, {
    workspaceId: ctx.workspace.id,
    id,
    menteeUserId: ctx.member.userId,
    answer: status,
    now: ctx.clock.now(),
  });
  if (a.kind === "gone") return privately("That entry is no longer in your mentor's log; there is nothing to confirm.");
  if (a.kind === "changed")
    return privately(
      "This entry changed since this message; see the newer message about it. Nothing was recorded here.",
    );
  const what = `${fmt.user(a.mentorId)}'s ${formatDuration(a.entry.minutes)} with you on ${shortDay(a.entry.day)} (${a.entry.topics.join(", ")})`;
  if (a.kind === "already")
    return privately(
      `You already ${a.status === "confirmed" ? "confirmed" : "said this is not right:"} ${what}, on ${fmt.time(a.answeredAt, "short")}; nothing was changed.`,
    );
  if (a.status === "confirmed")
    return { to: to.origin, header: "Confirmed", text: `You confirmed ${what}. Thank you.` };
  const e = a.entry;
  return [
    {
      to: to.origin,
      header: "Sent back to your mentor",
      text: `You said ${what} is not right. I've told your mentor privately so they can correct it; you'll get a new message if they do.`,
    },
    {
      to: to.dm(a.mentorId),
      tone: "warning",
      text:
        `${fmt.user(ctx.member.userId)} says entry \`${e.shortId}\` (${formatDuration(e.minutes)} on ${shortDay(e.day)}, ${e.topics.join(", ")}) is not right. ` +
        `Correct it with \`/mentor edit id:${e.shortId} duration:45m date:${e.day}\` (change what is wrong; they will be asked again), ` +
        `or remove it with \`/mentor delete id:${e.shortId}\`.`,
      context: "Only you see this. Until it is corrected it counts as unconfirmed.",
    },
  ];
}

export default defineCommand({
  name: "mentor",
  description:
    "Log mentoring hours and topics privately; coordinators see hours, never content. " +
    "Anyone may log; the mentor role marks whom the program counts.",
  subcommands: {
    log: sub({
      description: "Logs time with a mentee. In a channel it answers only you and continues in your DM with cadre.",
      options: {
        duration: opt.duration({
          description: "How long: 45m, 1h30, 1.5h or 90",
          required: true,
          maxMinutes: MAX_MINUTES,
        }),
        mentee: opt.text({
          description: "Who: a @mention or initials (your paired mentees are suggested)",
          required: true,
          example: '"J.R."',
          max: 100,
          autocomplete: MENTEE_SUGGESTIONS,
        }),
        topics: opt.text({
          description: "Topics, comma-separated, from the workspace list",
          example: '"classroom management, planning"',
          max: 300,
        }),
        date: opt.dateTime({ description: "When (default today)", example: "yesterday" }),
        mode: opt.choice({
          description: "How you met",
          choices: MODES.map((m) => ({ value: m.replace(" ", "-"), label: m })),
        }),
        notes: opt.longText({ description: "Notes only you can read", max: 2000 }),
        draft: opt.text({ description: "The draft this replaces (filled in by a draft's Edit button)", max: 40 }),
      },
      examples: [
        'duration:45m mentee:"J.R." topics:"classroom management, planning" notes:"worked on transitions"',
        "duration:1h30 mentee:@maria topics:assessment mode:virtual date:yesterday",
      ],
      async run(ctx, input) {
        const entry: EntryInput = {
          minutes: input.duration,
          mentee: userMention(input.mentee) ? `<@${userMention(input.mentee)}>` : input.mentee,
          day: readDay(ctx, input.date, LOG_EXAMPLE),
          topics: readTopics(ctx, input.topics, LOG_EXAMPLE),
          mode: (input.mode ?? "in-person").replace("-", " "),
          notes: input.notes,
        };
        if (input.draft !== undefined && !draftId.safeParse(input.draft).success)
          throw new UserError(
            `"${input.draft}" is not a draft id; leave draft: out to log a new entry.`,
            LOG_EXAMPLE,
            "draft",
          );
        if (ctx.source.isDM) {
          let saved;
          if (input.draft) {
            const r = await createEntryFromDraft(
              ctx.db,
              ctx.keys,
              ctx.workspace.id,
              ctx.member.userId,
              input.draft,
              entry,
              program(ctx),
            );
            if (!r)
              throw new UserError(
                "That draft is gone (discarded, or older than two weeks); leave draft: out to log this as a new entry.",
                LOG_EXAMPLE,
                "draft",
              );
            if ("savedAs" in r) return alreadySaved(r.savedAs);
            saved = r.saved;
          } else saved = await createEntry(ctx.db, ctx.keys, ctx.workspace.id, ctx.member.userId, entry, program(ctx));
          return privately(
            `Saved \`${saved.shortId}\`: ${formatDuration(saved.minutes)} with ${showMentee(saved.mentee)} on ${saved.day}.` +
              askedNote(saved),
            { context: "See your totals with /mentor hours" },
          );
        }
        // Never in the channel: a private note here, the draft in the mentor's DM. A draft this
        // replaces (its Edit) is discarded, so only the new card can save.
        if (input.draft) {
          const old = await discardDraft(ctx.db, ctx.workspace.id, ctx.member.userId, input.draft);
          if (old && "savedAs" in old) return alreadySaved(old.savedAs);
        }
        const id = await saveDraft(ctx.db, ctx.keys, ctx.workspace.id, ctx.member.userId, entry, ctx.clock.now());
        return [
          privately("I sent you a DM to check and save this privately. Nothing was posted here."),
          { to: to.dm(ctx.member.userId), ...draftCard(entry, id, undefined, await picksFor(ctx, entry)) },
        ];
      },
    }),
    hours: sub({
      description: "Your own totals: this month, this school year, overall, by topic and by mentee.",
      options: {},
      examples: [""],
      async run(ctx) {
        const s = ctx.workspace.settings;
        const h = await mentorHours(ctx.db, {
          keys: ctx.keys,
          workspaceId: ctx.workspace.id,
          mentorId: ctx.member.userId,
          now: ctx.clock.now(),
          timeZone: ctx.workspace.timeZone,
          schoolYearStartMonth: s.schoolYearStartMonth,
        });
        const goal = s.mentorGoalHours;
        const lines = [
          `This month: **${hoursText(h.month)}** · This school year: **${hoursText(h.year)}** · Overall: **${hoursText(h.overall)}**`,
          goal ? `Goal: ${progressBar(h.year / 60, goal)} of ${goal} h this school year` : "",
          s.menteeConfirmation || h.overallConfirmed
            ? `Confirmed by mentees: ${hoursText(h.yearConfirmed)} · not yet confirmed: ${hoursText(h.year - h.yearConfirmed)} (this school year)`
            : "",
          h.byTopic.length
            ? "\n**By topic (this school year)**\n" +
              h.byTopic.map(([t, m]) => `- ${t}: ${hoursText(m)}`).join("\n") +
              `\n_${SEVERAL_TOPICS} the school year's ${hoursText(h.year)}._`
            : "",
          h.byMentee.length
            ? "\n**By mentee (this school year)**\n" +
              h.byMentee.map(([t, m]) => `- ${showMentee(t)}: ${hoursText(m)}`).join("\n")
            : "",
        ].filter(Boolean);
        return byDm(
          ctx,
          privately(lines.join("\n"), { header: "Your mentoring hours", context: "Only you can see this." }),
        );
      },
    }),
    entries: sub({
      description: "Your entries with their ids, newest first, a page at a time.",
      options: {
        count: opt.integer({ description: "How many a page (default 10)", min: 1, max: 100 }),
        page: opt.integer({ description: "Which page, when there are more", min: 1, max: MAX_PAGE, example: "2" }),
      },
      examples: ["", "count:25", "page:2"],
      async run(ctx, input) {
        return byDm(ctx, await entriesList(ctx, input.count ?? 10, input.page ?? 1));
      },
    }),
    edit: sub({
      description: "Changes one of your entries.",
      options: {
        id: opt.text({ description: "The entry's id, from /mentor entries", required: true, example: "K7M2", max: 12 }),
        duration: opt.duration({ description: "New length", maxMinutes: MAX_MINUTES }),
        mentee: opt.text({ description: "New mentee", max: 100, autocomplete: MENTEE_SUGGESTIONS }),
        topics: opt.text({ description: "New topics", max: 300 }),
        date: opt.dateTime({ description: "New date" }),
        mode: opt.choice({
          description: "How you met",
          choices: MODES.map((m) => ({ value: m.replace(" ", "-"), label: m })),
        }),
        notes: opt.longText({ description: "New notes", max: 2000 }),
      },
      examples: ["id:K7M2 duration:1h", 'id:K7M2 notes:"also discussed pacing"'],
      async run(ctx, input) {
        const example = "/mentor edit id:K7M2 duration:1h";
        const current = await ownEntry(ctx.db, ctx.keys, ctx.workspace.id, ctx.member.userId, input.id);
        const next = await updateEntry(
          ctx.db,
          ctx.keys,
          ctx.workspace.id,
          ctx.member.userId,
          current,
          {
            minutes: input.duration,
            mentee: input.mentee,
            topics: input.topics ? readTopics(ctx, input.topics, example) : undefined,
            day: input.date ? readDay(ctx, input.date, example) : undefined,
            mode: input.mode?.replace("-", " "),
            notes: input.notes,
          },
          program(ctx),
        );
        return byDm(ctx, privately(`Updated:\n${entryLine({ ...next, shortId: current.shortId })}${askedNote(next)}`));
      },
    }),
    delete: sub({
      description: "Deletes one of your entries for good.",
      options: {
        id: opt.text({ description: "The entry's id, from /mentor entries", required: true, example: "K7M2", max: 12 }),
      },
      examples: ["id:K7M2"],
      async run(ctx, input) {
        try {
          await deleteEntry(ctx.db, ctx.workspace.id, ctx.member.userId, input.id);
        } catch (e) {
          // Not theirs or not there (the same refusal, so nothing says the id exists): with a delete example.
          if (e instanceof UserError && e.field === "id") throw new UserError(e.message, DELETE_EXAMPLE, "id");
          throw e;
        }
        return privately(`Deleted ${input.id.toUpperCase()}; its content is gone.`);
      },
    }),
    export: sub({
      long: true,
      description: "Your whole log as a CSV file, sent to you by DM.",
      options: {},
      examples: [""],
      async run(ctx) {
        const rows = await listEntries(ctx.db, ctx.keys, ctx.workspace.id, ctx.member.userId);
        const csv = entriesCsv(rows);
        await audit(ctx.db, ctx.workspace.id, ctx.member.userId, "mentor.export", { entries: rows.length });
        const file = {
          filename: `mentoring-log-${todayIn(ctx.workspace.timeZone, ctx.clock.now())}.csv`,
          contentType: "text/csv" as const,
          content: csv,
        };
        const dm: Reply = {
          to: to.dm(ctx.member.userId),
          text: `Your mentoring log: ${rows.length} ${rows.length === 1 ? "entry" : "entries"}.`,
          files: [file],
        };
        return ctx.source.isDM ? dm : [privately("Sent your log to your DM with cadre."), dm];
      },
    }),
    report: sub({
      long: true,
      description:
        "Hours per mentor for a period, against the yearly goal, as a table and a CSV (coordinators). " +
        "Anyone may log; it lists everyone who did and every holder of the mentor role, at 0 h too.",
      minRole: "coordinator",
      options: {
        period: opt.choice({
          description: "Which period (default: this school year)",
          choices: ["school-year", "this-month", "last-month", "last-30-days"],
        }),
        from: opt.date({ description: "Or from this day (e.g. a stipend period)", example: "2026-08-15" }),
        to: opt.date({ description: "…to this day, included (default today)", example: "2026-12-18" }),
      },
      examples: ["", "period:last-month", "from:2026-08-15 to:2026-12-18"],
      async run(ctx, input) {
        const example = "/mentor report from:2026-08-15 to:2026-12-18";
        // to: alone counts from the start of the school year (never silently ignored).
        const from =
          input.from ??
          (input.to
            ? schoolYearStart(ctx.clock.now(), ctx.workspace.timeZone, ctx.workspace.settings.schoolYearStartMonth)
            : undefined);
        const p = from ? customPeriod(ctx, from, input.to, example) : period(ctx, input.period);
        const mentorRole = (await listMembersWithRoles(ctx.db, ctx.workspace.id))
          .filter((m) => m.roles.includes("mentor"))
          .map((m) => m.userId);
        const r = await mentorReport(ctx.db, ctx.workspace.id, p.from, p.to, mentorRole);
        const goal = ctx.workspace.settings.mentorGoalHours;
        // Confirmed and unconfirmed apart once the program asks mentees (or anyone confirmed).
        const confirming = ctx.workspace.settings.menteeConfirmation || r.rows.some((x) => x.confirmedMinutes > 0);
        const release = await releaseTopics(ctx.db, {
          workspaceId: ctx.workspace.id,
          from: p.from,
          to: p.to,
          now: ctx.clock.now(),
        });
        await audit(ctx.db, ctx.workspace.id, ctx.member.userId, "mentor.report", {
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
            `- ${fmt.user(x.mentorId)}: ${hoursText(x.minutes)} in ${x.entries} entr${x.entries === 1 ? "y" : "ies"}, ` +
            `last ${x.lastEntry ? dateToDay(x.lastEntry) : "—"}` +
            (goal ? ` · ${Math.floor((x.minutes / 60 / goal) * 100)}% of the ${goal} h goal` : "") +
            (x.mentorRole ? "" : " · no mentor role") +
            (confirming
              ? ` · ${hoursText(x.confirmedMinutes)} confirmed, ${hoursText(x.minutes - x.confirmedMinutes)} unconfirmed`
              : ""),
        );
        const topics = release.shown
          ? "\n**Topics across the network**\n" +
            (release.topics.length
              ? release.topics.map(([t, m]) => `- ${t}: ${hoursText(m)}`).join("\n") +
                `\n_${SEVERAL_TOPICS} the hours above._`
              : "- none logged by 5 or more mentors") +
            (release.hiddenTopics
              ? `\n_${release.hiddenTopics} topic(s) logged by fewer than ${MIN_MENTORS_FOR_TOPICS} mentors are not shown._`
              : "")
          : release.why === "few-mentors"
            ? `\n_Topic distribution withheld: fewer than ${MIN_MENTORS_FOR_TOPICS} mentors ` +
              `logged in this period (${release.mentors}), so it could identify someone._`
            : `\n_Topic distribution withheld: this period's mentors differ from ` +
              `a report already given for an overlapping period in fewer than ` +
              `${MIN_MENTORS_FOR_TOPICS} mentors, so the difference could identify someone. ` +
              `Whole months compare safely, e.g. /mentor report period:last-month._`;
        const csv = reportCsv(r.rows, names);
        const legend =
          "\n_Anyone may log mentoring; the list is everyone who logged in this period and everyone with the mentor role " +
          "(/cadre role add user:@name role:mentor), at 0 h if they logged nothing." +
          (goal ? ` The goal is ${goal} h per school year (/cadre settings mentor-goal:<hours>)._` : "_");
        const body = lines.length
          ? lines.join("\n") + legend
          : "No mentoring logged in this period, and nobody has the mentor role.";
        return privately(body + "\n" + topics, {
          header: `Mentoring hours — ${p.label}`,
          context:
            "Hours only: notes and mentees are never shown to anyone but their mentor. This report was recorded in the audit log.",
          files: [{ filename: `mentoring-hours-${p.key}.csv`, contentType: "text/csv", content: csv }],
          overflow: "the attached CSV, which has every mentor",
        });
      },
    }),
    nudge: sub({
      description: "A weekly DM reminding you to log your hours (on or off).",
      options: {
        state: opt.choice({ description: "on or off", choices: ["on", "off"], required: true, bare: true }),
        day: opt.choice({ description: "Weekday (default friday)", choices: WEEKDAY_NAMES }),
        time: opt.text({ description: "Time of day (default 3pm)", example: "3pm", max: 10 }),
      },
      examples: ["on day:friday time:3pm", "off"],
      async run(ctx, input) {
        if (input.state === "off") {
          await setNudge(ctx.db, ctx.workspace.id, ctx.member.userId, undefined);
          return privately("Weekly nudges are off.");
        }
        const clock = parseTimeOfDay(input.time ?? "3pm");
        if (!clock)
          throw new UserError(
            `"${input.time}" is not a time of day I can read (e.g. 3pm or 7:45am).`,
            "/mentor nudge on day:friday time:3pm",
            "time",
          );
        const at = await setNudge(ctx.db, ctx.workspace.id, ctx.member.userId, {
          weekday: weekdayNumber(input.day ?? "friday"),
          time: hhmm(clock),
          zone: ctx.workspace.timeZone,
          now: ctx.clock.now(),
        });
        return privately(`Weekly nudge on. The first one comes ${fmt.time(at!)}.`, {
          context: assumedNote(clock) || undefined,
        });
      },
    }),
    "pace-nudges": sub({
      description: "The program's Monday note when you are behind its pace: on (default) or off, for you.",
      formerly: ["nudges"],
      options: {
        state: opt.onOff({ description: "on or off (leave out to see which)", bare: true }),
      },
      examples: ["off", "on", ""],
      async run(ctx, input) {
        const sent = ctx.workspace.settings.paceNudges && ctx.workspace.settings.paceHoursPerWeek;
        const note = sent ? undefined : "This workspace does not send pace nudges at the moment.";
        if (input.state === undefined) {
          const on = await getsPaceNudges(ctx.db, ctx.workspace.id, ctx.member.userId);
          return privately(
            on
              ? "Pace nudges are on for you. Stop them with /mentor pace-nudges off"
              : "Pace nudges are off for you. Get them again with /mentor pace-nudges on",
            { context: note },
          );
        }
        const { already } = await setPaceNudges(ctx.db, {
          workspaceId: ctx.workspace.id,
          userId: ctx.member.userId,
          displayName: ctx.member.displayName,
          on: input.state,
        });
        const was = already ? "already " : "";
        return privately(
          input.state
            ? `Pace nudges are ${was}on: a kind note on Mondays when you are behind the program's pace. Stop them with /mentor pace-nudges off`
            : `Pace nudges are ${was}off: no more Monday notes about your pace. Get them again with /mentor pace-nudges on`,
          { context: note },
        );
      },
    }),
    pair,
    unpair,
    pairs,
    "my-hours": myHours,
    program: programReports,
  },
  actions: {
    page: action(BUTTON.page, async (ctx, p) => ({
      ...(await entriesList(ctx, Math.min(100, Math.max(1, Number(p.scope) || 10)), p.page)),
      to: to.origin,
    })),
    save: action(BUTTON.save, async (ctx, id) => {
      const r = await saveDraftAsEntry(ctx.db, ctx.keys, ctx.workspace.id, ctx.member.userId, id, program(ctx));
      if (!r) throw new UserError(DRAFT_GONE, DM_EXAMPLE);
      if ("savedAs" in r) return alreadySaved(r.savedAs);
      const saved = r.saved;
      return {
        to: to.origin,
        header: "Mentoring log — saved",
        text:
          `Saved \`${saved.shortId}\`: ${formatDuration(saved.minutes)} with ` +
          `${showMentee(saved.mentee)} on ${saved.day} (${saved.topics.join(", ")}).` +
          askedNote(saved),
        context: "See your totals with /mentor hours",
      };
    }),
    edit: action(BUTTON.edit, async (ctx, id) => {
      const r = await readDraft(ctx.db, ctx.keys, ctx.workspace.id, ctx.member.userId, id);
      if (!r) throw new UserError(DRAFT_GONE, DM_EXAMPLE);
      if ("savedAs" in r) return alreadySaved(r.savedAs);
      const e = r.draft;
      const line =
        `/mentor log duration:${e.minutes}m mentee:"${e.mentee.replace(/"/g, "'")}" topics:"${e.topics.join(", ")}" ` +
        `date:${e.day} mode:${e.mode.replace(" ", "-")}${e.notes ? ` notes:"${e.notes.replace(/"/g, "'")}"` : ""} draft:${id}`;
      return privately(
        `Change what you need and send it here:\n\`${line}\`\nor write the message again in your own words.`,
      );
    }),
    pick: action(BUTTON.pick, async (ctx, v) => {
      const r = await readDraft(ctx.db, ctx.keys, ctx.workspace.id, ctx.member.userId, v.draft);
      if (!r) throw new UserError(DRAFT_GONE, DM_EXAMPLE);
      if ("savedAs" in r) return alreadySaved(r.savedAs);
      const p = await ownPair(ctx.db, ctx.keys, ctx.workspace.id, ctx.member.userId, v.pair);
      if (!p) throw new UserError("That pair is gone; see your pairs with /mentor pairs.", DM_EXAMPLE);
      const e = { ...r.draft, mentee: menteeText(p)! };
      const u = await updateDraft(ctx.db, ctx.keys, ctx.workspace.id, ctx.member.userId, v.draft, e);
      if (!u) throw new UserError(DRAFT_GONE, DM_EXAMPLE);
      if ("savedAs" in u) return alreadySaved(u.savedAs);
      return { to: to.origin, ...draftCard(e, v.draft, undefined, await picksFor(ctx, e)) };
    }),
    confirm: action(CONFIRM_BUTTON.yes, (ctx, id) => answer(ctx, id, "confirmed")),
    dispute: action(CONFIRM_BUTTON.no, (ctx, id) => answer(ctx, id, "disputed")),
    discard: action(BUTTON.discard, async (ctx, id) => {
      const r = await discardDraft(ctx.db, ctx.workspace.id, ctx.member.userId, id);
      if (!r) throw new UserError(DRAFT_GONE, DM_EXAMPLE);
      if ("savedAs" in r) return alreadySaved(r.savedAs);
      return { to: to.origin, text: "Discarded; nothing was saved." };
    }),
  },
  dm: {
    async run(ctx, text) {
      const d = parseDmMessage(text);
      if (d.negativeDuration)
        throw new UserError(
          `A length of time cannot be negative. Write how long you met, e.g. 45 min or 1h30:\n\`${DM_EXAMPLE}\``,
          "/mentor help",
        );
      if (d.tooLongMinutes)
        throw new UserError(
          `${hoursText(d.tooLongMinutes)} is more than one entry can hold: at most ${MAX_MINUTES / 60} h. ` +
            `Log each day's mentoring as its own entry:\n\`${DM_EXAMPLE}\``,
          "/mentor help",
        );
      // No "with …": the mentor's paired mentee on that day, to check on the card (others are buttons).
      const day = d.minutes ? readDay(ctx, d.when, DM_EXAMPLE) : undefined;
      const pairs =
        day && !d.mentee ? await activePairs(ctx.db, ctx.keys, ctx.workspace.id, ctx.member.userId, day) : [];
      if (!d.mentee && pairs.length) d.mentee = menteeText(pairs[0]!);
      const missing: string[] = [];
      if (!d.minutes) missing.push("how long (e.g. 45 min)");
      if (!d.mentee) missing.push('who with (e.g. "with J.R.")');
      if (missing.length)
        throw new UserError(
          `I couldn't read ${missing.join(" or ")} in that (at most ` +
            `${MAX_MINUTES / 60} h per entry). Write it like this:\n\`${DM_EXAMPLE}\``,
          "/mentor help",
        );
      // The same limits as /mentor log's options; a name that long means the sentence was misread.
      if (d.mentee!.length > 100)
        throw new UserError(
          `I couldn't tell where the name after "with" ends. Put a dash before the topics, or use initials.`,
          DM_EXAMPLE,
          "mentee",
        );
      if ((d.notes ?? "").length > 2000)
        throw new UserError(
          `Notes can be at most 2,000 characters (these are ${d.notes!.length.toLocaleString("en-US")}).`,
          DM_EXAMPLE,
          "notes",
        );
      const e: EntryInput = {
        minutes: d.minutes!,
        mentee: d.mentee!,
        day: day!,
        topics: [],
        mode: d.mode ?? "in person",
        notes: d.notes,
      };
      const { topics, note } = dmTopics(ctx, d.topicsText);
      e.topics = topics;
      const id = await saveDraft(ctx.db, ctx.keys, ctx.workspace.id, ctx.member.userId, e, ctx.clock.now());
      const picks = await picksFor(ctx, e, pairs.length ? pairs : undefined);
      const chosen = pairs.length
        ? `With your paired mentee${pairs.length > 1 ? " listed first; press another name if it was someone else" : ""}.`
        : "";
      return { to: to.private, ...draftCard(e, id, [note, chosen].filter(Boolean).join("\n") || undefined, picks) };
    },
  },
});
