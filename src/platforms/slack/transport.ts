// The Slack Transport: Web API calls for posts, DMs, ephemeral messages, edits and files.
// A 429 becomes RateLimitedError with Slack's Retry-After and the route it applies to, so the
// scheduler waits as told on that route only (rate-limits.ts also holds back calls over the
// documented rate). DM channels are remembered in the database: conversations.open (about 50
// a minute) is paid once per person. A post's message and each of its files are steps
// recorded on the delivery, so a retry after a refused upload never posts the text again.
import { boundedCache } from "../../core/bounded-cache.js";
import type { App as BoltApp } from "@slack/bolt";

type WebClient = BoltApp["client"];
import type { Source, WorkspaceInfo } from "../../core/context.js";
import { systemClock, type Clock } from "../../core/clock.js";
import type { DmChannelStore, MessageLocation, ProgressLog, Transport } from "../../core/deliver.js";
import { ChannelRefusedError, RateLimitedError, type RefusalReason } from "../../core/errors.js";
import type { Logger } from "../../core/log.js";
import { attachmentBytes, type Reply } from "../../core/reply.js";
import { toBlocks } from "./blocks.js";
import { slackRefusalFix } from "./refusal.js";
import { ChannelMembers } from "./channel-members.js";
import { SlackRouteLimits } from "./rate-limits.js";

export interface SlackTransportOptions {
  /** The clock rate windows and pauses run on (the app's). */
  clock?: Clock;
  /** Hold calls back to Slack's documented rates (default on when a clock is given). */
  pace?: boolean;
  /** Where DM channels are remembered across restarts and instances (default: this process only). */
  dmChannels?: DmChannelStore;
}

/** The wait Slack asked for when `e` is its 429 (the Web API client's rate-limited error). */
function retryAfterMs(e: unknown): number | undefined {
  const err = e as { code?: string; retryAfter?: number };
  return err.code === "slack_webapi_rate_limited_error" ? (err.retryAfter ?? 1) * 1000 : undefined;
}

/** Slack's answers to chat.postMessage that mean the channel will not take it as things stand. */
const REFUSALS: Record<string, RefusalReason> = {
  not_in_channel: "not-in-channel",
  channel_not_found: "not-found",
  is_archived: "archived",
  restricted_action: "no-permission",
  restricted_action_read_only_channel: "no-permission",
  restricted_action_thread_only_channel: "no-permission",
  ekm_access_denied: "no-permission",
};

/** Slack's answers to chat.update for a message that is gone or can no longer be edited. */
const GONE = new Set(["message_not_found", "channel_not_found", "cant_update_message", "is_archived"]);

/** The `error` of a Slack Web API platform error ({ ok: false, error }), if that is what `e` is. */
function platformError(e: unknown): string | undefined {
  const o = e as { code?: string; data?: { error?: unknown } };
  return o?.code === "slack_webapi_platform_error" && typeof o.data?.error === "string" ? o.data.error : undefined;
}

export class SlackTransport implements Transport {
  readonly platform = "slack" as const;
  /** chat.update is Tier 3, counted per workspace. */
  readonly editBudget = "workspace" as const;
  readonly refusalFix = slackRefusalFix;
  /** DM channels seen by this process, in front of the database store. */
  /** DM channel ids by person, bounded: one forgotten is opened again (idempotent on both platforms). */
  private dmChannels = boundedCache<string, string>(20_000);
  private readonly channelMembers: ChannelMembers;
  private readonly limits: SlackRouteLimits;
  private readonly store?: DmChannelStore;

  constructor(
    private readonly client: WebClient,
    private readonly log?: Logger,
    o: SlackTransportOptions = {},
  ) {
    this.channelMembers = new ChannelMembers(client, log);
    this.limits = new SlackRouteLimits(o.clock ?? systemClock, o.pace ?? Boolean(o.clock));
    this.store = o.dmChannels;
  }

  /** One Web API call on its route: held back when over the rate or paused, and a 429 pauses the route. */
  private async routed<T>(method: string, channel: string | undefined, fn: () => Promise<T>): Promise<T> {
    const route = SlackRouteLimits.route(method, channel);
    this.limits.take(route);
    try {
      return await fn();
    } catch (e) {
      const ms = retryAfterMs(e);
      if (ms === undefined) throw e;
      this.limits.pause(route, ms);
      throw new RateLimitedError(ms, route);
    }
  }

  /** The DM channel with a person: this process's, the database's, or opened once (and saved). */
  async dmChannel(ws: WorkspaceInfo, userId: string): Promise<string> {
    const key = `${ws.id}\u0000${userId}`;
    // The database being unreachable costs a conversations.open, not the message.
    const known = this.dmChannels.get(key) ?? (await this.store?.find(ws.id, userId).catch(() => undefined));
    if (known) {
      this.dmChannels.set(key, known);
      return known;
    }
    const r = await this.routed("conversations.open", undefined, () =>
      this.client.conversations.open({ users: userId }),
    );
    const id = r.channel?.id;
    if (!id) throw new Error("conversations.open returned no channel");
    await this.store?.save(ws.id, userId, id).catch((e) => {
      this.log?.warn({ err: (e as Error).message }, "could not remember a slack DM channel");
    });
    this.dmChannels.set(key, id);
    return id;
  }

  async post(_ws: WorkspaceInfo, channelId: string, reply: Reply, progress?: ProgressLog): Promise<MessageLocation> {
    let at = progress?.done.posted;
    if (!at) {
      const r = await this.routed("chat.postMessage", channelId, () =>
        this.client.chat.postMessage({ channel: channelId, ...toBlocks(reply) }),
      ).catch((e) => {
        const why = platformError(e);
        throw why && Object.hasOwn(REFUSALS, why) ? new ChannelRefusedError(channelId, REFUSALS[why]!, e) : e;
      });
      at = { channelId: r.channel ?? channelId, messageId: r.ts! };
      // Only a reply with files has a later step that can fail after the text is out.
      if (reply.files?.length) await progress?.record({ posted: at, steps: 1 });
    }
    await this.files(at.channelId, reply, progress, at);
    return at;
  }

  async dm(ws: WorkspaceInfo, userId: string, reply: Reply, progress?: ProgressLog): Promise<MessageLocation> {
    return this.post(ws, progress?.done.posted?.channelId ?? (await this.dmChannel(ws, userId)), reply, progress);
  }

  async ephemeral(ws: WorkspaceInfo, source: Source, reply: Reply): Promise<void> {
    const { files, ...rest } = reply;
    await this.routed("chat.postEphemeral", undefined, () =>
      this.client.chat.postEphemeral({ channel: source.channelId, user: source.userId, ...toBlocks(rest) }),
    );
    // Slack has no private files in a channel: they go to the person's DM with cadre.
    if (files?.length) await this.files(await this.dmChannel(ws, source.userId), reply);
  }

  async update(_ws: WorkspaceInfo, at: MessageLocation, reply: Reply): Promise<void> {
    try {
      // Not paced per route: the card editor keeps chat.update's budget and waits out its 429s.
      await this.client.chat.update({ channel: at.channelId, ts: at.messageId, ...toBlocks(reply) });
    } catch (e) {
      const ms = retryAfterMs(e);
      if (ms !== undefined) throw new RateLimitedError(ms, "chat.update");
      // Someone deleted the message (or its channel): nothing is left to edit, and the rest of
      // the answer (an RSVP's confirmation) must still go. Retrying cannot help.
      const why = platformError(e);
      if (why && GONE.has(why)) {
        this.log?.warn({ channelId: at.channelId, ts: at.messageId, error: why }, "slack message to edit is gone");
        return;
      }
      throw e;
    }
  }

  /** Uploads the reply's files not uploaded yet (step 1 is the message, step 2 the first file). */
  async files(channelId: string, reply: Reply, progress?: ProgressLog, posted?: MessageLocation): Promise<void> {
    const files = reply.files ?? [];
    for (let i = Math.max(0, (progress?.done.steps ?? 0) - 1); i < files.length; i++) {
      const f = files[i]!;
      await this.routed("files.upload", undefined, () =>
        this.client.filesUploadV2({
          channel_id: channelId,
          filename: f.filename,
          title: f.filename,
          ...(f.encoding === "base64" ? { file: attachmentBytes(f) } : { content: f.content }),
        }),
      );
      // After the last file the delivery is done and is marked sent at once.
      if (i < files.length - 1) await progress?.record({ posted, steps: i + 2 });
    }
  }

  /** On Slack anyone in a channel may post in it (cadre does not model posting-restricted channels). */
  canPost(_ws: WorkspaceInfo, userId: string, channelId: string): Promise<boolean | "unknown"> {
    return this.channelMembers.has(channelId, userId);
  }
}
