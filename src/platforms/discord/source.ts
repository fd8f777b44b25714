// Who acted and where, as cadre's kernel sees it. A Discord server is a workspace; a DM has
// no server, so it belongs to the server the person uses cadre in (a mentor's DM drafts
// and the entries they log in a channel must land in the same workspace).
import { PermissionFlagsBits, type Client, type Interaction, type Message, type User } from "discord.js";
import type { Source } from "../../core/context.js";
import type { Tx } from "../../services/database.js";
import { lastSeenWorkspace } from "../../services/workspaces.js";

export interface DmHome {
  db: Tx;
  client: Client;
  /** DISCORD_GUILD_ID, when the bot serves one server. */
  guildId?: string;
}

/**
 * The workspace a DM belongs to: the configured server; else the Discord server where this
 * person was most recently seen by cadre; else the bot's only server; else a workspace of its own.
 */
export async function dmWorkspaceId(home: DmHome, userId: string): Promise<string> {
  if (home.guildId) return home.guildId;
  const seen = await lastSeenWorkspace(home.db, "discord", userId);
  if (seen) return seen;
  const guilds = [...home.client.guilds.cache.keys()];
  return guilds.length === 1 ? guilds[0]! : `dm:${userId}`;
}

const nameOf = (user: User, nick?: string | null) => nick ?? user.globalName ?? user.username;

export async function interactionSource(home: DmHome, i: Interaction): Promise<Source> {
  const guildId = i.guildId;
  const nick = i.member && "nick" in i.member ? (i.member.nick as string | null) : null;
  return {
    platform: "discord",
    externalWorkspaceId: guildId ?? (await dmWorkspaceId(home, i.user.id)),
    channelId: i.channelId ?? "",
    isDM: !guildId,
    userId: i.user.id,
    displayName: nameOf(i.user, nick),
    // Manage Server (0x20) in the member's permissions in this channel makes them a cadre admin.
    isPlatformAdmin: Boolean(guildId && i.memberPermissions?.has(PermissionFlagsBits.ManageGuild)),
    origin: i.isMessageComponent() ? { channelId: i.message.channelId, messageId: i.message.id } : undefined,
  };
}

export async function messageSource(home: DmHome, m: Message): Promise<Source> {
  return {
    platform: "discord",
    externalWorkspaceId: await dmWorkspaceId(home, m.author.id),
    channelId: m.channelId,
    isDM: true,
    userId: m.author.id,
    displayName: nameOf(m.author),
  };
}
