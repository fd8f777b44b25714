// The environment, validated once at start-up. A bad or contradictory value stops the
// process with one line naming the variable and what is expected.
import { z } from "zod";

import { isTimeZone } from "../core/calendar.js";

const systemZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";

const optionalString = z.string().trim().min(1).optional();
const url = (what: string) =>
  z
    .string()
    .trim()
    .url(`expected ${what}`)
    .refine((u) => /^https?:\/\//.test(u), `expected ${what}`)
    .optional();

const base64Key = z
  .string()
  .trim()
  .refine(
    (v) => /^[A-Za-z0-9+/_-]+=*$/.test(v) && Buffer.from(v, "base64").length === 32,
    "expected 32 bytes encoded as base64 (make one with: openssl rand -base64 32)",
  );

export const envSchema = z
  .object({
    DATABASE_URL: z
      .string()
      .trim()
      .default("file:./data/cadre.db")
      .refine(
        (v) => /^file:.+/.test(v) || /^postgres(ql)?:\/\/.+/.test(v),
        "expected file:./path/to.db (SQLite) or postgresql://user:password@host:5432/db",
      ),
    CADRE_ENCRYPTION_KEY: base64Key.optional(),
    CADRE_PREVIOUS_ENCRYPTION_KEYS: z
      .string()
      .trim()
      .optional()
      .refine(
        (v) => !v || v.split(",").every((k) => base64Key.safeParse(k).success),
        "expected a comma-separated list of 32-byte base64 keys",
      ),
    CADRE_TIMEZONE: z
      .string()
      .trim()
      .default(systemZone)
      .refine(isTimeZone, "expected an IANA time zone such as America/Chicago"),
    SLACK_BOT_TOKEN: optionalString.refine(
      (v) => !v || v.startsWith("xoxb-"),
      "expected a bot token starting with xoxb-",
    ),
    SLACK_APP_TOKEN: optionalString.refine(
      (v) => !v || v.startsWith("xapp-"),
      "expected an app-level token starting with xapp-",
    ),
    SLACK_SIGNING_SECRET: optionalString,
    SLACK_API_URL: url("an http(s) URL such as https://slack.com/api/"),
    PORT: z.coerce.number({ message: "expected a port number" }).int().min(1).max(65535).default(3000),
    /** Serves GET /healthz and GET /metrics for operators when set. */
    CADRE_HTTP_PORT: z.coerce.number({ message: "expected a port number" }).int().min(1).max(65535).optional(),
    DISCORD_TOKEN: optionalString,
    DISCORD_APPLICATION_ID: optionalString.refine(
      (v) => !v || /^\d{5,25}$/.test(v),
      "expected the numeric application id",
    ),
    DISCORD_GUILD_ID: optionalString.refine((v) => !v || /^\d{5,25}$/.test(v), "expected a numeric server (guild) id"),
    DISCORD_API_URL: url("an http(s) URL such as https://discord.com/api"),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    CADRE_TICK_SECONDS: z.coerce.number({ message: "expected seconds" }).min(1).max(300).default(5),
    CADRE_CATCHUP_HOURS: z.coerce
      .number({ message: "expected hours" })
      .min(0)
      .max(24 * 14)
      .default(12),
  })
  .superRefine((e, ctx) => {
    if (e.SLACK_BOT_TOKEN && !e.SLACK_APP_TOKEN && !e.SLACK_SIGNING_SECRET)
      ctx.addIssue({
        code: "custom",
        path: ["SLACK_BOT_TOKEN"],
        message: "is set but neither SLACK_APP_TOKEN (Socket Mode) nor SLACK_SIGNING_SECRET (HTTP) is",
      });
    if (!e.SLACK_BOT_TOKEN && (e.SLACK_APP_TOKEN || e.SLACK_SIGNING_SECRET))
      ctx.addIssue({
        code: "custom",
        path: [e.SLACK_APP_TOKEN ? "SLACK_APP_TOKEN" : "SLACK_SIGNING_SECRET"],
        message: "is set but SLACK_BOT_TOKEN (xoxb-…) is missing",
      });
    if (e.DISCORD_TOKEN && !e.DISCORD_APPLICATION_ID)
      ctx.addIssue({
        code: "custom",
        path: ["DISCORD_APPLICATION_ID"],
        message: "is required with DISCORD_TOKEN (the numeric application id from the developer portal)",
      });
    if (!e.DISCORD_TOKEN && e.DISCORD_APPLICATION_ID)
      ctx.addIssue({
        code: "custom",
        path: ["DISCORD_TOKEN"],
        message: "is required with DISCORD_APPLICATION_ID (the bot token)",
      });
    if (/^postgres/.test(e.DATABASE_URL) && !e.CADRE_ENCRYPTION_KEY)
      ctx.addIssue({
        code: "custom",
        path: ["CADRE_ENCRYPTION_KEY"],
        message: "is required with PostgreSQL: 32 bytes encoded as base64 (openssl rand -base64 32)",
      });
  });

export type Env = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Parses the environment; throws ConfigError with one line such as "DATABASE_URL=mysql://x: expected …". */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  // Empty strings in .env files mean "not set".
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const r = envSchema.safeParse(cleaned);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const name = String(issue.path[0] ?? "environment");
  const secret = /TOKEN|SECRET|KEY/.test(name);
  const value = cleaned[name];
  const shown =
    value === undefined ? "" : secret ? "=<hidden>" : `=${value.length > 60 ? value.slice(0, 57) + "..." : value}`;
  throw new ConfigError(`${name}${shown}: ${issue.message}`);
}

export const isPostgres = (databaseUrl: string): boolean => /^postgres(ql)?:\/\//.test(databaseUrl);

export const slackMode = (e: Env): "socket" | "http" | undefined =>
  e.SLACK_BOT_TOKEN ? (e.SLACK_APP_TOKEN ? "socket" : "http") : undefined;

export const discordEnabled = (e: Env): boolean => Boolean(e.DISCORD_TOKEN && e.DISCORD_APPLICATION_ID);
