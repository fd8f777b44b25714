// /mentor pair | unpair | pairs: coordinators match mentors with mentees for a period. A pair
// names its mentee, so every answer goes to the person's DM with cadre when asked in a channel;
// a mentee typed by name (someone not on the platform) is shown to their mentor alone.
import { sub } from "../src/core/command.js";
import { UserError } from "../src/core/errors.js";
import { opt } from "../src/core/options.js";
import { fmt } from "../src/core/rich.js";
import { privately, to, type Reply } from "../src/core/reply.js";
import { userMention } from "../src/core/text-options.js";
import type { CommandContext } from "../src/core/context.js";
import { audit } from "../src/services/audit.js";
import { todayIn } from "../src/services/school-year.js";
import {
  createPair,
  endPair,
  findPairsBetween,
  listPairs,
  readPairDay,
  type MenteeRef,
  type Pair,
} from "../src/services/mentoring/pairs.js";

const PAIR_EXAMPLE = "/mentor pair mentor:@maria mentee:@jordan from:2026-08-15 to:2027-06-12";
const UNPAIR_EXAMPLE = "/mentor unpair id:P7K2";
/** Mentions that reach many people, never a mentee. */
const BROADCAST = new Set(["everyone", "here", "channel"]);

/** Pairs name mentees: asked in a channel, the answer goes to the person's DM with cadre. */
function byDm(ctx: CommandContext, reply: Reply): Reply | Reply[] {
  if (ctx.source.isDM) return reply;
  return [
    privately("I've sent it to you by DM with cadre, so no mentee is named here."),
    { ...reply, to: to.dm(ctx.member.userId) },
  ];
}

/** What someone other than the mentor may see of a pair: never a typed name. */
const asSeenBy = (p: Pair, reader: string): Pair => (reader === p.mentorId ? p : { ...p, menteeName: undefined });

/** The mentee as `reader` may see them: members by mention, a typed name to its mentor alone. */
function menteeShown(p: Pair): string {
  if (p.menteeUserId) return fmt.user(p.menteeUserId);
  return p.menteeName ?? "a mentee who is not a member here (only their mentor sees the name)";
}

const period = (p: Pair) => (p.to ? `${p.from} to ${p.to}` : `from ${p.from}, open-ended`);

function pairLine(p: Pair, today: string): string {
  const state = p.from > today ? " · starts later" : p.to && p.to < today ? " · ended" : "";
  return `\`${p.shortId}\` ${fmt.user(p.mentorId)} mentors ${menteeShown(p)} · ${period(p)}${state}`;
}

function readMentee(text: string, example: string): MenteeRef {
  const id = userMention(text);
  if (id) {
    if (BROADCAST.has(id.toLowerCase()))
      throw new UserError(`@${id} is not one person; name the mentee, e.g. @jordan.`, example, "mentee");
    return { userId: id };
  }
  if (!/[\p{L}\p{N}]/u.test(text))
    throw new UserError(`"${text}" is not a name; give a @mention or the mentee's initials.`, example, "mentee");
  return { name: text };
}

function readDay(ctx: CommandContext, text: string, option: string, example: string): string {
  const day = readPairDay(text, ctx.workspace.timeZone, ctx.clock.now(), ctx.workspace.settings.schoolYearStartMonth);
  if (!day)
    throw new UserError(
      `I could not read "${text}" as a day (try 2026-08-15, Aug 15, today or tomorrow).`,
      example,
      option,
    );
  return day;
}

export const pair = sub({
  description:
    "Pairs a mentor with a mentee for a period (coordinators). A mentor may pair themselves with someone " +
    "not on the platform by name; only they see that name.",
  options: {
    mentor: opt.user({ description: "The mentor (default: you)" }),
    mentee: opt.text({
      description: "The mentee: a @mention, or a name for someone not on the platform",
      required: true,
      example: "@jordan",
      max: 100,
    }),
    from: opt.date({ description: "First day (default today)", example: "2026-08-15" }),
    to: opt.date({ description: "Last day, included (default: open-ended)", example: "2027-06-12" }),
  },
  examples: ["mentor:@maria mentee:@jordan from:2026-08-15 to:2027-06-12", 'mentee:"J.R." from:today'],
  async run(ctx, input) {
    const mentorId = input.mentor ?? ctx.member.userId;
    const mentee = readMentee(input.mentee ?? "", PAIR_EXAMPLE);
    const coordinator = await ctx.holdsRole("coordinator");
    if (!coordinator && (mentorId !== ctx.member.userId || "userId" in mentee))
      throw new UserError(
        "Only coordinators and admins pair people. You can pair yourself with a mentee who is not on the platform, by name. Nothing was saved.",
        '/mentor pair mentee:"J.R." from:today',
        "mentor",
      );
    if ("userId" in mentee && mentee.userId === mentorId)
      throw new UserError("A mentor cannot be their own mentee; name someone else.", PAIR_EXAMPLE, "mentee");
    const today = todayIn(ctx.workspace.timeZone, ctx.clock.now());
    const from = input.from ? readDay(ctx, input.from, "from", PAIR_EXAMPLE) : today;
    const until = input.to ? readDay(ctx, input.to, "to", PAIR_EXAMPLE) : undefined;
    if (until && until < from)
      throw new UserError(
        `The pair would end (${until}) before it starts (${from}). Nothing was saved.`,
        PAIR_EXAMPLE,
        "to",
      );
    const r = await createPair(ctx.db, ctx.keys, {
      workspaceId: ctx.workspace.id,
      mentorId,
      mentee,
      from,
      to: until,
      createdBy: ctx.member.userId,
    });
    if ("existing" in r) {
      const p = asSeenBy(r.existing, ctx.member.userId);
      return byDm(
        ctx,
        privately(
          `${fmt.user(p.mentorId)} already mentors ${menteeShown(p)} (${period(p)}) as pair \`${p.shortId}\`; nothing was changed.`,
          { context: `End it with /mentor unpair id:${p.shortId}, or see every pair with /mentor pairs` },
        ),
      );
    }
    const p = r.created;
    await audit(ctx.db, ctx.workspace.id, ctx.member.userId, "mentor.pair", { pair: p.shortId }, mentorId);
    const told: Reply[] = [];
    if (mentorId !== ctx.member.userId)
      told.push({
        to: to.dm(mentorId),
        text: `You are paired with ${menteeShown(p)} as their mentor (${period(p)}).`,
        context: "Log time with them by DM here, e.g. 45 min today - planning. Your notes stay yours.",
      });
    if (p.menteeUserId)
      told.push({
        to: to.dm(p.menteeUserId),
        text: `${fmt.user(mentorId)} is your mentor (${period(p)}).`,
        context: "What you talk about stays between you: nobody else reads your mentor's notes.",
      });
    const done = privately(`Paired: ${pairLine(asSeenBy(p, ctx.member.userId), today)}.`, {
      context: `End it with /mentor unpair id:${p.shortId}. This was recorded in the audit log (without the mentee).`,
    });
    const own = byDm(ctx, done);
    return [...(Array.isArray(own) ? own : [own]), ...told];
  },
});

export const unpair = sub({
  description: "Ends a pair today, or on a given day (its last day, included). Coordinators.",
  options: {
    id: opt.text({ description: "The pair's id, from /mentor pairs", example: "P7K2", max: 12 }),
    mentor: opt.user({ description: "Or the mentor…" }),
    mentee: opt.user({ description: "…and the mentee (a member)" }),
    on: opt.date({ description: "Last day of the pair (default today)", example: "2027-06-12" }),
  },
  examples: ["id:P7K2", "id:P7K2 on:2027-06-12", "mentor:@maria mentee:@jordan"],
  async run(ctx, input) {
    const today = todayIn(ctx.workspace.timeZone, ctx.clock.now());
    const on = input.on ? readDay(ctx, input.on, "on", UNPAIR_EXAMPLE) : today;
    let shortId = input.id;
    if (!shortId) {
      if (!input.mentor || !input.mentee)
        throw new UserError(
          "Say which pair: its `id:` from /mentor pairs, or `mentor:` and `mentee:`.",
          UNPAIR_EXAMPLE,
          "id",
        );
      const found = await findPairsBetween(ctx.db, ctx.keys, {
        workspaceId: ctx.workspace.id,
        mentorId: input.mentor,
        menteeUserId: input.mentee,
        reader: ctx.member.userId,
      });
      const current = found.filter((p) => !p.to || p.to >= today);
      const chosen = current.at(-1) ?? found.at(-1);
      if (!chosen)
        throw new UserError(
          "Those two are not paired. The pairs and their ids are in /mentor pairs.",
          UNPAIR_EXAMPLE,
          "mentee",
        );
      shortId = chosen.shortId;
    }
    const coordinator = await ctx.holdsRole("coordinator");
    if (!coordinator) {
      // A mentor may end the pair they made with someone not on the platform; nothing else.
      const mine = await listPairs(ctx.db, ctx.keys, {
        workspaceId: ctx.workspace.id,
        reader: ctx.member.userId,
        scope: "mine",
        today,
        ended: true,
      });
      const p = mine.find((x) => x.shortId === shortId!.trim().toUpperCase());
      if (!p || p.mentorId !== ctx.member.userId || p.menteeUserId)
        throw new UserError(
          "Only coordinators and admins end pairs (a mentor may end a pair with a mentee who is not on the platform). Nothing was changed.",
          "/mentor pairs",
        );
    }
    const r = await endPair(ctx.db, ctx.keys, {
      workspaceId: ctx.workspace.id,
      shortId,
      on,
      endedBy: ctx.member.userId,
    });
    if ("already" in r)
      return byDm(
        ctx,
        privately(`Pair \`${r.already.shortId}\` already ended on ${r.already.to}; nothing was changed.`, {
          context: `${pairLine(r.already, today)}`,
        }),
      );
    const p = r.ended;
    await audit(ctx.db, ctx.workspace.id, ctx.member.userId, "mentor.unpair", { pair: p.shortId, on }, p.mentorId);
    return byDm(
      ctx,
      privately(`Ended: ${pairLine(p, today)}.`, {
        context: "Entries already logged stay as they are. This was recorded in the audit log (without the mentee).",
      }),
    );
  },
});

export const pairs = sub({
  description: "Mentoring pairs: coordinators see all; a mentor or a mentee sees their own.",
  options: {
    ended: opt.boolean({ description: "Include pairs that have ended" }),
  },
  examples: ["", "ended:yes"],
  async run(ctx, input) {
    const today = todayIn(ctx.workspace.timeZone, ctx.clock.now());
    const coordinator = await ctx.holdsRole("coordinator");
    const rows = await listPairs(ctx.db, ctx.keys, {
      workspaceId: ctx.workspace.id,
      reader: ctx.member.userId,
      scope: coordinator ? "all" : "mine",
      today,
      ended: input.ended,
    });
    if (!rows.length)
      return privately(
        coordinator
          ? `No ${input.ended ? "" : "current "}pairs yet. Pair people with ${PAIR_EXAMPLE}`
          : "You are in no mentoring pair. A coordinator pairs mentors with mentees.",
      );
    const shown = rows.slice(0, 50);
    return byDm(
      ctx,
      privately(shown.map((p) => pairLine(p, today)).join("\n"), {
        header: coordinator ? "Mentoring pairs" : "Your mentoring pairs",
        context:
          (rows.length > shown.length ? `The first ${shown.length} of ${rows.length}. ` : "") +
          (coordinator
            ? "Mentees not on the platform are named to their mentor alone. End a pair with /mentor unpair id:<id>"
            : "Only you (and coordinators) see these."),
      }),
    );
  },
});
