// `npm run discord:register`: registers cadre's slash commands on Discord now, to
// DISCORD_GUILD_ID when set (appears instantly) or globally (can take up to an hour).
// `npm run discord:register -- --print` prints the payload instead of sending it.
import { commands } from "../../../commands/index.js";
import { ConfigError, loadEnv } from "../../config/env.js";
import { discordRest } from "./client.js";
import { commandPayload } from "./registration.js";
import { registerCommands } from "./register.js";

async function main(): Promise<number> {
  let env;
  try {
    env = loadEnv();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`discord:register: configuration error: ${e.message}\n`);
      return 78;
    }
    throw e;
  }
  if (process.argv.includes("--print")) {
    process.stdout.write(JSON.stringify(commandPayload(commands, { global: !env.DISCORD_GUILD_ID }), null, 2) + "\n");
    return 0;
  }
  if (!env.DISCORD_TOKEN || !env.DISCORD_APPLICATION_ID) {
    process.stderr.write(
      "discord:register: set DISCORD_TOKEN and DISCORD_APPLICATION_ID (and DISCORD_GUILD_ID to register to one server)\n",
    );
    return 78;
  }
  const r = await registerCommands(discordRest(env), env, commands, { force: true });
  const subs = r.payload.reduce((n, c) => n + c.options.length, 0);
  const where =
    r.scope === "guild"
      ? `to server ${env.DISCORD_GUILD_ID}; they appear at once`
      : "globally; Discord can take up to an hour to show them everywhere";
  process.stdout.write(`Registered ${r.payload.length} commands (${subs} subcommands) ${where}.\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`discord:register: ${(e as Error)?.message ?? String(e)}\n`);
    process.exit(1);
  },
);
