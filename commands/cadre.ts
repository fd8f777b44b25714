// /cadre: help, workspace settings and roles.
import { defineCommand, sub } from "../src/core/command.js";
import { UserError } from "../src/core/errors.js";
import { onOffText, opt } from "../src/core/options.js";
import { fmt } from "../src/core/rich.js";
import { privately } from "../src/core/reply.js";
import { ROLES, type Role } from "../src/core/roles.js";
import { audit } from "../src/services/audit.js";
import { MAX_REMINDER_CAP } from "../src/services/settings.js";
import {
  getMember,
  hasAdminOtherThan,
  listMembersWithRoles,
  setRoles,
  updateWorkspace,
} from "../src/services/workspaces.js";
import { canonicalZone, zonesAbbreviated, zonesNamed } from "../src/core/calendar.js";
import type { WorkspaceInfo } from "../src/core/context.js";
import { changeTimeZone, type ZoneMoved } from "../src/services/zone-change.js";
import { auditLog } from "./cadre-audit.js";
import { privacy, privacyActions } from "./cadre-privacy.js";
import { retentionDays, retentionField, retentionOptions, retentionPatch } from "./retention-settings.js";
import { mentoringLines, mentoringOptions, mentoringPatch, mentoringValue } from "./mentoring-settings.js";
import { pdLines, pdOptions, pdPatch, pdShown, pdValue, type PdSetting } from "./pd-settings.js";
import {
  isPdRecordsSetting,
  pdRecordsLines,
  pdRecordsOptions,
  pdRecordsPatch,
  pdRecordsShown,
  pdRecordsValue,
} from "./pd-records-settings.js";
import {
  isProgramOption,
  programField,
  programOptions,
  programPatch,
  programShown,
  programValue,
  readProgramInput,
} from "./mentoring-program-settings.js";

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

type SettingName =
  | "timezone"
  | "school-year-start"
  | "mentor-goal"
  | "reminders-per-person"
  | "reminders-per-channel"
  | keyof typeof mentoringOptions
  | PdSetting
  | keyof typeof retentionOptions
  | keyof typeof pdRecordsOptions
  | keyof typeof programOptions;

const isPd = (k: SettingName): k is PdSetting => Object.hasOwn(pdOptions, k);

/** A setting's current value in the form the option takes (mentor-goal 0 is "not set"). */
function currentValue(w: WorkspaceInfo, k: SettingName): string | number | boolean {
  const s = w.settings;
  if (isPd(k)) return pdValue(k, s);
  if (isProgramOption(k)) return programValue(k, s);
  switch (k) {
    case "timezone":
      return w.timeZone;
    case "school-year-start":
      return s.schoolYearStartMonth;
    case "mentor-goal":
      return s.mentorGoalHours ?? 0;
    case "reminders-per-person":
      return s.remindersPerPerson;
    case "reminders-per-channel":
      return s.remindersPerChannel;
    case "mentee-confirmation":
      return mentoringValue(k, s);
    default:
      return isPdRecordsSetting(k) ? pdRecordsValue(k, s) : retentionDays(k, s.retention);
  }
}

const shownValue = (w: WorkspaceInfo, k: SettingName): string => {
  if (isPd(k)) return pdShown(k, w.settings);
  if (isPdRecordsSetting(k)) return pdRecordsShown(k, w.settings);
  if (isProgramOption(k)) return programShown(k, w.settings);
  const v = currentValue(w, k);
  if (typeof v === "boolean") return onOffText(v);
  if (k === "school-year-start") return MONTHS[Number(v) - 1]!;
  if (k === "mentor-goal") return v ? `${v} h` : "not set";
  if (k === "reminders-per-person" || k === "reminders-per-channel") return `${v} active`;
  if (k.startsWith("keep-")) return `${v} days`;
  return String(v);
};

const WORKSPACE_SETTINGS: SettingName[] = [
  "timezone",
  "school-year-start",
  "reminders-per-person",
  "reminders-per-channel",
];
/** `name: value` lines, the name as typed to change it. */
const lines = (w: WorkspaceInfo, keys: SettingName[]): string =>
  keys.map((k) => `${k}: ${shownValue(w, k)}`).join("\n");

/** What a zone change moved, in words for the admin. */
function zoneMoves(z: ZoneMoved): string[] {
  const n = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
  return [
    `Kept at their wall-clock times in ${z.workspace.timeZone}: ` +
      `${n(z.reminders, "repeating reminder", "repeating reminders")}, ` +
      `${n(z.meetings, "ILT meeting", "ILT meetings")} not yet posted and ` +
      `${n(z.nudges, "weekly mentoring nudge", "weekly mentoring nudges")}.`,
    "Sessions and one-off reminders keep the moment they were set for.",
  ];
}

export default defineCommand({
  name: "cadre",
  description: "Help, workspace settings, roles, your data (privacy) and the audit log.",
  subcommands: {
    help: sub({
      description: "Lists every command with examples, or explains one.",
      options: {
        topic: opt.text({
          description: "A command or subcommand to explain",
          example: "settings",
          max: 60,
          bare: true,
        }),
      },
      examples: ["", "session", "mentor log", "settings"],
      run: (ctx, input) => {
        const page = ctx.help(input.topic);
        if (page) return page;
        throw new UserError(
          `There is no command or subcommand "${input.topic}". Try /cadre help for the list.`,
          "/cadre help session",
          "topic",
        );
      },
    }),
    settings: sub({
      description:
        "Shows this workspace's settings (anyone); changes them (admins): time zone, school year, mentoring goal, " +
        "mentee confirmation, reminder caps, PD certificates and follow-ups, how long data is kept.",
      options: {
        timezone: opt.text({
          description: "IANA time zone for dates and reminders",
          example: "America/Chicago",
          max: 64,
        }),
        "school-year-start": opt.choice({
          description: "Month the school year starts (a month name or its number, 1-12)",
          choices: MONTHS.map((m, i) => ({ value: String(i + 1), label: m })),
          problem: "it should be a month, like 8 or August",
          example: "8",
        }),
        "mentor-goal": opt.number({
          description: "Yearly mentoring goal in hours (0 removes it)",
          min: 0,
          max: 10_000,
          example: "300",
        }),
        "reminders-per-person": opt.integer({
          description: "Most active reminders one person may have (default 50)",
          min: 1,
          max: MAX_REMINDER_CAP,
          example: "50",
        }),
        "reminders-per-channel": opt.integer({
          description: "Most active reminders one channel may have (default 100)",
          min: 1,
          max: MAX_REMINDER_CAP,
          example: "100",
        }),
        ...mentoringOptions,
        ...pdOptions,
        ...programOptions,
        ...retentionOptions,
        ...pdRecordsOptions,
      },
      examples: [
        "",
        "timezone:America/Chicago",
        "school-year-start:8 mentor-goal:300",
        "reminders-per-person:50 reminders-per-channel:100",
        "keep-mentor-content:730 keep-rsvps:365",
        "mentee-confirmation:on",
        "certificate-after-feedback:off impact-after-weeks:6",
        'credit-rounding:15 district-name:"Jefferson County Public Schools"',
        "mentee-goal:50 stipend-hours:30 stipend-due:2027-05-28 pace-hours-per-week:1 pace-nudges:on",
      ],
      async run(ctx, input) {
        const changed: string[] = [];
        const changing = Object.values(input).some((v) => v !== undefined);
        if (changing && !(await ctx.holdsRole("admin")))
          throw new UserError(
            "Only an admin can change settings; anyone can read them with /cadre settings. Nothing was changed.",
            "/cadre settings",
          );
        if (input.timezone !== undefined) {
          const zone = canonicalZone(input.timezone);
          if (!zone) {
            const short = zonesAbbreviated(input.timezone);
            const like = short.length ? short : zonesNamed(input.timezone);
            throw new UserError(
              (short.length
                ? `"${input.timezone}" is an abbreviation, and cadre needs the place, so that daylight saving time is followed.`
                : `"${input.timezone}" is not a time zone I know.`) +
                (like.length ? ` Did you mean ${like.join(" or ")}?` : " Use an IANA name: Region/City."),
              `/cadre settings timezone:${like[0] ?? "America/New_York"}`,
              "timezone",
            );
          }
          input.timezone = zone;
        }
        readProgramInput(ctx, input);
        const asked = Object.entries(input).filter(([, v]) => v !== undefined) as [
          SettingName,
          string | number | boolean,
        ][];
        const same = asked.filter(([k, v]) => String(currentValue(ctx.workspace, k)) === String(v)).map(([k]) => k);
        const changes = Object.fromEntries(asked.filter(([k]) => !same.includes(k))) as Partial<typeof input>;
        const moved: string[] = [];
        if (Object.keys(changes).length) {
          const goal = changes["mentor-goal"];
          if (changes.timezone !== undefined) {
            const z = await changeTimeZone(ctx.db, ctx.workspace.id, changes.timezone, ctx.clock.now());
            ctx.workspace = z.workspace;
            moved.push(...zoneMoves(z));
          }
          const w = await updateWorkspace(ctx.db, ctx.workspace.id, {
            settings: {
              ...(changes["school-year-start"] !== undefined
                ? { schoolYearStartMonth: Number(changes["school-year-start"]) }
                : {}),
              ...(goal !== undefined ? { mentorGoalHours: goal === 0 ? undefined : goal } : {}),
              ...(changes["reminders-per-person"] !== undefined
                ? { remindersPerPerson: changes["reminders-per-person"] }
                : {}),
              ...(changes["reminders-per-channel"] !== undefined
                ? { remindersPerChannel: changes["reminders-per-channel"] }
                : {}),
              ...mentoringPatch(changes),
              ...pdPatch(changes),
              ...programPatch(changes),
              ...retentionPatch(changes, ctx.workspace.settings.retention),
              ...pdRecordsPatch(changes),
            },
          });
          ctx.workspace = w;
          changed.push(...Object.keys(changes));
          await audit(ctx.db, ctx.workspace.id, ctx.member.userId, "settings.update", { changed });
        }
        const s = ctx.workspace.settings;
        const already = same.map((k) => `${k} is already ${shownValue(ctx.workspace, k)}`).join("; ");
        const said = changed.length
          ? [`Saved: ${changed.join(", ")}.`, ...moved, already ? `Unchanged: ${already}.` : ""]
          : [asked.length ? `Nothing to change: ${already}.` : "This workspace's settings:"];
        return privately(said.filter(Boolean).join(" "), {
          header: "cadre settings",
          // Every setting under the name typed to change it ("mentee-goal: 50 h"), so a line can be copied.
          fields: [
            { label: "Workspace", value: lines(ctx.workspace, WORKSPACE_SETTINGS) },
            { label: "Mentoring", value: [lines(ctx.workspace, ["mentor-goal"]), ...mentoringLines(s)].join("\n") },
            { label: "Mentoring topics", value: s.mentorTopics.join(", ") },
            programField(s),
            { label: "PD records", value: [...pdLines(s), ...pdRecordsLines(s)].join("\n") },
            retentionField(s.retention),
          ],
          context: "Change one by the name shown, e.g. /cadre settings timezone:America/Chicago mentee-goal:50",
        });
      },
    }),
    role: sub({
      description: "Gives, removes or lists roles (admin, coordinator, leader, facilitator, mentor).",
      minRole: "admin",
      options: {
        action: opt.choice({
          description: "What to do",
          choices: ["add", "remove", "list"],
          required: true,
          bare: true,
        }),
        user: opt.user({ description: "The person" }),
        role: opt.choice({ description: "The role", choices: ROLES.filter((r) => r !== "member") }),
      },
      examples: ["add user:@alex role:leader", "remove user:@alex role:leader", "list"],
      async run(ctx, input) {
        if (input.action === "list") {
          const members = await listMembersWithRoles(ctx.db, ctx.workspace.id);
          const lines = members.map(
            (m) => `- ${fmt.user(m.userId)} — ${m.roles.filter((r) => r !== "member").join(", ")}`,
          );
          return privately(lines.length ? lines.join("\n") : "Nobody holds a role yet; everyone is a member.", {
            header: "Roles",
          });
        }
        const example = `/cadre role ${input.action} user:@alex role:leader`;
        if (!input.user)
          throw new UserError(`Say who: \`user:\` is required to ${input.action} a role.`, example, "user");
        if (!input.role)
          throw new UserError(
            `Say which role: \`role:\` is one of ${ROLES.filter((r) => r !== "member").join(", ")}.`,
            example,
            "role",
          );
        const current = (await getMember(ctx.db, ctx.workspace.id, input.user))?.roles ?? ["member"];
        let roles: Role[];
        if (input.action === "add") roles = [...new Set<Role>([...current, input.role])];
        else {
          if (
            input.role === "admin" &&
            input.user === ctx.member.userId &&
            !(await hasAdminOtherThan(ctx.db, ctx.workspace.id, ctx.member.userId))
          )
            throw new UserError(
              "You are the only admin; give someone else admin first so the workspace is never without one.",
              "/cadre role add user:@sam role:admin",
              "role",
            );
          roles = current.filter((r) => r !== input.role);
        }
        await setRoles(ctx.db, ctx.workspace.id, input.user, roles);
        await audit(
          ctx.db,
          ctx.workspace.id,
          ctx.member.userId,
          `role.${input.action}`,
          { user: input.user, role: input.role },
          input.user,
        );
        return privately(
          `${fmt.user(input.user)} ${input.action === "add" ? "now has" : "no longer has"} the ${input.role} role.`,
        );
      },
    }),
    privacy,
    audit: auditLog,
  },
  actions: { ...privacyActions },
});
