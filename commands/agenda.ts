// /agenda: ILT agendas — teachers add items, the meeting is time-boxed with a teacher
// reserve, roles rotate, and the meeting closes with owned follow-ups.

import { z } from "zod";
import { action as buttonAction, defineCommand, sub } from "../src/core/command.js";
import { UserError } from "../src/core/errors.js";
import { opt } from "../src/core/options.js";
import { fmt, formatInZone } from "../src/core/rich.js";
import { privately, to, type Reply } from "../src/core/reply.js";
import { parseWhen } from "../src/core/when.js";
import { userMention } from "../src/core/text-options.js";
import type { CommandContext } from "../src/core/context.js";
import { audit } from "../src/services/audit.js";
import { resolveTeam, upsertTeam, type TeamWithMembers } from "../src/services/agenda/teams.js";
import { dayLabel, deadlineOf, localDate } from "../src/services/agenda/cadence.js";
import {
  addMember,
  lastClosedMeeting,
  removeMember,
  markAway,
  markBack,
  meetingDates,
  moveUpcoming,
  nextAgenda,
  nextMeeting,
  projectRoles,
  swapRole,
  type RoleChange,
} from "../src/services/agenda/meetings.js";
import { rolesOf, type MeetingRow } from "../src/services/agenda/rows.js";
import { ROLE_NAMES } from "../src/services/agenda/rotation.js";
import {
  addAction,
  addItem,
  canFacilitate,
  canRead,
  editItem,
  completeAction,
  findAction,
  findItem,
  isItemId,
  markDone,
  moveItem,
  withdrawByToken,
  withdrawItem,
  WITHDRAW_TOKEN,
} from "../src/services/agenda/items.js";
import { agendaMarkdown, agendaReply, reserveWarning } from "../src/services/agenda/view.js";
import { loadAgenda, meetingRecord, publishAgenda } from "../src/services/agenda/publication.js";
import { closeMeeting } from "../src/services/agenda/close.js";
import { hhmm, parseTimeOfDay, assumedNote } from "../src/core/time-of-day.js";
import { WEEKDAY_NAMES, weekdayNumber } from "../src/core/calendar.js";

const team = opt.text({ description: "Which team, when you are on more than one", example: '"Lincoln ILT"', max: 80 });
const item = opt.text({
  description: "The item's id, from /agenda list",
  required: true,
  example: "K7M2",
  max: 12,
  autocomplete: "agenda-item",
});

/** Mentions that reach many people (Slack writes them <!here>, <!channel>, <!everyone>): never a member. */
const BROADCAST = /^(?:@(everyone|here|channel)|<!(everyone|here|channel)(?:\|[^>]*)?>)$/i;

/** Refuses a broadcast mention where one person is meant, so it is never saved as a member. */
function refuseBroadcast(token: string, example: string, option: string): void {
  const m = BROADCAST.exec(token.trim());
  if (m)
    throw new UserError(
      `@${(m[1] ?? m[2])!.toLowerCase()} is not one person; name each member, e.g. @ana @ben.`,
      example,
      option,
    );
}

/**
 * The members listed, in order: @mentions (Slack's <@U1|ana> whole), apart by spaces or commas.
 * Anything else is refused rather than left out, so nobody is dropped from the team unseen.
 */
function mentions(text: string, example: string): string[] {
  const words = text.match(/<[^>]*>|[^\s,;]+/g) ?? [];
  for (const w of words) refuseBroadcast(w, example, "members");
  return words.map((w) => {
    const id = userMention(w);
    if (!id)
      throw new UserError(
        `"${w}" is not an @mention of a person; list each member as an @mention, e.g. @ana @ben.`,
        example,
        "members",
      );
    return id;
  });
}

async function currentTeam(ctx: CommandContext, name: string | undefined, example: string): Promise<TeamWithMembers> {
  return resolveTeam(
    ctx.db,
    ctx.workspace.id,
    ctx.member.userId,
    name,
    example,
    ctx.source.isDM ? undefined : ctx.source.channelId,
  );
}

/** Team commands are for that team's facilitators (see canFacilitate), coordinators and admins. */
function requireFacilitator(
  ctx: CommandContext,
  t: TeamWithMembers,
  what: string,
  example: string,
  m?: Parameters<typeof canFacilitate>[2],
): void {
  if (!canFacilitate(t, ctx.member, m))
    throw new UserError(
      `Only a facilitator of ${t.name} (a member with the facilitator role, this meeting's ` +
        `facilitator or the team's creator), a coordinator or an admin can ${what}.`,
      example,
    );
}

/** An agenda names its submitters and follow-up owners: the team's members read it. */
function requireReader(ctx: CommandContext, t: TeamWithMembers, example: string): void {
  if (!canRead(t, ctx.member))
    throw new UserError(
      `Only members of ${t.name} (and its facilitators, coordinators and admins) ` +
        `can see its agenda. Ask its facilitator to add you with /agenda setup.`,
      example,
      "team",
    );
}

export default defineCommand({
  name: "agenda",
  description: "Collect ILT agenda items, time-box the meeting, rotate roles, own the follow-ups.",
  subcommands: {
    setup: sub({
      description: "Sets up (or updates) an ILT: name, channel, members, when it meets.",
      minRole: "facilitator",
      where: ["channel"],
      options: {
        name: opt.text({ description: "Team name", required: true, example: '"Lincoln ILT"', max: 80 }),
        channel: opt.channel({ description: "Where agendas and summaries are posted", required: true }),
        members: opt.longText({
          description: "Members as @mentions, in rotation order (fewer than 20)",
          required: true,
          example: '"@ana @ben @cy"',
          max: 2000,
        }),
        day: opt.choice({ description: "Meeting weekday", choices: WEEKDAY_NAMES, required: true }),
        time: opt.text({ description: "Start time, e.g. 3:30pm", required: true, example: "3:30pm", max: 10 }),
        every: opt.integer({ description: "Weeks between meetings (default 2)", min: 1, max: 8, example: "2" }),
        minutes: opt.integer({
          description: "Meeting length in minutes (default 90)",
          min: 15,
          max: 480,
          example: "90",
        }),
        reserve: opt.integer({
          description: "Minutes reserved for teacher-raised items (default 20)",
          min: 0,
          max: 480,
          example: "20",
        }),
        deadline: opt.integer({
          description: "Item deadline, hours before the meeting (default 48)",
          min: 0,
          max: 336,
          example: "48",
        }),
        publish: opt.integer({
          description: "Post the agenda this many hours before (default 24)",
          min: 0,
          max: 336,
          example: "24",
        }),
      },
      examples: [
        'name:"Lincoln ILT" channel:#lincoln-ilt members:"@ana @ben @cy @dee @eve" day:thursday time:3:30pm',
        'name:"Lincoln ILT" channel:#lincoln-ilt members:"@ana @ben" day:tuesday time:7:45am every:1 minutes:60 reserve:15',
      ],
      async run(ctx, input) {
        const example =
          '/agenda setup name:"Lincoln ILT" channel:#lincoln-ilt members:"@ana @ben @cy" day:thursday time:3:30pm';
        const clock = parseTimeOfDay(input.time);
        if (!clock)
          throw new UserError(
            `"${input.time}" is not a time of day I can read (e.g. 3:30pm or 7:45am).`,
            example,
            "time",
          );
        const time = hhmm(clock);
        const members = mentions(input.members, example);
        if (!members.length) throw new UserError("List the members as @mentions.", example, "members");
        const { team, created, changed, before } = await upsertTeam(
          ctx.db,
          ctx.workspace.id,
          ctx.member.userId,
          {
            name: input.name,
            channelId: input.channel,
            members,
            weekday: weekdayNumber(input.day),
            time,
            timeZone: ctx.workspace.timeZone,
            intervalWeeks: input.every ?? 2,
            minutes: input.minutes ?? 90,
            reserveMinutes: input.reserve ?? 20,
            deadlineHours: input.deadline ?? 48,
            publishHours: input.publish ?? 24,
          },
          (existing) => canFacilitate(existing, ctx.member),
        );
        const now = ctx.clock.now();
        const slotChanged =
          before && (before.weekday !== team.weekday || before.time !== team.time || before.timeZone !== team.timeZone);
        const moved = slotChanged ? await moveUpcoming(ctx.db, team, now) : [];
        const m = await nextMeeting(ctx.db, team, now);
        if (!changed)
          return privately(
            `Nothing to change: **${team.name}** is already set up like this. Next meeting: ${fmt.time(m.startsAt)}.`,
          );
        await audit(ctx.db, ctx.workspace.id, ctx.member.userId, created ? "agenda.setup" : "agenda.update", {
          team: team.shortId,
          members: members.length,
        });
        const movedNote = moved
          .map(
            (x) =>
              ` Moved the next meeting from ${fmt.time(x.from, "short")} to ${fmt.time(x.meeting.startsAt, "short")}.`,
          )
          .slice(0, 1)
          .join("");
        return privately(
          `${created ? "Set up" : "Updated"} **${team.name}** (${members.length} members) in ${fmt.channel(team.channelId)}.` +
            `${movedNote} Next meeting: ${fmt.time(m.startsAt)}.` +
            (deadlineOf(team, m) <= now
              ? ` ⚠️ Items for this first meeting were due ${fmt.time(deadlineOf(team, m), "short")} ` +
                `(${team.deadlineHours} h before), so new items go to the meeting after. ` +
                "To take items until a meeting starts, run this setup again with deadline:0."
              : ` Items for it are due ${fmt.time(deadlineOf(team, m), "short")}.`),
          {
            context: [
              assumedNote(clock),
              "Members add items with /agenda add; the agenda posts itself before the meeting.",
            ]
              .filter(Boolean)
              .join(" "),
          },
        );
      },
    }),
    add: sub({
      description: "Adds an item to your team's next agenda (optionally anonymous).",
      options: {
        text: opt.longText({ description: "The item", required: true, max: 500 }),
        minutes: opt.integer({ description: "Minutes needed (default 10)", min: 1, max: 240, example: "10" }),
        type: opt.choice({
          description: "Kind of item",
          choices: ["discussion", "decision", "information", "student-work"],
        }),
        link: opt.url({ description: "A link to a document", example: "https://docs.example.org/d/1" }),
        anonymous: opt.boolean({ description: "Hide your name from everyone, the facilitator included" }),
        team,
      },
      examples: ['"Grade 3 fluency data" minutes:15 type:student-work', '"Recess duty schedule" anonymous:yes'],
      // An anonymous item must not be dated by its author's member record being created or renamed.
      untracked: true,
      async run(ctx, input) {
        const t = await currentTeam(ctx, input.team, '/agenda add "Grade 3 fluency data" team:"Lincoln ILT"');
        const r = await addItem(
          ctx.db,
          t,
          ctx.member,
          {
            text: input.text,
            minutes: input.minutes ?? 10,
            type: input.type ?? "discussion",
            link: input.link,
            anonymous: input.anonymous ?? false,
          },
          ctx.clock.now(),
        );
        if (r.already)
          return privately(
            `Already on the agenda as **${r.item.shortId}** for ${fmt.time(r.meeting.startsAt, "short")}: ` +
              `"${r.item.text}", ${r.item.minutes} min. Nothing added.`,
            {
              context: `Change it with /agenda edit item:${r.item.shortId} minutes:15, or withdraw it with /agenda remove item:${r.item.shortId}`,
            },
          );
        let lateNote = r.late
          ? ` The deadline for the ${fmt.time(r.original.startsAt, "short")} meeting has ` +
            `passed, so it is on the agenda of ${fmt.time(r.meeting.startsAt, "short")}.`
          : "";
        const reserveNote = r.item.teacherRaised ? "" : reserveWarning(r.view);
        if (reserveNote) lateNote += ` ${reserveNote}`;
        const added = `Added **${r.item.shortId}** to ${t.name}'s agenda for ${fmt.time(r.meeting.startsAt, "short")}`;
        if (r.token)
          // The token exists only in this private answer: cadre keeps its hash, never who got it.
          return privately(`${added} anonymously — nobody can see it was you, cadre included.${lateNote}`, {
            context: `Only this message can withdraw it: keep it, or note /agenda remove item:${r.item.shortId} token:${r.token}`,
            buttons: [{ label: "Withdraw", action: "agenda.withdraw", value: r.token, style: "danger" }],
          });
        return privately(`${added}.${lateNote}`, {
          context: `Withdraw it with /agenda remove item:${r.item.shortId}`,
        });
      },
    }),
    list: sub({
      description: "The next meeting's agenda with its time budget.",
      options: { team },
      examples: ["", 'team:"Lincoln ILT"'],
      async run(ctx, input) {
        const t = await currentTeam(ctx, input.team, '/agenda list team:"Lincoln ILT"');
        requireReader(ctx, t, "/agenda list");
        const v = await nextAgenda(ctx.db, t, ctx.clock.now());
        return { to: to.private, ...agendaReply(v) };
      },
    }),
    move: sub({
      description: "Moves an item to a position on the agenda (facilitators).",
      options: {
        item,
        position: opt.integer({ description: "New position, 1 = first", required: true, min: 1, max: 100 }),
        team,
      },
      examples: ["item:K7M2 position:1"],
      async run(ctx, input) {
        const t = await currentTeam(ctx, input.team, "/agenda move item:K7M2 position:1");
        const it = await findItem(ctx.db, t, input.item, "/agenda move item:K7M2 position:1");
        requireFacilitator(ctx, t, "reorder the agenda", "/agenda move item:K7M2 position:1", it.meeting);
        await moveItem(ctx.db, t, it, input.position);
        return privately(`Moved ${it.shortId} to position ${input.position}.`);
      },
    }),
    edit: sub({
      description: "Changes an item's minutes or text: your own, or any item for its facilitators.",
      options: {
        item,
        minutes: opt.integer({ description: "Minutes needed", min: 1, max: 480, example: "10" }),
        text: opt.longText({ description: "The item's new wording", max: 500 }),
        team,
      },
      examples: ["item:K7M2 minutes:10", 'item:K7M2 text:"Grade 3 fluency data"'],
      async run(ctx, input) {
        const example = "/agenda edit item:K7M2 minutes:10";
        const t = await currentTeam(ctx, input.team, example);
        const it = await findItem(ctx.db, t, input.item, example);
        const { before, after } = await editItem(ctx.db, t, it, ctx.member, {
          minutes: input.minutes,
          text: input.text,
        });
        if (before === after) return privately(`Nothing to change: ${it.shortId} is already like that.`);
        const parts = [
          ...(after.minutes !== before.minutes ? [`${after.minutes} min (was ${before.minutes})`] : []),
          ...(after.text !== before.text ? [`"${after.text}"`] : []),
        ];
        const warn = after.teacherRaised ? "" : reserveWarning(await loadAgenda(ctx.db, t, it.meeting));
        return privately(`Updated ${it.shortId}: ${parts.join(", ")}.${warn ? ` ${warn}` : ""}`);
      },
    }),
    remove: sub({
      description: "Withdraws an item: your own (an anonymous one with its token), or any item for its facilitators.",
      options: {
        item,
        token: opt.text({
          description: "For an item you added anonymously: the token cadre gave you then",
          example: "Hk3v9QmT2xLw8NpR4sYb1A",
          max: 40,
        }),
        team,
      },
      examples: ["item:K7M2", "item:K7M2 token:Hk3v9QmT2xLw8NpR4sYb1A"],
      // Withdrawing an anonymous item must not date its author either.
      untracked: true,
      async run(ctx, input) {
        const t = await currentTeam(ctx, input.team, "/agenda remove item:K7M2");
        const it = await findItem(ctx.db, t, input.item, "/agenda remove item:K7M2");
        await withdrawItem(ctx.db, t, it, ctx.member, input.token);
        return privately(
          input.token ? `Withdrew ${it.shortId} from ${t.name}'s agenda.` : `Removed ${it.shortId} from the agenda.`,
        );
      },
    }),
    members: sub({
      description: "Adds one member to the team or removes one (facilitators of that team).",
      options: {
        action: opt.choice({ description: "add or remove", choices: ["add", "remove"], required: true, bare: true }),
        user: opt.user({ description: "Who joins or leaves", required: true }),
        team,
      },
      examples: ["add user:@ana", "remove user:@ben"],
      async run(ctx, input) {
        const example = `/agenda members ${input.action} user:@ana`;
        const t = await currentTeam(ctx, input.team, example);
        requireFacilitator(ctx, t, "change its members", example);
        refuseBroadcast(`@${input.user}`, example, "user");
        const who = fmt.user(input.user);
        if (input.action === "add") {
          const r = await addMember(ctx.db, t, input.user);
          return privately(
            r.added
              ? `Added ${who} to ${t.name} (${r.team.members.length} members); they join the role rotation.`
              : `${who} is already on ${t.name}; nothing to change.`,
          );
        }
        const r = await removeMember(ctx.db, t, input.user);
        if (!r.removed) return privately(`${who} is not on ${t.name}; nothing to change.`);
        return [
          privately(
            `Removed ${who} from ${t.name} (${r.team.members.length} members).${r.changes.length ? ` ${changeNote(r.changes)}` : ""}`,
          ),
          ...roleDms(ctx, t, r.changes),
        ];
      },
    }),
    roles: sub({
      description: "Shows the next role rotations; mark yourself away for a date; swap a role.",
      options: {
        action: opt.choice({
          description: "show (default), away, back (undo away) or swap",
          choices: ["show", "away", "back", "swap"],
          bare: true,
        }),
        date: opt.dateTime({ description: "For away: the meeting date you will miss" }),
        role: opt.choice({ description: "For swap: the role to give", choices: ROLE_NAMES }),
        user: opt.user({ description: "For swap: who takes the role" }),
        team,
      },
      examples: ["", 'away date:"Dec 4"', 'back date:"Dec 4"', "swap role:recorder user:@ben"],
      async run(ctx, input) {
        const t = await currentTeam(ctx, input.team, "/agenda roles");
        requireReader(ctx, t, "/agenda roles");
        const now = ctx.clock.now();
        let m = await nextMeeting(ctx.db, t, now);
        let note = "";
        if (input.action === "away" || input.action === "back") {
          const example = `/agenda roles ${input.action} date:"${dayLabel(m.startsAt, t.timeZone)}"`;
          if (!input.date)
            throw new UserError(
              `Say which meeting date ${input.action === "away" ? "you will miss" : "you will be at after all"}.`,
              example,
              "date",
            );
          if (!t.members.some((x) => x.userId === ctx.member.userId))
            throw new UserError(`You are not a member of ${t.name}.`, example);
          const dates = meetingDates(t, m, 12);
          const when = parseWhen(input.date, t.timeZone, now);
          const day = when && localDate(when.at, t.timeZone);
          const at = dates.find((d) => localDate(d, t.timeZone) === day);
          if (!when || !at) {
            const next = dates.slice(0, 4).map((d) => dayLabel(d, t.timeZone, now));
            throw new UserError(
              `"${input.date}"${when ? ` (${dayLabel(when.at, t.timeZone, now)})` : ""} is not a meeting date of ${t.name}. ` +
                `Its next meetings are ${next.slice(0, -1).join(", ")} and ${next.at(-1)}.`,
              example,
              "date",
            );
          }
          const label = dayLabel(at, t.timeZone, now);
          if (input.action === "back") {
            const { team: fresh, was } = await markBack(ctx.db, t, ctx.member.userId, localDate(at, t.timeZone));
            note = was
              ? `You are no longer away on ${label}. Roles already handed on for that day stay as they are; ` +
                "a facilitator can swap one back.\n\n"
              : `You were not marked away on ${label}; nothing to change.\n\n`;
            return privately(note + (await rotationText(ctx, fresh, m)));
          }
          const r = await markAway(ctx.db, t, ctx.member.userId, localDate(at, t.timeZone));
          m = r.changes.find((c) => c.meeting.id === m.id)?.meeting ?? m;
          note = r.already
            ? `You are already marked away on ${label}; nothing to change.\n\n`
            : `Marked you away on ${label}; roles skip you that day.${r.changes.length ? ` ${changeNote(r.changes)}` : ""}\n\n`;
          return [privately(note + (await rotationText(ctx, r.team, m))), ...roleDms(ctx, t, r.changes)];
        }
        if (input.action === "swap") {
          const example = "/agenda roles swap role:recorder user:@ben";
          requireFacilitator(ctx, t, "swap roles", example, m);
          if (!input.role || !input.user)
            throw new UserError("Say which role and who takes it.", example, input.role ? "user" : "role");
          if (!t.members.some((x) => x.userId === input.user))
            throw new UserError(`${fmt.user(input.user)} is not on ${t.name}.`, example, "user");
          const r = await swapRole(ctx.db, t, m, input.role, input.user, example);
          m = r.meeting;
          note = r.changes.length
            ? `${fmt.user(input.user)} is ${input.role} for ${fmt.time(m.startsAt, "short")}. ${changeNote(r.changes)}\n\n`
            : `${fmt.user(input.user)} is already ${input.role} for ${fmt.time(m.startsAt, "short")}; nothing to change.\n\n`;
          return [privately(note + (await rotationText(ctx, t, m))), ...roleDms(ctx, t, r.changes)];
        }
        return privately(note + (await rotationText(ctx, t, m)));
      },
    }),
    publish: sub({
      description: "Posts the next agenda and roles to the team channel now.",
      minRole: "member",
      options: { team },
      examples: [""],
      async run(ctx, input) {
        const t = await currentTeam(ctx, input.team, "/agenda publish");
        const m = await nextMeeting(ctx.db, t, ctx.clock.now());
        requireFacilitator(ctx, t, "publish the agenda", "/agenda publish", m);
        const p = await publishAgenda(ctx.db, t, m, ctx.clock.now());
        if (p.state === "new")
          return [
            { to: to.channel(t.channelId), ...p.post, repost: `/agenda publish team:"${t.name}"` },
            privately(`Posted the agenda to ${fmt.channel(t.channelId)}.`),
          ];
        const where = `${fmt.channel(p.at.channelId)}${p.postedAt ? ` (${fmt.time(p.postedAt, "short")})` : ""}`;
        if (p.state === "unchanged")
          return privately(
            `The agenda for ${fmt.time(m.startsAt, "short")} is already posted in ${where}, as it is now; nothing posted.`,
          );
        return [
          { to: to.update(p.ref), ...p.post },
          privately(
            `The agenda for ${fmt.time(m.startsAt, "short")} was already posted in ${where}: ` +
              "I updated that message to show it as it is now, rather than post it again.",
          ),
        ];
      },
    }),
    done: sub({
      description: "Marks an item discussed (with an optional decision), or a follow-up done.",
      options: {
        item: opt.text({
          description: "The item's or follow-up's id, from /agenda list",
          required: true,
          example: "K7M2",
          max: 12,
          autocomplete: "agenda-item",
        }),
        decision: opt.longText({ description: "What was decided", max: 1000 }),
        team,
      },
      examples: ['item:K7M2 decision:"Adopt the fluency routine in grades 2-3"'],
      async run(ctx, input) {
        const t = await currentTeam(ctx, input.team, "/agenda done item:K7M2");
        // A follow-up's id completes the follow-up (its owner, a facilitator or the recorder).
        const a = (await isItemId(ctx.db, t.workspaceId, input.item)) ? null : await findAction(ctx.db, t, input.item);
        if (a) {
          const m = await nextMeeting(ctx.db, t, ctx.clock.now());
          if (
            a.ownerId !== ctx.member.userId &&
            !canFacilitate(t, ctx.member, m) &&
            rolesOf(m).recorder !== ctx.member.userId
          )
            throw new UserError(
              `Only the follow-up's owner, the facilitator or the recorder of ${t.name} can mark it done.`,
              `/agenda done item:${a.shortId}`,
              "item",
            );
          await completeAction(ctx.db, a);
          return privately(`Follow-up ${a.shortId} done: ${a.task}. It leaves the next agendas.`);
        }
        const it = await findItem(ctx.db, t, input.item, "/agenda done item:K7M2");
        const roles = rolesOf(it.meeting);
        if (!canFacilitate(t, ctx.member, it.meeting) && roles.recorder !== ctx.member.userId)
          throw new UserError(
            `Only the facilitator or the recorder of ${t.name} can mark items done.`,
            "/agenda done item:K7M2",
          );
        await markDone(ctx.db, it, input.decision);
        return privately(`Marked ${it.shortId} discussed${input.decision ? " with its decision" : ""}.`);
      },
    }),
    action: sub({
      description: "Adds an action item with an owner and a due date to the current meeting.",
      options: {
        owner: opt.user({ description: "Who owns it", required: true }),
        task: opt.longText({ description: "What they will do", required: true, max: 500 }),
        due: opt.dateTime({ description: "Due date" }),
        team,
      },
      examples: ['owner:@ben task:"Share the fluency rubric" due:"next Friday"'],
      async run(ctx, input) {
        const example = '/agenda action owner:@ben task:"Share the fluency rubric" due:"next Friday"';
        const t = await currentTeam(ctx, input.team, example);
        const m = await nextMeeting(ctx.db, t, ctx.clock.now());
        if (!canFacilitate(t, ctx.member, m) && rolesOf(m).recorder !== ctx.member.userId)
          throw new UserError(`Only a facilitator or the recorder of ${t.name} can add its action items.`, example);
        if (!t.members.some((x) => x.userId === input.owner))
          throw new UserError(
            `${fmt.user(input.owner)} is not on ${t.name}, so they would never see this follow-up on its agendas. ` +
              `Give it to a member, or add them with /agenda members add user:${fmt.user(input.owner)}.`,
            example,
            "owner",
          );
        let dueOn: Date | undefined;
        if (input.due) {
          const now = ctx.clock.now();
          const w = parseWhen(input.due, t.timeZone, now, 17);
          if (!w) throw new UserError(`"${input.due}" is not a date I can read.`, example, "due");
          if (w.at <= now)
            throw new UserError(
              `"${input.due}" (${formatInZone(w.at, t.timeZone, "date")}) has passed: a due date must be in the future.`,
              example,
              "due",
            );
          if (w.at.getTime() - now.getTime() > 366 * 86_400_000)
            throw new UserError(
              `"${input.due}" (${formatInZone(w.at, t.timeZone, "date")}) is more than a year away; give a date within the year.`,
              example,
              "due",
            );
          dueOn = w.at;
        }
        const a = await addAction(ctx.db, t, m, { ownerId: input.owner, task: input.task, dueOn });
        return privately(
          `Action ${a.shortId}: ${fmt.user(a.ownerId)} — ${a.task}${dueOn ? ` (due ${fmt.time(dueOn, "date")})` : ""}.`,
        );
      },
    }),
    close: sub({
      description: "Closes the meeting: summary to the channel, undiscussed items carried, owners DMed.",
      options: {
        confirm: opt.boolean({ description: "Close a meeting that has not started yet" }),
        team,
      },
      examples: ["", "confirm:yes"],
      async run(ctx, input) {
        const t = await currentTeam(ctx, input.team, "/agenda close");
        const now = ctx.clock.now();
        const m = await nextMeeting(ctx.db, t, now);
        requireFacilitator(ctx, t, "close the meeting", "/agenda close", m);
        if (now < m.startsAt && !input.confirm) {
          const last = await lastClosedMeeting(ctx.db, t);
          const force = `Closing now carries its open items to the meeting after. To close it anyway: /agenda close confirm:yes`;
          if (last && (!last.closedAt || now.getTime() - last.closedAt.getTime() < 7 * 86_400_000))
            throw new UserError(
              `The ${fmt.time(last.startsAt, "short")} meeting is already closed; nothing to change. ` +
                `The next one, ${fmt.time(m.startsAt, "short")}, has not started yet. ${force}`,
              "/agenda close confirm:yes",
              "confirm",
            );
          throw new UserError(
            `The ${fmt.time(m.startsAt, "short")} meeting has not started yet (it starts ${fmt.time(m.startsAt, "relative")}). ${force}`,
            "/agenda close confirm:yes",
            "confirm",
          );
        }
        const c = await closeMeeting(ctx.db, t, m, ctx.clock.now());
        await audit(ctx.db, ctx.workspace.id, ctx.member.userId, "agenda.close", {
          team: t.shortId,
          carried: c.carried,
          owners: c.dms.length,
        });
        const replies: Reply[] = [{ to: to.channel(t.channelId), ...c.summary }];
        for (const d of c.dms) replies.push({ to: to.dm(d.userId), ...d.reply });
        replies.push(
          privately(
            `Closed. ${c.carried} item(s) carried to ${fmt.time(c.next.startsAt, "short")}; ` +
              `${c.dms.length} owner(s) told their follow-ups.`,
          ),
        );
        return replies;
      },
    }),
    export: sub({
      long: true,
      description: "The next (or last closed) meeting's agenda and minutes as a Markdown file.",
      options: { last: opt.boolean({ description: "Export the last closed meeting instead" }), team },
      examples: ["", "last:yes"],
      async run(ctx, input) {
        const t = await currentTeam(ctx, input.team, "/agenda export");
        requireReader(ctx, t, "/agenda export");
        const m = input.last ? await lastClosedMeeting(ctx.db, t) : await nextMeeting(ctx.db, t, ctx.clock.now());
        if (!m) throw new UserError(`${t.name} has no closed meeting yet.`, "/agenda export");
        const { view, actions, names } = await meetingRecord(ctx.db, t, m, { closed: Boolean(input.last) });
        const file = `${t.name.replace(/[^A-Za-z0-9]+/g, "-")}-${localDate(m.startsAt, t.timeZone)}.md`;
        await audit(ctx.db, ctx.workspace.id, ctx.member.userId, "agenda.export", { team: t.shortId, meeting: m.seq });
        return privately(`Agenda and minutes for ${formatInZone(m.startsAt, t.timeZone, "short")}.`, {
          files: [{ filename: file, contentType: "text/markdown", content: agendaMarkdown(view, actions, names) }],
        });
      },
    }),
  },
  actions: {
    withdraw: buttonAction({
      value: z.string().regex(WITHDRAW_TOKEN),
      untracked: true,
      async run(ctx, token) {
        const r = await withdrawByToken(ctx.db, token);
        if (!r) throw new UserError("That item is already withdrawn.", "/agenda list");
        return privately(`Withdrew ${r.item.shortId} from ${r.team.name}'s agenda.`);
      },
    }),
  },
});

async function rotationText(ctx: CommandContext, t: TeamWithMembers, m: MeetingRow): Promise<string> {
  const rows = await projectRoles(ctx.db, t, m, 3);
  return rows
    .map(
      (r, i) =>
        `**${formatInZone(r.startsAt, t.timeZone, "short")}**${i === 0 ? " (next)" : ""}: ` +
        `${ROLE_NAMES.map((role) => `${role} ${r.roles[role] ? fmt.user(r.roles[role]!) : "—"}`).join(", ")}`,
    )
    .join("\n");
}

const changeNote = (changes: RoleChange[]): string =>
  changes
    .map((c) => `${c.role}: ${c.to ? fmt.user(c.to) : "nobody free"}${c.from ? ` (was ${fmt.user(c.from)})` : ""}.`)
    .join(" ") + " They are told by DM.";

/** Whoever's role changed, other than the one who changed it, is told by DM. */
function roleDms(ctx: CommandContext, t: TeamWithMembers, changes: RoleChange[]): Reply[] {
  const out: Reply[] = [];
  const when = (c: RoleChange) => formatInZone(c.meeting.startsAt, t.timeZone, "short");
  for (const c of changes) {
    if (c.to && c.to !== ctx.member.userId)
      out.push({
        to: to.dm(c.to),
        text: `You are now ${c.role} for ${t.name} on ${when(c)}${c.from ? ` (instead of ${fmt.user(c.from)})` : ""}. See /agenda roles.`,
      });
    const stillHasRole = c.from && changes.some((o) => o.to === c.from);
    if (c.from && c.from !== ctx.member.userId && !stillHasRole)
      out.push({
        to: to.dm(c.from),
        text: `You are no longer ${c.role} for ${t.name} on ${when(c)}${c.to ? `: ${fmt.user(c.to)} is` : ""}. See /agenda roles.`,
      });
  }
  return out;
}
