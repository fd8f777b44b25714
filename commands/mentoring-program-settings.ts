// The mentoring-program part of /cadre settings (admins), kept apart like the retention options:
// the mentee's hours goal, the stipend's hours and due day, the pace per pair and its weekly nudges.
import { UserError } from "../src/core/errors.js";
import { clearable, onOffText, opt } from "../src/core/options.js";
import type { CommandContext } from "../src/core/context.js";
import type { WorkspaceSettings } from "../src/services/settings.js";
import { readPairDay } from "../src/services/mentoring/pairs.js";

export const programOptions = {
  "mentee-goal": opt.number({
    description: "Hours of mentoring a mentee aims for, e.g. 50 for licensure (0 removes it)",
    min: 0,
    max: 10_000,
    example: "50",
  }),
  "stipend-hours": opt.number({
    description: "Hours a mentor logs to earn the stipend (0 removes it)",
    min: 0,
    max: 10_000,
    example: "30",
  }),
  "stipend-due": clearable(
    opt.date({ description: "Day the stipend hours are due by, included", example: "2027-05-28" }),
  ),
  "pace-hours-per-week": opt.number({
    description: "The program's pace per pair in hours a week, e.g. 1 (0 removes it)",
    min: 0,
    max: 40,
    example: "1",
  }),
  "pace-nudges": opt.onOff({
    description: "A kind weekly DM to mentors behind pace, with their own numbers",
  }),
};
export type ProgramOption = keyof typeof programOptions;
type ProgramInput = {
  "mentee-goal"?: number;
  "stipend-hours"?: number;
  "stipend-due"?: string | null;
  "pace-hours-per-week"?: number;
  "pace-nudges"?: boolean;
};

export const isProgramOption = (k: string): k is ProgramOption => Object.hasOwn(programOptions, k);

/**
 * Reads stipend-due as the day it names (a month and day without a year falls inside the school
 * year, as a pair's days do); `none` clears it. Run before the settings compare old and new.
 */
export function readProgramInput(ctx: CommandContext, input: ProgramInput): void {
  const due = input["stipend-due"];
  if (due === undefined) return;
  if (due === null || due === "none") {
    input["stipend-due"] = "none";
    return;
  }
  const w = ctx.workspace;
  const day = readPairDay(due, w.timeZone, ctx.clock.now(), w.settings.schoolYearStartMonth);
  if (!day)
    throw new UserError(
      `I could not read "${due}" as a day (try 2027-05-28 or May 28). Nothing was changed.`,
      "/cadre settings stipend-hours:30 stipend-due:2027-05-28",
      "stipend-due",
    );
  input["stipend-due"] = day;
}

/** The option's current value in the form it takes (0 or none: not set). */
export function programValue(k: ProgramOption, s: WorkspaceSettings): string | number | boolean {
  switch (k) {
    case "mentee-goal":
      return s.menteeGoalHours ?? 0;
    case "stipend-hours":
      return s.stipendHours ?? 0;
    case "stipend-due":
      return s.stipendDue ?? "none";
    case "pace-hours-per-week":
      return s.paceHoursPerWeek ?? 0;
    case "pace-nudges":
      return s.paceNudges;
  }
}

export function programShown(k: ProgramOption, s: WorkspaceSettings): string {
  const v = programValue(k, s);
  if (typeof v === "boolean") return onOffText(v);
  if (!v || v === "none") return "not set";
  return k === "stipend-due" ? String(v) : `${v} h${k === "pace-hours-per-week" ? " a week" : ""}`;
}

/** The settings patch for the options given (after readProgramInput), or nothing when none was. */
export function programPatch(input: ProgramInput): Partial<WorkspaceSettings> {
  const hours = (v: number | undefined) => (v === 0 ? undefined : v);
  const out: Partial<WorkspaceSettings> = {};
  if (input["mentee-goal"] !== undefined) out.menteeGoalHours = hours(input["mentee-goal"]);
  if (input["stipend-hours"] !== undefined) out.stipendHours = hours(input["stipend-hours"]);
  const due = input["stipend-due"];
  if (due !== undefined) out.stipendDue = due === "none" || due === null ? undefined : due;
  if (input["pace-hours-per-week"] !== undefined) out.paceHoursPerWeek = hours(input["pace-hours-per-week"]);
  if (input["pace-nudges"] !== undefined) out.paceNudges = input["pace-nudges"];
  return out;
}

/** One settings field for the program, each line under the name typed to change it. */
export function programField(s: WorkspaceSettings): { label: string; value: string } {
  const lines = (Object.keys(programOptions) as ProgramOption[]).map((k) => `${k}: ${programShown(k, s)}`);
  return { label: "Mentoring program", value: lines.join("\n") };
}
