// Who is in a Slack channel, for "may this person have cadre post there?": conversations.members
// (channels:read for public channels, groups:read for private ones cadre is in), paged, and
// kept per channel for a few minutes so a burst of commands costs one read. A channel cadre
// cannot see (private and cadre not in it) or a failed read gives no answer, and is not kept.
import type { App as BoltApp } from "@slack/bolt";
import { LRUCache } from "lru-cache";
import type { Logger } from "../../core/log.js";

type WebClient = BoltApp["client"];

/** How long a channel's member list is trusted: someone who just joined waits at most this long. */
export const MEMBERS_TTL_MS = 5 * 60_000;
/** Slack's maximum page; a channel of 20,000 people is 20 Tier 4 calls. */
const PAGE = 1000;
/** Channels kept, and member ids kept across them (about 20 MB at most). */
const MAX_CHANNELS = 500;
const MAX_IDS = 500_000;

export class ChannelMembers {
  private readonly cache = new LRUCache<string, ReadonlySet<string>>({
    max: MAX_CHANNELS,
    maxSize: MAX_IDS,
    sizeCalculation: (s) => s.size + 1,
    ttl: MEMBERS_TTL_MS,
  });
  /** One read per channel at a time: concurrent questions share it. */
  private readonly reading = new Map<string, Promise<ReadonlySet<string> | undefined>>();

  constructor(
    private readonly client: WebClient,
    private readonly log?: Logger,
  ) {}

  /** True or false when Slack said; "unknown" when cadre cannot see the channel or Slack did not answer. */
  async has(channelId: string, userId: string): Promise<boolean | "unknown"> {
    const members = await this.members(channelId);
    return members ? members.has(userId) : "unknown";
  }

  private members(channelId: string): Promise<ReadonlySet<string> | undefined> {
    const kept = this.cache.get(channelId);
    if (kept) return Promise.resolve(kept);
    let p = this.reading.get(channelId);
    if (!p) {
      p = this.read(channelId).finally(() => this.reading.delete(channelId));
      this.reading.set(channelId, p);
    }
    return p;
  }

  private async read(channelId: string): Promise<ReadonlySet<string> | undefined> {
    const ids = new Set<string>();
    let cursor: string | undefined;
    try {
      do {
        const r = await this.client.conversations.members({ channel: channelId, limit: PAGE, cursor });
        for (const id of r.members ?? []) ids.add(id);
        cursor = r.response_metadata?.next_cursor || undefined;
      } while (cursor);
    } catch (e) {
      const o = e as { code?: string; data?: { error?: string } };
      // channel_not_found: a private channel cadre is not in (or a wrong id) — expected, not a fault.
      const level = o.data?.error === "channel_not_found" ? "info" : "warn";
      this.log?.[level]({ channelId, error: o.data?.error ?? o.code }, "slack channel members unavailable");
      return undefined;
    }
    this.cache.set(channelId, ids);
    return ids;
  }
}
