// The PD-records part of /cadre settings (admins): when the certificate comes, and when
// attendees are asked whether they used what they learned. Kept apart so each reads on its own.
import { onOffText, opt } from "../src/core/options.js";
import { MAX_IMPACT_WEEKS, type WorkspaceSettings } from "../src/services/settings.js";

export const pdOptions = {
  "certificate-after-feedback": opt.onOff({
    description:
      "Send the PD certificate with the thank-you for the feedback form (on, default) or at session end (off)",
  }),
  "impact-after-weeks": opt.integer({
    description: `Weeks after a session to ask "did you use it?" (default 4; 0 never asks)`,
    min: 0,
    max: MAX_IMPACT_WEEKS,
    example: "4",
  }),
};
type PdInput = { [K in keyof typeof pdOptions]?: boolean | number };
export type PdSetting = keyof typeof pdOptions;

/** The settings patch for the options given. */
export function pdPatch(input: PdInput): Partial<WorkspaceSettings> {
  return {
    ...(input["certificate-after-feedback"] !== undefined
      ? { certificateAfterFeedback: Boolean(input["certificate-after-feedback"]) }
      : {}),
    ...(input["impact-after-weeks"] !== undefined ? { impactAfterWeeks: Number(input["impact-after-weeks"]) } : {}),
  };
}

/** A setting's current value in the form the option takes. */
export const pdValue = (k: PdSetting, s: WorkspaceSettings): boolean | number =>
  k === "certificate-after-feedback" ? s.certificateAfterFeedback : s.impactAfterWeeks;

export const pdShown = (k: PdSetting, s: WorkspaceSettings): string =>
  k === "certificate-after-feedback"
    ? onOffText(s.certificateAfterFeedback)
    : s.impactAfterWeeks
      ? `${s.impactAfterWeeks} weeks`
      : "0 (never asked)";

/** The settings view's lines, each under the name typed to change it, with what the value means. */
export const pdLines = (s: WorkspaceSettings): string[] => [
  `certificate-after-feedback: ${pdShown("certificate-after-feedback", s)} ` +
    `(the certificate comes ${s.certificateAfterFeedback ? "with the thank-you for the feedback form" : "when the session ends"})`,
  `impact-after-weeks: ${pdShown("impact-after-weeks", s)}${s.impactAfterWeeks ? ' (after a session, "did you use it?")' : ""}`,
];
