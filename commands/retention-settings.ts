// The retention part of /cadre settings (admins): one `keep-…:<days>` option per kind of data,
// kept apart from the other settings so each reads on its own.
import { opt } from "../src/core/options.js";
import {
  RETENTION_DEFAULTS,
  RETENTION_MAX_DAYS,
  RETENTION_MIN,
  type RetentionKind,
  type RetentionSettings,
} from "../src/services/settings.js";

const KINDS: Record<RetentionKind, { option: string; label: string; what: string }> = {
  mentorContent: {
    option: "keep-mentor-content",
    label: "mentor notes and mentees",
    what: "Days mentor notes and mentee names are kept (hours and topics stay)",
  },
  drafts: { option: "keep-drafts", label: "unsaved drafts", what: "Days unsaved mentor-log drafts are kept" },
  deliveries: {
    option: "keep-deliveries",
    label: "sent messages",
    what: "Days sent, failed and cancelled scheduled messages are kept",
  },
  audit: { option: "keep-audit", label: "audit log", what: "Days audit events are kept" },
  agendas: { option: "keep-agendas", label: "closed agendas", what: "Days the items of a closed agenda are kept" },
  rsvps: {
    option: "keep-rsvps",
    label: "RSVP answers",
    what: "Days RSVP answers to past sessions are kept (attendance stays)",
  },
};

const option = (kind: RetentionKind) =>
  opt.integer({
    description: `${KINDS[kind].what} (default ${RETENTION_DEFAULTS[kind]})`,
    min: RETENTION_MIN[kind],
    max: RETENTION_MAX_DAYS,
    example: String(RETENTION_DEFAULTS[kind]),
  });

export const retentionOptions = {
  "keep-mentor-content": option("mentorContent"),
  "keep-drafts": option("drafts"),
  "keep-deliveries": option("deliveries"),
  "keep-audit": option("audit"),
  "keep-agendas": option("agendas"),
  "keep-rsvps": option("rsvps"),
};
type RetentionInput = { [K in keyof typeof retentionOptions]?: number };

/** The settings patch for the keep-… options given, or nothing when none was. */
export function retentionPatch(input: RetentionInput, current: RetentionSettings): { retention?: RetentionSettings } {
  const next = { ...current };
  let changed = false;
  for (const [kind, k] of Object.entries(KINDS) as [RetentionKind, (typeof KINDS)[RetentionKind]][]) {
    const v = input[k.option as keyof RetentionInput];
    if (v !== undefined) {
      next[kind] = v;
      changed = true;
    }
  }
  return changed ? { retention: next } : {};
}

/** The days now kept for a keep-… option. */
export function retentionDays(option: keyof typeof retentionOptions, r: RetentionSettings): number {
  const kind = (Object.keys(KINDS) as RetentionKind[]).find((k) => KINDS[k].option === option)!;
  return r[kind];
}

/** One settings field listing how long each kind is kept, each under the name typed to change it. */
export function retentionField(r: RetentionSettings): { label: string; value: string } {
  const lines = (Object.keys(KINDS) as RetentionKind[]).map(
    (kind) => `${KINDS[kind].option}: ${r[kind]} days (${KINDS[kind].label})`,
  );
  return { label: "Kept for (deleted daily after)", value: lines.join("\n") };
}
