// Configuration: bad or contradictory values stop start-up with one line naming the variable.
import { describe, expect, it } from "vitest";
import { loadEnv, ConfigError } from "../../src/config/env.js";

const key = Buffer.alloc(32, 7).toString("base64");

function errorOf(env: Record<string, string>): string {
  try {
    loadEnv(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error("expected a configuration error");
}

describe("environment", () => {
  it("defaults to SQLite in ./data and the system zone", () => {
    const env = loadEnv({});
    expect(env.DATABASE_URL).toBe("file:./data/cadre.db");
    expect(env.CADRE_TIMEZONE).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect(env.LOG_LEVEL).toBe("info");
  });

  it.each([
    [{ DATABASE_URL: "mysql://x" }, /^DATABASE_URL=mysql:\/\/x: expected file:/],
    [{ CADRE_ENCRYPTION_KEY: "c2hvcnQ=" }, /^CADRE_ENCRYPTION_KEY=<hidden>: expected 32 bytes/],
    [
      { SLACK_BOT_TOKEN: "xoxb-1" },
      /^SLACK_BOT_TOKEN=<hidden>: is set but neither SLACK_APP_TOKEN .* nor SLACK_SIGNING_SECRET/,
    ],
    [{ SLACK_APP_TOKEN: "xapp-1" }, /^SLACK_APP_TOKEN=<hidden>: is set but SLACK_BOT_TOKEN/],
    [
      { SLACK_BOT_TOKEN: "abc", SLACK_APP_TOKEN: "xapp-1" },
      /^SLACK_BOT_TOKEN=<hidden>: expected a bot token starting with xoxb-/,
    ],
    [{ DISCORD_TOKEN: "t" }, /^DISCORD_APPLICATION_ID: is required with DISCORD_TOKEN/],
    [{ CADRE_TIMEZONE: "Mars/Base" }, /^CADRE_TIMEZONE=Mars\/Base: expected an IANA time zone/],
    [{ DATABASE_URL: "postgresql://u@h/db" }, /^CADRE_ENCRYPTION_KEY: is required with PostgreSQL/],
    [{ PORT: "http" }, /^PORT=http: expected a port number/],
    [{ SLACK_API_URL: "ftp://x" }, /^SLACK_API_URL=ftp:\/\/x: expected an http\(s\) URL/],
  ])("rejects %j with one line naming the variable", (env, message) => {
    const m = errorOf(env);
    expect(m).toMatch(message);
    expect(m).not.toContain("\n");
  });

  it("never echoes a secret", () => {
    expect(errorOf({ CADRE_ENCRYPTION_KEY: "super-secret-value" })).not.toContain("super-secret-value");
  });

  it("accepts complete Slack, Discord and PostgreSQL settings", () => {
    const env = loadEnv({
      DATABASE_URL: "postgresql://cadre:pw@db:5432/cadre",
      CADRE_ENCRYPTION_KEY: key,
      SLACK_BOT_TOKEN: "xoxb-1",
      SLACK_SIGNING_SECRET: "s",
      DISCORD_TOKEN: "t",
      DISCORD_APPLICATION_ID: "123456789",
      PORT: "8080",
      CADRE_TIMEZONE: "America/Chicago",
    });
    expect(env.PORT).toBe(8080);
  });
});
