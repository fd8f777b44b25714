// Per-workspace settings, stored as JSON on Workspace and validated here. Unknown keys are
// dropped; bad stored values fall back to defaults rather than breaking every command.
import { z } from "zod";

export const DEFAULT_MENTOR_TOPICS = [
  "instructional planning",
  "classroom management",
  "assessment and data",
  "content knowledge",
  "student support",
  "family communication",
  "professional growth",
  "school logistics",
  "emotional support",
  "other",
] as const;

/** The PD topics sessions are filed under (credit totals by topic), until a leader changes the list. */
export const DEFAULT_SESSION_TOPICS = [
  "scoring and assessment",
  "literacy",
  "mathematics",
  "science",
  "instructional strategies",
  "classroom management",
  "leadership",
  "technology",
  "special education",
  "other",
] as const;
/** Most topics a workspace's PD list holds, and the longest topic name. */
export const MAX_SESSION_TOPICS = 40;
export const MAX_TOPIC_LENGTH = 60;

/** Caps on active (including paused) reminders, so one person cannot queue an outbox flood. */
export const DEFAULT_REMINDER_CAPS = { perPerson: 50, perChannel: 100 } as const;
export const MAX_REMINDER_CAP = 1000;

/** Minutes PD hours credited are rounded to by default: the nearest quarter hour. */
export const DEFAULT_CREDIT_ROUNDING = 15;

/**
 * How many days cadre keeps each kind of data before the daily retention job deletes it
 * (src/services/retention.ts; SECURITY.md "Retention"). Defaults a district can accept as they are.
 */
export const RETENTION_DEFAULTS = {
  /** Mentee and notes of an entry, from its session date; minutes, date and topics stay. */
  mentorContent: 730,
  /** Unsaved mentor-log drafts. */
  drafts: 14,
  /** Sent, failed, skipped and cancelled outbox rows (and finished reminders), from when they were due. */
  deliveries: 30,
  /** Audit events. */
  audit: 730,
  /** Agenda items of closed meetings, from the closing. */
  agendas: 365,
  /** RSVP answers to past sessions, from the session's start; check-ins (attendance) stay. */
  rsvps: 365,
} as const;
export type RetentionKind = keyof typeof RETENTION_DEFAULTS;
/** The shortest each may be set to: the audit log must outlive a month's questions about it. */
export const RETENTION_MIN: Record<RetentionKind, number> = {
  mentorContent: 1,
  drafts: 1,
  deliveries: 1,
  audit: 30,
  agendas: 1,
  rsvps: 1,
};
export const RETENTION_MAX_DAYS = 3650;

const days = (kind: RetentionKind) =>
  z
    .number()
    .int()
    .min(RETENTION_MIN[kind])
    .max(RETENTION_MAX_DAYS)
    .catch(RETENTION_DEFAULTS[kind])
    .default(RETENTION_DEFAULTS[kind]);

export const retentionSchema = z.object({
  mentorContent: days("mentorContent"),
  drafts: days("drafts"),
  deliveries: days("deliveries"),
  audit: days("audit"),
  agendas: days("agendas"),
  rsvps: days("rsvps"),
});
export type RetentionSettings = z.infer<typeof retentionSchema>;

/** The latest "did you use it?" question: a school year. */
export const MAX_IMPACT_WEEKS = 52;

export const settingsSchema = z.object({
  /** Month (1-12) the school year starts: scoring-training rosters and yearly mentor hours. */
  schoolYearStartMonth: z.number().int().min(1).max(12).catch(7).default(7),
  /** Yearly mentoring goal in hours, shown as progress in /mentor hours. */
  mentorGoalHours: z.number().positive().max(10_000).optional().catch(undefined),
  /** The mentoring program (commands/mentoring-program-settings.ts): a mentee's hours goal (e.g. 50 for licensure). */
  menteeGoalHours: z.number().positive().max(10_000).optional().catch(undefined),
  /** Hours a mentor logs for the stipend, and the day (YYYY-MM-DD, included) they are due by. */
  stipendHours: z.number().positive().max(10_000).optional().catch(undefined),
  stipendDue: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional()
    .catch(undefined),
  /** The program's pace per pair, hours a week (e.g. 1); pairs below it are "behind". */
  paceHoursPerWeek: z.number().positive().max(40).optional().catch(undefined),
  /** Weekly kind DMs to mentors behind pace, with their own numbers. */
  paceNudges: z.boolean().catch(false).default(false),
  mentorTopics: z
    .array(z.string().min(1).max(60))
    .min(1)
    .max(40)
    .catch([...DEFAULT_MENTOR_TOPICS])
    .default([...DEFAULT_MENTOR_TOPICS]),
  /** The workspace's PD topic list: what /session announce topics: may name. */
  sessionTopics: z
    .array(z.string().min(1).max(MAX_TOPIC_LENGTH))
    .min(1)
    .max(MAX_SESSION_TOPICS)
    .catch([...DEFAULT_SESSION_TOPICS])
    .default([...DEFAULT_SESSION_TOPICS]),
  /** Minutes before a session that reminders go out. */
  sessionReminderMinutes: z
    .array(
      z
        .number()
        .int()
        .min(1)
        .max(60 * 24 * 14),
    )
    .max(5)
    .catch([1440, 60])
    .default([1440, 60]),
  /** Active reminders one person may have (their own and the channel ones they set). */
  remindersPerPerson: z
    .number()
    .int()
    .min(1)
    .max(MAX_REMINDER_CAP)
    .catch(DEFAULT_REMINDER_CAPS.perPerson)
    .default(DEFAULT_REMINDER_CAPS.perPerson),
  /** Active reminders for one channel, whoever set them. */
  remindersPerChannel: z
    .number()
    .int()
    .min(1)
    .max(MAX_REMINDER_CAP)
    .catch(DEFAULT_REMINDER_CAPS.perChannel)
    .default(DEFAULT_REMINDER_CAPS.perChannel),
  /**
   * Mentee confirmation: a member mentee of a pair is asked by DM to confirm each entry's date,
   * minutes and topics (never notes); confirmed and unconfirmed hours are counted apart.
   */
  menteeConfirmation: z.boolean().catch(false).default(false),
  /** PD certificates come with the thank-you for the feedback form (true) or when the session ends (false). */
  certificateAfterFeedback: z.boolean().catch(true).default(true),
  /** Weeks after a session that attendees are asked "did you use it?"; 0 asks nobody. */
  impactAfterWeeks: z.number().int().min(0).max(MAX_IMPACT_WEEKS).catch(4).default(4),
  /** PD hours credited are rounded to the nearest this many minutes (src/services/sessions/credit.ts). */
  creditRoundingMinutes: z
    .number()
    .int()
    .min(1)
    .max(60)
    .catch(DEFAULT_CREDIT_ROUNDING)
    .default(DEFAULT_CREDIT_ROUNDING),
  /** The district (or network) named on certificates and transcripts as their issuer. */
  districtName: z.string().min(1).max(100).optional().catch(undefined),
  /** Days each kind of data is kept (RETENTION_DEFAULTS). */
  retention: retentionSchema.catch(() => retentionSchema.parse({})).default(() => retentionSchema.parse({})),
});

export type WorkspaceSettings = z.infer<typeof settingsSchema>;

export function parseSettings(json: string): WorkspaceSettings {
  let raw: unknown = {};
  try {
    raw = JSON.parse(json);
  } catch {
    raw = {};
  }
  const r = settingsSchema.safeParse(raw && typeof raw === "object" ? raw : {});
  return r.success ? r.data : settingsSchema.parse({});
}
