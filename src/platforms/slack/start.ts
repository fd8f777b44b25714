// Slack adapter entry point (see the Slack issue). Replaced by the real Bolt app.
import type { App } from "../../app.js";

export async function startSlack(_app: App): Promise<void> {
  throw new Error("the Slack adapter is not built yet; unset SLACK_BOT_TOKEN to use the console");
}
