// Puts the command payload on Discord: to one server (DISCORD_GUILD_ID, instant) or globally.
// The hash of what was last registered is kept in the data folder, so start-up only calls
// Discord when the command files changed (Discord rate-limits command registration).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { Routes, type REST } from "discord.js";
import type { CommandDef } from "../../core/command.js";
import type { Env } from "../../config/env.js";
import { dataFolder } from "../../config/data-folder.js";
import { commandPayload, payloadHash, type CommandPayload } from "./registration.js";

export { dataFolder };

export function hashFile(env: Env): string {
  return join(
    dataFolder(env),
    `discord-commands-${env.DISCORD_APPLICATION_ID}-${env.DISCORD_GUILD_ID ?? "global"}.sha256`,
  );
}

export interface Registered {
  changed: boolean;
  scope: "global" | "guild";
  payload: CommandPayload[];
  hash: string;
}

export async function registerCommands(
  rest: REST,
  env: Env,
  commands: readonly CommandDef[],
  opts: { force?: boolean } = {},
): Promise<Registered> {
  const appId = env.DISCORD_APPLICATION_ID;
  if (!appId) throw new Error("DISCORD_APPLICATION_ID is not set");
  const guild = env.DISCORD_GUILD_ID;
  const payload = commandPayload(commands, { global: !guild });
  const hash = payloadHash(payload);
  const file = hashFile(env);
  const scope = guild ? "guild" : "global";
  if (!opts.force && existsSync(file) && readFileSync(file, "utf8").trim() === hash)
    return { changed: false, scope, payload, hash };
  await rest.put(guild ? Routes.applicationGuildCommands(appId, guild) : Routes.applicationCommands(appId), {
    body: payload,
  });
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, hash + "\n");
  return { changed: true, scope, payload, hash };
}
