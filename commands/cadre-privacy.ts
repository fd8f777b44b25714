// /cadre privacy: a person's export of everything cadre holds about them, and the deletion of
// what is theirs (after a confirmation button); admins may do both for a departed member with
// user:. Files go to the asker's DM. Every request is an audit event about the person, with
// counts only.
import { z } from "zod";
import { action, actionKey, sub } from "../src/core/command.js";
import type { CommandContext } from "../src/core/context.js";
import { UserError } from "../src/core/errors.js";
import { opt } from "../src/core/options.js";
import { fmt } from "../src/core/rich.js";
import { privately, to, type Reply } from "../src/core/reply.js";
import { audit } from "../src/services/audit.js";
import {
  deletePersonalData,
  deletionPreview,
  exportPersonalData,
  KEPT,
  type DeletionCounts,
} from "../src/services/privacy.js";
import { todayIn } from "../src/services/school-year.js";

const CONFIRM = actionKey("cadre", "privacy-delete", z.string().min(1).max(64));

/** Whose data: the asker's own, or (admins) the member named by user:. */
async function subjectOf(ctx: CommandContext, user: string | undefined, what: "export" | "delete"): Promise<string> {
  if (!user || user === ctx.member.userId) return ctx.member.userId;
  if (!(await ctx.holdsRole("admin")))
    throw new UserError(
      `Only an admin can ${what} someone else's data (for a member who has left). Yours: /cadre privacy ${what}`,
      `/cadre privacy ${what}`,
      "user",
    );
  return user;
}

const LABELS: Record<keyof DeletionCounts, string> = {
  mentorEntries: "mentoring entries, with their notes and mentees",
  drafts: "unsaved mentoring drafts",
  nudges: "mentoring nudge settings",
  reminders: "reminders",
  messages: "scheduled and sent direct messages",
  rsvps: "RSVP answers",
  teams: "ILT team memberships",
  agendaItemsUnlinked: "agenda items written (unlinked, not deleted)",
  member: "member record (name and roles)",
};
const listed = (c: DeletionCounts) =>
  (Object.keys(LABELS) as (keyof DeletionCounts)[])
    .filter((k) => c[k] > 0)
    .map((k) => `- ${LABELS[k]}: ${c[k]}`)
    .join("\n");
const keptText = () => `cadre keeps, for the district:\n${KEPT.map((k) => `- ${k}`).join("\n")}`;

export const privacy = sub({
  long: true,
  description: "Your data: export sends you everything cadre holds about you; delete removes what is yours.",
  options: {
    action: opt.choice({ description: "What to do", choices: ["export", "delete"], required: true, bare: true }),
    user: opt.user({ description: "Admins: a member who has left" }),
  },
  examples: ["export", "delete", "export user:@alex"],
  async run(ctx, input) {
    const act = input.action ?? "export"; // required: the parser has already refused it missing
    const subject = await subjectOf(ctx, input.user, act);
    const own = subject === ctx.member.userId;
    const whose = own ? "you" : fmt.user(subject);
    if (act === "export") {
      const data = await exportPersonalData(ctx.db, ctx.keys, {
        workspaceId: ctx.workspace.id,
        userId: subject,
        zone: ctx.workspace.timeZone,
        withContent: own,
        stamp: todayIn(ctx.workspace.timeZone, ctx.clock.now()),
      });
      await audit(
        ctx.db,
        ctx.workspace.id,
        ctx.member.userId,
        "privacy.export",
        { files: data.files.length, ...data.counts },
        subject,
      );
      const dm: Reply = {
        to: to.dm(ctx.member.userId),
        text:
          `Everything cadre holds about ${whose} in this workspace, as ${data.files.length} CSV files.` +
          (own
            ? ""
            : " Mentor notes and mentee names are left out: nobody but the mentor reads them, not even an admin.") +
          " Anonymous agenda items are not included: nothing links them to anyone.",
        files: data.files,
      };
      return ctx.source.isDM ? dm : [privately(`Sent ${own ? "your" : "their"} data to your DM with cadre.`), dm];
    }
    const preview = await deletionPreview(ctx.db, ctx.workspace.id, subject);
    const what = listed(preview);
    if (!what)
      return privately(`cadre holds nothing of ${own ? "yours" : "theirs"} left to delete.\n\n${keptText()}`, {
        header: "Delete data",
      });
    return privately(
      `This deletes, for good, ${own ? "your" : `${fmt.user(subject)}'s`} data here:\n${what}\n\n${keptText()}`,
      {
        header: "Delete data — confirm",
        buttons: [CONFIRM.button(own ? "Delete my data" : "Delete their data", subject, "danger")],
        context:
          "Nothing is deleted until you press the button. Export it first with " +
          (own ? "/cadre privacy export" : `/cadre privacy export user:${fmt.user(subject)}`),
      },
    );
  },
});

export const privacyActions = {
  // Untracked: pressing it must not re-create the member record it is about to delete.
  "privacy-delete": {
    ...action(CONFIRM, async (ctx, subject) => {
      const own = subject === ctx.member.userId;
      if (!own && !(await ctx.holdsRole("admin")))
        throw new UserError(
          "Only that person or an admin can delete their data. Nothing was deleted.",
          "/cadre privacy delete",
        );
      const removed = await deletePersonalData(ctx.db, ctx.workspace.id, subject);
      await audit(ctx.db, ctx.workspace.id, ctx.member.userId, "privacy.delete", { ...removed }, subject);
      const what = listed(removed);
      return privately(
        what
          ? `Deleted ${own ? "your" : `${fmt.user(subject)}'s`} data:\n${what}\n\n${keptText()}`
          : "Already deleted: nothing was left to remove.",
        { header: "Data deleted" },
      );
    }),
    untracked: true,
  },
};
