// /reminder: reminders for yourself (a DM) or a channel, once or repeating, in the
// workspace's time zone. Delivery goes through the outbox and the scheduler.
import { action, defineCommand, sub, type CommandDef } from "../src/core/command.js";
import { MAX_PAGE, pageButtons, pageNote, pagerKey, requirePage } from "../src/core/paging.js";
import type { CommandContext } from "../src/core/context.js";
import { UserError } from "../src/core/errors.js";
import { opt } from "../src/core/options.js";
import { fmt } from "../src/core/rich.js";
import { asReplies, privately, to } from "../src/core/reply.js";
import { hasRole } from "../src/core/roles.js";
import { channelMention, userMention } from "../src/core/text-options.js";
import { requirePostable } from "../src/core/post-check.js";
import {
  ADD_EXAMPLE,
  addReminder,
  displayId,
  findReminder,
  listReminders,
  pauseReminder,
  removeReminder,
  resumeReminder,
  type Actor,
  type ReminderRow,
  type Target,
} from "../src/services/reminders/reminders.js";

const actor = (ctx: CommandContext): Actor => ({
  db: ctx.db,
  now: ctx.clock.now(),
  workspaceId: ctx.workspace.id,
  zone: ctx.workspace.timeZone,
  userId: ctx.member.userId,
  roles: ctx.member.roles,
  caps: {
    perPerson: ctx.workspace.settings.remindersPerPerson,
    perChannel: ctx.workspace.settings.remindersPerChannel,
  },
});

/** `to:` is "me" (a DM), a #channel, or "here" (this channel). */
function targetOf(ctx: CommandContext, raw: string | undefined): Target {
  const v = (raw ?? "me").trim();
  const example = '/reminder add to:#ilt when:"every other Thursday at 3:30pm" Agenda items due tomorrow';
  if (/^(?:me|myself|@me|dm|self)$/i.test(v)) return { kind: "dm", id: ctx.member.userId };
  if (/^(?:here|this channel)$/i.test(v)) {
    if (ctx.source.isDM)
      throw new UserError(
        "`to:here` means the channel you are in, but this is a DM. Name a channel, or use to:me.",
        example,
        "to",
      );
    return { kind: "channel", id: ctx.source.channelId };
  }
  const channel = channelMention(v);
  if (channel) return { kind: "channel", id: channel };
  const user = userMention(v);
  if (user === ctx.member.userId) return { kind: "dm", id: user };
  if (user)
    throw new UserError(
      "Reminders go to you (to:me) or to a channel; cadre does not remind other people directly.",
      example,
      "to",
    );
  throw new UserError(`\`to\` is "me" or a channel like #ilt, not "${v.slice(0, 30)}".`, example, "to");
}

// Discord suggests the person's own active reminders as they type (autocomplete source "reminder").
const reminderId = opt.text({
  description: "The reminder's id from /reminder list",
  required: true,
  bare: true,
  max: 20,
  example: "R-7K2Q",
  autocomplete: "reminder",
});
const preview = (text: string) => (text.length > 60 ? text.slice(0, 57) + "..." : text);
const where = (r: Pick<ReminderRow, "targetKind" | "targetId">) =>
  r.targetKind === "channel" ? fmt.channel(r.targetId) : "you";

/** One row of /reminder list; with `byWhom` (all:yes) it names who set each reminder. */
function line(r: ReminderRow, byWhom = false): string {
  const when = r.paused ? "_paused_" : r.nextAt ? `next ${fmt.time(r.nextAt, "short")}` : "";
  const by = byWhom ? ` · set by ${fmt.user(r.creatorId)}` : "";
  return `- **${displayId(r)}** → ${where(r)} · ${r.phrase} · “${preview(r.text)}” · ${when}${by}`;
}

/** Prev/Next under /reminder list; the scope is "all" for all:yes. */
const PAGER = pagerKey("reminder");

const reminder: CommandDef = defineCommand({
  name: "reminder",
  description: "Reminders for you or a channel, once or repeating, on time and once.",
  subcommands: {
    add: sub({
      description: "Sets a reminder for you (to:me, a DM) or a channel (leaders and above).",
      options: {
        text: opt.longText({
          description: "What to remind about",
          required: true,
          bare: true,
          max: 1000,
          example: '"Post exit tickets"',
        }),
        when: opt.text({
          description:
            'When, in the workspace time zone: "tomorrow 8am", "every weekday at ' +
            '7:45", "first Monday of the month at 4pm", or cron "45 7 * * 1-5"',
          required: true,
          max: 200,
          example: '"every weekday at 7:45"',
        }),
        to: opt.text({ description: "me (a DM, the default) or a #channel", max: 100, example: "me" }),
      },
      examples: [
        'to:me when:"every weekday at 7:45" Post today\'s exit tickets',
        'to:#ilt when:"every other Thursday at 3:30pm" ILT agenda items due tomorrow',
        'when:"tomorrow 8am" Bring the scoring rubric',
        'to:#scoring when:"45 7 * * 1-5" Scoring window opens at 8',
      ],
      async run(ctx, input) {
        const target = targetOf(ctx, input.to);
        if (target.kind === "channel")
          await requirePostable(ctx, target.id, {
            field: "to",
            example: '/reminder add to:here when:"tomorrow 8am" Bring the rubric',
          });
        const {
          reminder: r,
          upcoming,
          note,
          already,
        } = await addReminder(actor(ctx), { text: input.text, when: input.when, target });
        const repeating = r.kind !== "once";
        const head = already
          ? `You already have this reminder, **${displayId(r)}**, for ${where(r)}: “${preview(r.text)}”. Nothing new was set.`
          : `⏰ Reminder **${displayId(r)}** set for ${where(r)}: “${preview(r.text)}”`;
        return privately(head, {
          fields: [
            { label: "When", value: r.phrase, inline: true },
            { label: repeating ? "Next" : "At", value: upcoming.map((d) => fmt.time(d)).join("\n"), inline: true },
            { label: "Time zone", value: r.timeZone, inline: true },
          ],
          context:
            (note ? `${note} ` : "") +
            `${repeating ? `Pause it: /reminder pause ${displayId(r)} · ` : ""}Remove it: /reminder remove ${displayId(r)}`,
        });
      },
    }),
    list: sub({
      description: "Your reminders (leaders and above: all:yes adds every channel reminder here).",
      options: {
        all: opt.boolean({ description: "Also every channel reminder in this workspace (leaders and above)" }),
        page: opt.integer({
          description: "Which page of 25, when there are more",
          min: 1,
          max: MAX_PAGE,
          example: "2",
        }),
      },
      examples: ["", "all:yes", "page:2"],
      async run(ctx, input) {
        if (input.all && !hasRole(ctx.member.roles, "leader"))
          throw new UserError(
            "Only leader, coordinator or admin can list everyone's channel reminders. Your own are in /reminder list.",
            "/reminder list",
            "all",
          );
        const all = Boolean(input.all);
        const p = await listReminders(ctx.db, ctx.workspace.id, ctx.member.userId, all, input.page ?? 1);
        if (!p.total) return privately(`You have no reminders. Set one with e.g. \`${ADD_EXAMPLE}\``);
        const again = (page: number) => `/reminder list${all ? " all:yes" : ""} page:${page}`;
        requirePage(p, ["reminder", "reminders"], again);
        const shown = pageNote(p, again);
        return privately(p.rows.map((r) => line(r, all)).join("\n"), {
          header: all ? "Reminders (yours and every channel's)" : "Your reminders",
          context: `${shown ? `${shown}. ` : ""}Change one with /reminder pause|resume|remove R-7K2Q`,
          buttons: pageButtons(PAGER, p, all ? "all" : ""),
        });
      },
    }),
    remove: sub({
      description: "Removes a reminder for good.",
      options: { id: reminderId },
      examples: ["R-7K2Q"],
      async run(ctx, input) {
        const r = await findReminder(actor(ctx), input.id, "remove");
        await removeReminder(ctx.db, r);
        return privately(`Removed ${displayId(r)} (“${preview(r.text)}”, ${r.phrase}).`);
      },
    }),
    pause: sub({
      description: "Stops a reminder until you resume it.",
      options: { id: reminderId },
      examples: ["R-7K2Q"],
      async run(ctx, input) {
        const r = await findReminder(actor(ctx), input.id, "pause");
        if (r.paused)
          return privately(`${displayId(r)} is already paused. Resume it with /reminder resume ${displayId(r)}.`);
        await pauseReminder(ctx.db, r);
        return privately(
          `Paused ${displayId(r)} (“${preview(r.text)}”). Resume it with /reminder resume ${displayId(r)}.`,
        );
      },
    }),
    resume: sub({
      description: "Starts a paused reminder again from its next time.",
      options: { id: reminderId },
      examples: ["R-7K2Q"],
      async run(ctx, input) {
        const r = await findReminder(actor(ctx), input.id, "resume");
        if (!r.paused)
          return privately(`${displayId(r)} is not paused; next ${r.nextAt ? fmt.time(r.nextAt) : "time unknown"}.`);
        const next = await resumeReminder(ctx.db, r, ctx.clock.now());
        return privately(`Resumed ${displayId(r)}; next ${fmt.time(next)}.`);
      },
    }),
  },
  actions: {
    // The same list, one page on, in the message whose button was pressed.
    page: action(PAGER, async (ctx, p) =>
      asReplies(await reminder.subcommands.list!.run(ctx, { all: p.scope === "all", page: p.page })).map((r) => ({
        ...r,
        to: to.origin,
      })),
    ),
  },
});

export default reminder;
