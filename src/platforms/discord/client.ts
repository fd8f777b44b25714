// The discord.js client cadre runs: Guilds and DirectMessages intents only (no privileged
// intents: slash commands and buttons arrive as interactions, and messages sent to the bot
// in a DM carry their content without the Message Content intent). Partials.Channel lets DM
// messages arrive from channels discord.js has not cached.
import { Client, GatewayIntentBits, Partials, REST, type RESTOptions } from "discord.js";
import type { Env } from "../../config/env.js";

/** Rate limits longer than this are given back to the caller (the scheduler retries later) instead of waited out. */
export const WAIT_OUT_RATE_LIMIT_MS = 10_000;

function restOptions(env: Env): Partial<RESTOptions> {
  return {
    // DISCORD_API_URL is the REST base; the gateway URL is whatever GET /gateway/bot there answers.
    ...(env.DISCORD_API_URL ? { api: env.DISCORD_API_URL.replace(/\/+$/, "") } : {}),
    rejectOnRateLimit: (info) => info.retryAfter > WAIT_OUT_RATE_LIMIT_MS,
  };
}

export function discordRest(env: Env): REST {
  return new REST(restOptions(env)).setToken(env.DISCORD_TOKEN ?? "");
}

export function createDiscordClient(env: Env): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.DirectMessages],
    partials: [Partials.Channel],
    rest: restOptions(env),
    allowedMentions: { parse: [] },
  });
}
