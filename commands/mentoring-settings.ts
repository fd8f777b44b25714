// The mentoring-program part of /cadre settings (admins), kept apart like the retention
// options: whether member mentees are asked to confirm the time their mentor logged.
import { onOffText, opt } from "../src/core/options.js";
import type { WorkspaceSettings } from "../src/services/settings.js";

export const mentoringOptions = {
  "mentee-confirmation": opt.onOff({
    description: "Ask paired mentees by DM to confirm logged time (date, minutes, topics; never notes)",
  }),
};
type MentoringInput = { [K in keyof typeof mentoringOptions]?: boolean };

/** The settings patch for the options given, or nothing when none was. */
export function mentoringPatch(input: MentoringInput): Partial<WorkspaceSettings> {
  const v = input["mentee-confirmation"];
  return v === undefined ? {} : { menteeConfirmation: v };
}

/** The option's current value in the form it takes. */
export const mentoringValue = (_option: keyof typeof mentoringOptions, s: WorkspaceSettings): boolean =>
  s.menteeConfirmation;

/** The option's current value as shown. */
export const mentoringShown = (option: keyof typeof mentoringOptions, s: WorkspaceSettings): string =>
  onOffText(mentoringValue(option, s));

/** The settings view's lines, each under the name typed to change it. */
export const mentoringLines = (s: WorkspaceSettings): string[] => [
  `mentee-confirmation: ${mentoringShown("mentee-confirmation", s)}`,
];
