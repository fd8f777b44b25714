// Starts each platform whose credentials are configured, and the scheduler that delivers
// through them. The console is started by main.ts when no platform is configured.
import type { App } from "../app.js";
import { discordEnabled, slackMode } from "../config/env.js";
import { startScheduler } from "../scheduler/start.js";

export async function startPlatforms(app: App): Promise<void> {
  if (app.env.CADRE_HTTP_PORT !== undefined) {
    const { startOpsServer } = await import("./ops/server.js");
    await startOpsServer(app, app.env.CADRE_HTTP_PORT);
  }
  if (slackMode(app.env)) {
    const { startSlack } = await import("./slack/start.js");
    await startSlack(app);
  }
  if (discordEnabled(app.env)) {
    const { startDiscord } = await import("./discord/start.js");
    await startDiscord(app);
  }
  // Deliveries go through the transports, so the scheduler starts after them (the console
  // starts its own once its transport exists).
  if (app.transports.size) await startScheduler(app);
}
