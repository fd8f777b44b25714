// The discord.js client cadre runs: Guilds and DirectMessages intents only (no privileged
// intents: slash commands and buttons arrive as interactions, and messages sent to the bot
// in a DM carry their content without the Message Content intent). Partials.Channel lets DM
// messages arrive from channels discord.js has not cached.
import { createRequire } from "node:module";
import { Client, GatewayIntentBits, Options, Partials, PermissionFlagsBits, REST, type RESTOptions } from "discord.js";
import type { Env } from "../../config/env.js";

/**
 * An agent from the undici copy discord.js's REST sends with. Without one, REST uses the
 * process-wide default dispatcher, which the first undici to load installs: when Slack's
 * client (undici 7) loaded first, every Discord message with a file (.ics, exports) failed
 * with "action is not a function", as that undici cannot send this one's multipart bodies.
 */
function restAgent(): RESTOptions["agent"] {
  const rest = createRequire(createRequire(import.meta.url).resolve("discord.js")).resolve("@discordjs/rest");
  const { Agent } = createRequire(rest)("undici") as { Agent: new () => NonNullable<RESTOptions["agent"]> };
  return new Agent();
}

/** Rate limits longer than this are given back to the caller (the scheduler retries later) instead of waited out. */
export const WAIT_OUT_RATE_LIMIT_MS = 10_000;

export function restOptions(env: Env): Partial<RESTOptions> {
  return {
    // DISCORD_API_URL is the REST base; the gateway URL is whatever GET /gateway/bot there answers.
    ...(env.DISCORD_API_URL ? { api: env.DISCORD_API_URL.replace(/\/+$/, "") } : {}),
    rejectOnRateLimit: (info) => info.retryAfter > WAIT_OUT_RATE_LIMIT_MS,
    agent: restAgent(),
    // discord.js keeps a queue per route, and every interaction's token is a route of its own
    // (10,000 interactions: 10,000 queues, ~10 MB); it drops idle ones only hourly by default.
    handlerSweepInterval: 60_000,
    hashSweepInterval: 600_000,
    hashLifetime: 3_600_000,
  };
}

export function discordRest(env: Env): REST {
  return new REST(restOptions(env)).setToken(env.DISCORD_TOKEN ?? "");
}

/**
 * People cached by discord.js: each interaction brings its user and member, and discord.js
 * would keep every one for good (a district's 10,000 people, ~10 MB). cadre reads who acted
 * from the interaction itself and never looks people up in these caches, so a few hundred
 * recent ones (and the bot itself) are kept; DM messages likewise.
 */
export const CACHED_PEOPLE = 500;

function makeCache() {
  return Options.cacheWithLimits({
    ...Options.DefaultMakeCacheSettings,
    MessageManager: 20,
    UserManager: { maxSize: CACHED_PEOPLE, keepOverLimit: (u) => u.id === u.client.user?.id },
    GuildMemberManager: { maxSize: CACHED_PEOPLE, keepOverLimit: (m) => m.id === m.client.user?.id },
  });
}

/** The gateway intents cadre asks for; each is justified in SECURITY.md (a test checks). */
export const DISCORD_INTENTS = { Guilds: GatewayIntentBits.Guilds, DirectMessages: GatewayIntentBits.DirectMessages };

/** The bot permissions the invite URL asks for (README "Run on Discord"); each is justified in SECURITY.md. */
export const DISCORD_PERMISSIONS = {
  SendMessages: PermissionFlagsBits.SendMessages,
  EmbedLinks: PermissionFlagsBits.EmbedLinks,
  AttachFiles: PermissionFlagsBits.AttachFiles,
  ReadMessageHistory: PermissionFlagsBits.ReadMessageHistory,
};

export function createDiscordClient(env: Env): Client {
  return new Client({
    intents: Object.values(DISCORD_INTENTS),
    partials: [Partials.Channel],
    makeCache: makeCache(),
    rest: restOptions(env),
    allowedMentions: { parse: [] },
  });
}
