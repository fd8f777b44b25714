// Discord adapter entry point (see the Discord issue). Replaced by the real discord.js client.
import type { App } from "../../app.js";

export async function startDiscord(_app: App): Promise<void> {
  throw new Error("the Discord adapter is not built yet; unset DISCORD_TOKEN to use the console");
}
