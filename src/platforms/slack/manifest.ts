// The Slack app manifest, generated from the command files so it always lists exactly the
// commands cadre defines: create the app from it, install, copy two tokens.
import type { CommandDef } from "../../core/command.js";

export function slackManifest(commands: readonly CommandDef[]): Record<string, unknown> {
  return {
    display_information: {
      name: "cadre",
      description: "Sessions, confidential mentor logs, ILT agendas and reminders for teacher-leader networks.",
      background_color: "#2c3e50",
    },
    features: {
      app_home: { home_tab_enabled: true, messages_tab_enabled: true, messages_tab_read_only_enabled: false },
      bot_user: { display_name: "cadre", always_online: true },
      slash_commands: commands.map((c) => ({
        command: `/${c.name}`,
        description: c.description.slice(0, 100),
        usage_hint: `${Object.keys(c.subcommands).slice(0, 6).join(" | ")} | help`.slice(0, 100),
        should_escape: true,
      })),
    },
    // Each scope is justified in SECURITY.md (a test fails on a scope without an entry there).
    oauth_config: {
      scopes: {
        bot: [
          "commands",
          "chat:write",
          "chat:write.public",
          "im:write",
          "im:history",
          "users:read",
          "files:write",
          "channels:read",
          "groups:read",
        ],
      },
    },
    settings: {
      event_subscriptions: { bot_events: ["app_home_opened", "message.im"] },
      interactivity: { is_enabled: true },
      org_deploy_enabled: false,
      socket_mode_enabled: true,
      token_rotation_enabled: false,
    },
  };
}
