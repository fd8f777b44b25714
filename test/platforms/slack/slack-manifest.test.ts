// The Slack manifest lists exactly the commands defined in commands/, and the committed file
// is what `npm run slack:manifest` generates.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { commands } from "../../../commands/index.js";
import { slackManifest } from "../../../src/platforms/slack/manifest.js";

describe("slack-manifest.json", () => {
  const committed = JSON.parse(
    readFileSync(join(import.meta.dirname, "..", "..", "..", "slack-manifest.json"), "utf8"),
  );

  it("lists exactly the command trees in commands/", () => {
    const listed = committed.features.slash_commands.map((c: { command: string }) => c.command).sort();
    expect(listed).toEqual(commands.map((c) => `/${c.name}`).sort());
  });

  it("is up to date with the generator (npm run slack:manifest)", () => {
    expect(committed).toEqual(slackManifest(commands));
  });

  it("declares Socket Mode, interactivity, the DM and App Home events and the scopes cadre uses", () => {
    expect(committed.settings.socket_mode_enabled).toBe(true);
    expect(committed.settings.interactivity.is_enabled).toBe(true);
    expect(committed.settings.event_subscriptions.bot_events).toEqual(
      expect.arrayContaining(["message.im", "app_home_opened"]),
    );
    expect(committed.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining(["commands", "chat:write", "im:write", "files:write", "channels:read"]),
    );
  });
});
