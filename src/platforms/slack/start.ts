// Starts the Slack adapter from the environment (Socket Mode or HTTP).
import type { App } from "../../app.js";
import { SlackAdapter } from "./app.js";

export async function startSlack(app: App): Promise<SlackAdapter> {
  const e = app.env;
  const adapter = new SlackAdapter(app, {
    botToken: e.SLACK_BOT_TOKEN!,
    appToken: e.SLACK_APP_TOKEN,
    signingSecret: e.SLACK_SIGNING_SECRET,
    apiUrl: e.SLACK_API_URL,
    port: e.PORT,
  });
  await adapter.start();
  app.onStop(() => adapter.stop());
  app.deps.log.info({ mode: e.SLACK_APP_TOKEN ? "socket" : "http" }, "slack connected");
  return adapter;
}
