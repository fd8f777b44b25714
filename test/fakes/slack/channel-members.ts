// Slack's conversations.members for the fake, as documented (api.slack.com/methods/conversations.members):
// `channel` required; `limit` up to 1000 (default 100); an opaque `cursor` from the previous
// page's response_metadata.next_cursor, "" on the last page; a private channel the bot is not
// in answers channel_not_found. Tier 4, counted by the fake's rate tiers.
// A channel no test set up is a public channel everyone is in: the seeded directory and every
// person the fake has seen act.

interface FakeChannel {
  members: string[];
  isPrivate: boolean;
  botIn: boolean;
}

const MAX_LIMIT = 1000;
const DEFAULT_LIMIT = 100;

export class FakeChannelMembers {
  private readonly channels = new Map<string, FakeChannel>();
  private readonly seen = new Set<string>();
  /** conversations.members calls answered, by channel (cache tests count them). */
  readonly reads = new Map<string, number>();

  constructor(private readonly directory: () => Iterable<string>) {}

  /** Sets who is in a channel; private channels answer channel_not_found unless the bot is in them. */
  set(channelId: string, members: string[], opts: { isPrivate?: boolean; botIn?: boolean } = {}): void {
    this.channels.set(channelId, { members, isPrivate: opts.isPrivate ?? false, botIn: opts.botIn ?? true });
  }

  /** Someone joins a channel a test set up. */
  join(channelId: string, userId: string): void {
    const ch = this.channels.get(channelId);
    if (!ch) throw new Error(`channel ${channelId} was not set up`);
    if (!ch.members.includes(userId)) ch.members.push(userId);
  }

  /** Notes the person behind a slash command, interaction or event payload. */
  saw(payload: Record<string, any>): void {
    const id = payload.user_id ?? payload.user?.id ?? payload.event?.user;
    if (typeof id === "string") this.seen.add(id);
  }

  answer(a: Record<string, any>): Record<string, any> {
    if (typeof a.channel !== "string" || !a.channel) return { ok: false, error: "invalid_arguments" };
    const limit = a.limit === undefined ? DEFAULT_LIMIT : Number(a.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) return { ok: false, error: "invalid_limit" };
    const ch = this.channels.get(a.channel);
    if (ch?.isPrivate && !ch.botIn) return { ok: false, error: "channel_not_found" };
    const all = ch ? ch.members : [...new Set([...this.directory(), ...this.seen])].sort();
    let from = 0;
    if (a.cursor) {
      const m = /^user:(\d+)$/.exec(Buffer.from(String(a.cursor), "base64").toString("utf8"));
      if (!m || Number(m[1]) > all.length) return { ok: false, error: "invalid_cursor" };
      from = Number(m[1]);
    }
    this.reads.set(a.channel, (this.reads.get(a.channel) ?? 0) + 1);
    const next = from + limit < all.length ? Buffer.from(`user:${from + limit}`).toString("base64") : "";
    return { ok: true, members: all.slice(from, from + limit), response_metadata: { next_cursor: next } };
  }
}
