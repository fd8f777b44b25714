// /session copy and /session topics, and the parts of /session announce, edit, cancel and
// roster that make series, topics and the scorer gate: copies of a session for a new date,
// bounded series (repeat: with until: or count:), PD topics from the workspace's list, and
// invitations to lapsed scorers. commands/session.ts hands in the helpers it shares (a kit).
import { sub } from "../src/core/command.js";
import { UserError } from "../src/core/errors.js";
import { opt } from "../src/core/options.js";
import { fmt } from "../src/core/rich.js";
import { privately, type Reply } from "../src/core/reply.js";
import { formatDuration } from "../src/core/duration.js";
import { hasRole } from "../src/core/roles.js";
import type { CommandContext } from "../src/core/context.js";
import { audit } from "../src/services/audit.js";
import { updateWorkspace } from "../src/services/workspaces.js";
import { createSession, findSession, type NewSession, type SessionRow } from "../src/services/sessions/sessions.js";
import { cancelSeriesFrom, copyOf, createSeries, sameSeries } from "../src/services/sessions/series.js";
import { MAX_SERIES, seriesDates } from "../src/services/sessions/series-dates.js";
import {
  MAX_SESSION_TOPICS,
  readTopics,
  topicName,
  unknownTopicsText,
  withTopics,
} from "../src/services/sessions/topics.js";
import { inviteToTraining, lapsedScorers } from "../src/services/sessions/scorer-gate.js";
import { TRAINING_KIND } from "../src/services/sessions/roster.js";
import { SESSION_SUGGESTIONS } from "../src/services/sessions/keys.js";
import { icsFile } from "../src/services/sessions/ical.js";
import { requirePostable } from "../src/core/post-check.js";
import { CLEAR_WORD } from "../src/core/options.js";

/** What commands/session.ts shares with these subcommands. */
export interface SessionKit {
  readWhen(ctx: CommandContext, text: string, example: string): { at: Date; note?: string };
  cardPost(s: SessionRow, answers: [], now: Date): Reply;
  /** The card, edited where it was posted. */
  cardUpdate(ctx: CommandContext, s: SessionRow): Promise<Reply>;
}

export const SERIES_EXAMPLE =
  '/session announce "Scoring practice" when:"Dec 8 9am" repeat:"every other Tuesday" until:"May 26" channel:#scoring';
export const COPY_EXAMPLE = '/session copy id:7K2Q when:"Dec 2 2027 9am"';
const TOPICS_EXAMPLE =
  '/session announce "Close reading" when:"Dec 3 3:30pm" topics:"literacy, instructional strategies"';

/** The options /session announce adds for series, topics and the gate. */
export const announceOptions = {
  topics: opt.text({
    description: "PD topics from the workspace list, comma-separated (see /session topics)",
    example: '"literacy, instructional strategies"',
    max: 300,
  }),
  repeat: opt.text({
    description: 'Repeat as a series: "every other Tuesday", "every week", "first Monday of the month"',
    example: '"every other Tuesday"',
    max: 100,
  }),
  until: opt.date({ description: "Last date of the series (or count:)", example: '"May 26"' }),
  count: opt.integer({
    description: `How many sessions in the series, 2 to ${MAX_SERIES} (or until:)`,
    min: 2,
    max: MAX_SERIES,
    example: "10",
  }),
  requires: opt.choice({
    description: "Who may say Going: trained (scorers trained this school year; default for scoring-day) or anyone",
    choices: ["trained", "anyone"],
  }),
};

/** topics: read against the workspace's list; a word naming none is refused with the nearest topic. */
export function readTopicsOption(ctx: CommandContext, text: string | undefined, example: string): string[] {
  if (text === undefined) return [];
  const taxonomy = ctx.workspace.settings.sessionTopics;
  const r = readTopics(text, taxonomy);
  if (r.unknown.length) {
    const fixed = [...new Set([...r.topics, ...r.unknown.flatMap((u) => (u.suggestion ? [u.suggestion] : []))])];
    if (!fixed.length) fixed.push(taxonomy[0]!);
    throw new UserError(unknownTopicsText(r.unknown, taxonomy), `${example} topics:"${fixed.join(", ")}"`, "topics");
  }
  if (!r.topics.length)
    throw new UserError(`Name at least one topic: ${taxonomy.join(", ")}.`, TOPICS_EXAMPLE, "topics");
  return r.topics;
}

/** requires: given, or the default for the kind. */
export const requiresTrained = (kind: string, requires: string | undefined): boolean =>
  (requires ?? (kind === "scoring-day" ? "trained" : "anyone")) === "trained";

/** The announcement of a series: every occurrence created, their cards queued, one private summary with the dates. */
export async function announceSeries(
  ctx: CommandContext,
  kit: SessionKit,
  base: Omit<NewSession, "startsAt">,
  q: { first: Date; repeat?: string; until?: string; count?: number; note?: string },
): Promise<Reply[]> {
  if (q.repeat === undefined)
    throw new UserError(
      'until: and count: end a series; say how it repeats with repeat:, e.g. repeat:"every other Tuesday".',
      SERIES_EXAMPLE,
      "repeat",
    );
  const zone = ctx.workspace.timeZone;
  const d = seriesDates({ repeat: q.repeat, first: q.first, zone, until: q.until, count: q.count }, ctx.clock.now());
  if (!d.ok) throw new UserError(d.problem, SERIES_EXAMPLE, d.field);
  // The same series announced again (a second press, a retry) answers with the first; nothing is saved.
  const existing = await sameSeries(ctx.db, ctx.workspace.id, base, d.dates);
  if (existing) return [alreadyAnnounced(existing, d.dates.length)];
  const rows = await createSeries(
    ctx.db,
    ctx.workspace.id,
    base,
    d.dates,
    (s) => {
      const { to: _, ...card } = kit.cardPost(s, [], ctx.clock.now());
      return card;
    },
    ctx.clock.now(),
  );
  const first = rows[0]!;
  await audit(ctx.db, ctx.workspace.id, ctx.member.userId, "session.announce", {
    session: first.shortId,
    series: rows.length,
  });
  return [
    privately(
      `Announced a series of ${rows.length}: **${first.title}** (${q.repeat.trim()}), ` +
        `${formatDuration(first.minutes)} each, in ${fmt.channel(first.channelId)}. ` +
        `Each has its own card and answers; the cards are being posted now.\n${seriesLines(rows)}`,
      {
        header: `Series — ${first.title}`,
        context: [
          q.note,
          `Cancel one with /session cancel id:${first.shortId}, or it and the ones after it with /session cancel id:${first.shortId} series:yes`,
        ]
          .filter(Boolean)
          .join(" "),
        overflow: "`/session list all:yes`",
      },
    ),
  ];
}

/** A series' occurrences, one a line: "- 1 of 10: `7K2Q` Tue 10 Nov, 9:00 AM", cancelled ones marked. */
const seriesLines = (rows: SessionRow[]): string =>
  rows
    .map(
      (s) =>
        `- ${s.seriesIndex} of ${rows.length}: \`${s.shortId}\` ${fmt.time(s.startsAt, "short")}` +
        (s.status === "cancelled" ? " (cancelled)" : ""),
    )
    .join("\n");

/** The answer to a series announced again: the one that exists, with its ids and dates. */
function alreadyAnnounced(rows: SessionRow[], asked: number): Reply {
  const first = rows[0]!;
  const size =
    asked === rows.length
      ? ""
      : ` It has ${rows.length} dates, not ${asked}: to change that, cancel it with /session cancel id:${first.shortId} series:yes and announce it again.`;
  return privately(
    `**${first.title}** is already announced as a series of ${rows.length} in ${fmt.channel(first.channelId)}, ` +
      `from ${fmt.time(first.startsAt, "short")}; nothing new was saved or posted.${size}\n${seriesLines(rows)}`,
    {
      header: `Series — ${first.title}`,
      context: `Change one with /session edit id:${first.shortId}; if a card is missing, /session repost id:${first.shortId} posts it again.`,
      overflow: "`/session list all:yes`",
    },
  );
}

/** /session cancel … series:yes: this occurrence and the later ones. */
export async function cancelSeries(
  ctx: CommandContext,
  kit: SessionKit,
  s: SessionRow,
  reason: string | undefined,
): Promise<Reply[]> {
  if (!s.seriesId)
    throw new UserError(
      `${s.title} (${s.shortId}) is not part of a series; cancel it alone with /session cancel id:${s.shortId}.`,
      `/session cancel id:${s.shortId}`,
      "series",
    );
  const r = await cancelSeriesFrom(ctx.db, s, reason, ctx.member.userId, ctx.clock.now());
  if (!r.cancelled.length)
    return [
      privately(
        `${s.title} ${s.seriesIndex} of ${s.seriesSize} and the ones after it were already cancelled; ` +
          `nothing changed and nobody was told again.`,
      ),
    ];
  await audit(ctx.db, ctx.workspace.id, ctx.member.userId, "session.cancel", {
    session: s.shortId,
    series: r.cancelled.length,
  });
  const ids = r.cancelled.map((c) => `${c.seriesIndex} (${c.shortId})`).join(", ");
  return [
    ...(await Promise.all(r.cancelled.map((c) => kit.cardUpdate(ctx, c)))),
    privately(
      `Cancelled ${r.cancelled.length} of the series ${s.title}: ${ids}.` +
        // One DM per answer to each cancelled occurrence (someone who answered three gets three).
        (r.told === 1
          ? " 1 DM goes out to the person who answered."
          : r.told
            ? ` ${r.told} DMs go out to those who answered.`
            : "") +
        (r.already.length
          ? ` ${r.already.length} after it ${r.already.length === 1 ? "was" : "were"} already cancelled.`
          : "") +
        (s.seriesIndex && s.seriesIndex > 1 ? ` The ${s.seriesIndex - 1} before it stay as they are.` : ""),
    ),
  ];
}

const optionalId = opt.text({
  description: "The scoring training to invite to",
  example: "7K2Q",
  max: 12,
  autocomplete: SESSION_SUGGESTIONS,
});

/** /session roster's invite option. */
export const rosterOptions = {
  invite: opt.choice({
    description: "DM an invitation with RSVP buttons to: lapsed (trained last year, not this one)",
    choices: ["lapsed"],
  }),
  id: optionalId,
};

const INVITE_EXAMPLE = "/session roster invite:lapsed id:7K2Q";

/** /session roster invite:lapsed id:<training>: lapsed scorers invited by DM, once each. */
export async function inviteLapsed(ctx: CommandContext, id: string | undefined): Promise<Reply> {
  if (!hasRole(ctx.member.roles, "leader"))
    throw new UserError(
      "Only leader, coordinator or admin can invite scorers. See your own status with /session roster.",
      "/session roster",
    );
  if (!id) throw new UserError("Say which scoring training to invite them to with id:.", INVITE_EXAMPLE, "id");
  const s = await findSession(ctx.db, ctx.workspace.id, id, INVITE_EXAMPLE);
  const now = ctx.clock.now();
  if (s.kind !== TRAINING_KIND)
    throw new UserError(
      `${s.title} (${s.shortId}) is not a scoring training; invite lapsed scorers to one (kind:scoring-training).`,
      INVITE_EXAMPLE,
      "id",
    );
  if (s.status === "cancelled" || s.startsAt <= now)
    throw new UserError(
      `${s.title} (${s.shortId}) ${s.status === "cancelled" ? "is cancelled" : "has already started"}; invite them to a training still ahead.`,
      INVITE_EXAMPLE,
      "id",
    );
  const { since, lapsed } = await lapsedScorers(
    ctx.db,
    ctx.workspace.id,
    ctx.workspace.timeZone,
    ctx.workspace.settings.schoolYearStartMonth,
    now,
  );
  if (!lapsed.length)
    return privately(
      `Nobody's status lapsed: everyone trained to score last school year is trained again this one (since ${since}). Nobody was invited.`,
    );
  const r = await inviteToTraining(ctx.db, s, lapsed, ctx.member.userId, now);
  await audit(ctx.db, ctx.workspace.id, ctx.member.userId, "session.invite", {
    session: s.shortId,
    invited: r.invited.length,
  });
  const people = (xs: string[]) => xs.map(fmt.user).join(", ");
  return privately(
    [
      r.invited.length
        ? `Invited ${r.invited.length} by DM to ${s.title}, ${fmt.time(s.startsAt, "short")}: ${people(r.invited)}.`
        : `Nobody new to invite to ${s.title}.`,
      r.already.length ? `Already invited before (not sent again): ${people(r.already)}.` : undefined,
      r.answered.length ? `Already answered this training: ${people(r.answered)}.` : undefined,
    ]
      .filter(Boolean)
      .join(" "),
    {
      header: `Lapsed scorers — school year since ${since}`,
      context: "Lapsed = trained last school year, not yet this one.",
    },
  );
}

const id = opt.text({
  description: "The session to copy, shown on its announcement",
  required: true,
  example: "7K2Q",
  max: 12,
  autocomplete: SESSION_SUGGESTIONS,
});

export const copySub = (kit: SessionKit) =>
  sub({
    description:
      "Copies a session to a new date: title, kind, topics, place, link, seats, notes and reminders (not the answers), with a new card.",
    minRole: "leader",
    options: {
      id,
      when: opt.dateTime({ description: "Start of the copy", required: true as const, example: '"Dec 2 2027 9am"' }),
      channel: opt.channel({ description: "Where to post it (default: the original's channel)" }),
    },
    examples: ['id:7K2Q when:"Dec 2 2027 9am"', 'id:7K2Q when:"next Thursday 3:30pm" channel:#scoring'],
    async run(ctx, input) {
      const orig = await findSession(ctx.db, ctx.workspace.id, input.id, COPY_EXAMPLE);
      const example = `/session copy id:${orig.shortId} when:"Dec 2 2027 9am"`;
      const { at: startsAt, note } = kit.readWhen(ctx, input.when, example);
      const channelId = input.channel ?? orig.channelId;
      await requirePostable(ctx, channelId, { field: "channel", example });
      const s = await createSession(ctx.db, ctx.workspace.id, {
        ...copyOf(orig),
        startsAt,
        channelId,
        timeZone: ctx.workspace.timeZone,
        createdBy: ctx.member.userId,
      });
      await audit(ctx.db, ctx.workspace.id, ctx.member.userId, "session.copy", {
        session: s.shortId,
        from: orig.shortId,
      });
      return [
        kit.cardPost(s, [], ctx.clock.now()),
        privately(
          `Copied **${orig.title}** (${orig.shortId}) to ${s.shortId} in ${fmt.channel(channelId)} for ${fmt.time(s.startsAt)}, ` +
            `${formatDuration(s.minutes)}; nobody's answers were copied.`,
          {
            context: [note, `Change the copy with /session edit id:${s.shortId} (title:, where:, capacity:, …)`]
              .filter(Boolean)
              .join(" "),
            files: [icsFile(s)],
          },
        ),
      ];
    },
  });

const TOPICS_LIST_EXAMPLE = '/session topics add:"early childhood"';

export const topicsSub = sub({
  description: "The workspace's PD topic list that topics: on /session announce names; leaders add or remove topics.",
  options: {
    add: opt.text({ description: "Topics to add, comma-separated (leaders)", example: '"early childhood"', max: 300 }),
    remove: opt.text({ description: "Topics to remove, comma-separated (leaders)", example: '"technology"', max: 300 }),
  },
  examples: ["", 'add:"early childhood, ESL"', 'remove:"technology"'],
  async run(ctx, input) {
    const list = ctx.workspace.settings.sessionTopics;
    if (input.add === undefined && input.remove === undefined)
      return privately(list.map((t) => `- ${t}`).join("\n"), {
        header: "PD topics",
        context: `Use them on /session announce topics:"${list[0]}". Leaders change the list with ${TOPICS_LIST_EXAMPLE}`,
      });
    if (!hasRole(ctx.member.roles, "leader"))
      throw new UserError(
        "Only leader, coordinator or admin can change the PD topic list; anyone can read it with /session topics.",
        "/session topics",
      );
    const split = (t: string | undefined) =>
      (t ?? "")
        .split(/[,;]/)
        .map((x) => x.trim())
        .filter(Boolean);
    const adding = split(input.add).map((t) => ({ typed: t, name: topicName(t) }));
    const bad = adding.filter((a) => !a.name);
    if (bad.length || (input.add !== undefined && !adding.length))
      throw new UserError(
        `A topic is a name of 1 to 60 letters, digits and spaces (' ( ) . - allowed too); ` +
          `"${(bad[0]?.typed ?? "").slice(0, 60)}" cannot be one. Separate several with commas.`,
        TOPICS_LIST_EXAMPLE,
        "add",
      );
    const removing = split(input.remove);
    const gone: string[] = [];
    const missing: string[] = [];
    for (const t of removing) {
      const hit = list.find((x) => x === topicName(t));
      (hit ? gone : missing).push(hit ?? t);
    }
    if (missing.length)
      throw new UserError(
        `${missing.map((m) => `"${m.slice(0, 60)}"`).join(", ")} ${missing.length > 1 ? "are" : "is"} not on the list: ${list.join(", ")}. Nothing was changed.`,
        `/session topics remove:"${list.at(-1)}"`,
        "remove",
      );
    const next = withTopics(
      list.filter((t) => !gone.includes(t)),
      adding.map((a) => a.name!),
    );
    if (next.length > MAX_SESSION_TOPICS)
      throw new UserError(
        `The list holds at most ${MAX_SESSION_TOPICS} topics; remove some first. Nothing was changed.`,
        '/session topics remove:"other"',
        "add",
      );
    if (!next.length)
      throw new UserError(
        "The list needs at least one topic; add another before removing the last.",
        TOPICS_LIST_EXAMPLE,
        "remove",
      );
    if (next.join("\n") === list.join("\n"))
      return privately(`Nothing to change: the list already is ${list.join(", ")}.`);
    ctx.workspace = await updateWorkspace(ctx.db, ctx.workspace.id, { settings: { sessionTopics: next } });
    const added = next.filter((t) => !list.includes(t));
    await audit(ctx.db, ctx.workspace.id, ctx.member.userId, "settings.update", { changed: ["session-topics"] });
    return privately(
      [
        added.length ? `Added ${added.join(", ")}.` : undefined,
        gone.length
          ? `Removed ${gone.join(", ")} (sessions already filed under ${gone.length > 1 ? "them keep them" : "it keep it"}).`
          : undefined,
        `PD topics now: ${next.join(", ")}.`,
      ]
        .filter(Boolean)
        .join(" "),
    );
  },
});

/** topics: on /session edit: the stored form, or undefined when not given; none (null) clears. */
export function editTopics(ctx: CommandContext, text: string | null | undefined, s: SessionRow): string | undefined {
  if (text === undefined) return undefined;
  if (text === null || text.trim().toLowerCase() === CLEAR_WORD) return "[]";
  return JSON.stringify(readTopicsOption(ctx, text, `/session edit id:${s.shortId}`));
}
