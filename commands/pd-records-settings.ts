// The PD-records part of /cadre settings (admins): how hours credited are rounded, and the
// district named on certificates and transcripts. Kept apart so each settings file reads alone.
import { opt } from "../src/core/options.js";
import { DEFAULT_CREDIT_ROUNDING, type WorkspaceSettings } from "../src/services/settings.js";

export const pdRecordsOptions = {
  "credit-rounding": opt.integer({
    description: `Minutes hours credited are rounded to, to the nearest (default ${DEFAULT_CREDIT_ROUNDING})`,
    min: 1,
    max: 60,
    example: "15",
  }),
  "district-name": opt.text({
    description: "The district or network named on certificates and transcripts (none removes it)",
    example: '"Jefferson County Public Schools"',
    max: 100,
  }),
};
type PdRecordsInput = { "credit-rounding"?: number; "district-name"?: string };
export type PdRecordsSetting = keyof typeof pdRecordsOptions;

export const isPdRecordsSetting = (k: string): k is PdRecordsSetting => Object.hasOwn(pdRecordsOptions, k);

/** The settings patch for the options given. */
export function pdRecordsPatch(input: PdRecordsInput): Partial<WorkspaceSettings> {
  return {
    ...(input["credit-rounding"] !== undefined ? { creditRoundingMinutes: input["credit-rounding"] } : {}),
    // "none" takes the name off (the certificate then names no issuer).
    ...(input["district-name"] !== undefined
      ? { districtName: /^none$/i.test(input["district-name"].trim()) ? undefined : input["district-name"].trim() }
      : {}),
  };
}

/** The value now set, in the form the option takes ("" when no district is named). */
export const pdRecordsValue = (k: PdRecordsSetting, s: WorkspaceSettings): string | number =>
  k === "credit-rounding" ? s.creditRoundingMinutes : (s.districtName ?? "");

export const pdRecordsShown = (k: PdRecordsSetting, s: WorkspaceSettings): string =>
  k === "credit-rounding" ? `${s.creditRoundingMinutes} min` : s.districtName ? `"${s.districtName}"` : "not set";

/** The settings view's lines, each under the name typed to change it, with what the value means. */
export const pdRecordsLines = (s: WorkspaceSettings): string[] => [
  `credit-rounding: ${pdRecordsShown("credit-rounding", s)} (hours credited, to the nearest)`,
  `district-name: ${pdRecordsShown("district-name", s)} (on certificates and transcripts)`,
];
