// May this person post in that Discord channel? Their permissions there as Discord computes
// them (discord.js: @everyone, their roles, the channel's overwrites, Administrator): View
// Channel and Send Messages (Send Messages in Threads for a thread). Without the privileged
// members intent discord.js hears of nobody's role changes, so the member is fetched afresh
// and the answer kept only a few minutes.
import { DiscordAPIError, PermissionFlagsBits, type Client } from "discord.js";
import { boundedCache } from "../../core/bounded-cache.js";
import type { Logger } from "../../core/log.js";

/** How long an answer is trusted: a role just given or taken away counts after at most this. */
export const PERMISSION_TTL_MS = 5 * 60_000;
/** Discord: Unknown Member (not in the server). */
const UNKNOWN_MEMBER = 10007;

export class PostPermissions {
  private readonly cache = boundedCache<string, boolean>(10_000, { ttl: PERMISSION_TTL_MS });

  constructor(
    private readonly client: Client,
    private readonly log?: Logger,
  ) {}

  /** True or false when Discord said; "unknown" when cadre cannot see the channel or Discord did not answer. */
  async can(guildId: string, userId: string, channelId: string): Promise<boolean | "unknown"> {
    const key = `${guildId}:${userId}:${channelId}`;
    const kept = this.cache.get(key);
    if (kept !== undefined) return kept;
    try {
      const ch = await this.client.channels.fetch(channelId);
      if (!ch || ch.isDMBased()) return "unknown";
      // A channel of another server is never a place to post for someone acting in this one.
      if (ch.guildId !== guildId) return this.keep(key, false);
      const member = await ch.guild.members.fetch({ user: userId, force: true }).catch((e: unknown) => {
        if (e instanceof DiscordAPIError && e.code === UNKNOWN_MEMBER) return undefined;
        throw e;
      });
      if (!member) return this.keep(key, false);
      const send = ch.isThread() ? PermissionFlagsBits.SendMessagesInThreads : PermissionFlagsBits.SendMessages;
      return this.keep(key, ch.permissionsFor(member).has([PermissionFlagsBits.ViewChannel, send]));
    } catch (e) {
      this.log?.info(
        { channelId, code: (e as { code?: unknown }).code, err: (e as Error).message?.slice(0, 200) },
        "discord channel permissions unavailable",
      );
      return "unknown";
    }
  }

  private keep(key: string, v: boolean): boolean {
    this.cache.set(key, v);
    return v;
  }
}
