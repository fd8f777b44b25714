// A cadre on a fresh SQLite app talking to the fake Slack over Socket Mode through the real
// Bolt app: what every Slack adapter test starts from.
import { SlackAdapter } from "../../src/platforms/slack/app.js";
import { ensureWorkspace, setRoles } from "../../src/services/workspaces.js";
import { FakeSlack, eventually } from "../fakes/slack/server.js";
import { makeApp, type TestApp } from "./app.js";

export interface SlackRig {
  app: TestApp;
  slack: FakeSlack;
  adapter: SlackAdapter;
  stop(): Promise<void>;
}

/** Connected and ready; `leaders` get the leader role in workspace T1. */
export async function startSlackRig(opts: { now?: string; leaders?: string[] } = {}): Promise<SlackRig> {
  const slack = new FakeSlack();
  await slack.start();
  const app = await makeApp("sqlite", { now: opts.now ?? "2026-11-02T15:00:00Z" });
  const adapter = new SlackAdapter(app, { botToken: "xoxb-test", appToken: "xapp-test", apiUrl: slack.apiUrl });
  await adapter.start();
  await eventually(() => slack.connected);
  if (opts.leaders?.length) {
    const ws = await ensureWorkspace(app.deps.db, "slack", "T1", "America/New_York");
    for (const u of opts.leaders) await setRoles(app.deps.db, ws.id, u, ["leader"]);
  }
  return {
    app,
    slack,
    adapter,
    async stop() {
      await adapter.stop();
      await app.stop();
      await slack.stop();
    },
  };
}
