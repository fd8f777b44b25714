// What a handler receives: who is acting, where, and the dependencies of the services.
// The kernel names no database, service or platform: src/services/deps.ts adds the database
// client to Deps and the settings to WorkspaceInfo (declaration merging), and each adapter
// gives its platform's name.
import type { Clock } from "./clock.js";
import type { Reply } from "./reply.js";
import type { Logger } from "./log.js";
import type { Role } from "./roles.js";
import type { Keyring } from "./keyring.js";

/** A platform's name as its adapter gives it ("slack", "discord", "console"). */
export type Platform = string;

/** Where an invocation came from, as the adapter saw it. */
export interface Source {
  platform: Platform;
  /**
   * The platform's id of the workspace — Slack team id, Discord guild id (or "dm:<user>" for a
   * DM outside a guild), "console" — not the Workspace row id that services call workspaceId.
   */
  externalWorkspaceId: string;
  channelId: string;
  isDM: boolean;
  userId: string;
  displayName: string;
  /** The platform says this person administers the workspace (Slack admin, Discord Manage Server). */
  isPlatformAdmin?: boolean;
  /** For button presses: the message the button was on. */
  origin?: { channelId: string; messageId: string };
}

/** Services share these; created once per process. (`db` is added by src/services/deps.ts.) */
export interface Deps {
  clock: Clock;
  log: Logger;
  keys: Keyring;
  /** Zone for new workspaces. */
  defaultTimeZone: string;
}

export interface WorkspaceInfo {
  id: string;
  platform: Platform;
  externalId: string;
  timeZone: string;
}

export interface MemberInfo {
  id: string;
  userId: string;
  displayName: string;
  roles: Role[];
}

export interface CommandContext extends Deps {
  source: Source;
  workspace: WorkspaceInfo;
  member: MemberInfo;
  /** "/session announce" — for messages that point back at the command. */
  invoked: string;
  /** The overview of every command (for /cadre help), or the page for a command or subcommand; undefined when none is named so. */
  help(topic?: string): Reply | undefined;
  /**
   * True when the member holds `min` (or the platform's missing-role rule grants it, as the
   * console does for its first admin): for a subcommand anyone may run but only some may use
   * fully (anyone reads /cadre settings; admins change them).
   */
  holdsRole(min: Role): Promise<boolean>;
  /**
   * Whether the acting person could post in a channel themselves, as their platform says;
   * "unknown" when it cannot say. Commands that post where the person names go through
   * requirePostable (src/core/post-check.ts).
   */
  canPost(channelId: string): Promise<boolean | "unknown">;
}
