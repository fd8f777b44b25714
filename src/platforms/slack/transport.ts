// The Slack Transport: Web API calls for posts, DMs, ephemeral messages, edits and files.
// A 429 becomes RateLimitedError with Slack's Retry-After so the scheduler waits as told.
import type { App as BoltApp } from "@slack/bolt";

type WebClient = BoltApp["client"];
import type { Source, WorkspaceInfo } from "../../core/context.js";
import type { MessageLocation, Transport } from "../../core/deliver.js";
import { ChannelRefusedError, RateLimitedError, type RefusalReason } from "../../core/errors.js";
import type { Logger } from "../../core/log.js";
import type { Reply } from "../../core/reply.js";
import { toBlocks } from "./blocks.js";
import { slackRefusalFix } from "./refusal.js";

async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    const err = e as { code?: string; retryAfter?: number };
    if (err.code === "slack_webapi_rate_limited_error") throw new RateLimitedError((err.retryAfter ?? 1) * 1000);
    throw e;
  }
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
  private dmChannels = new Map<string, string>();

  constructor(
    private readonly client: WebClient,
    private readonly log?: Logger,
  ) {}

  async dmChannel(userId: string): Promise<string> {
    const known = this.dmChannels.get(userId);
    if (known) return known;
    const r = await call(() => this.client.conversations.open({ users: userId }));
    const id = r.channel?.id;
    if (!id) throw new Error("conversations.open returned no channel");
    this.dmChannels.set(userId, id);
    return id;
  }

  async post(_ws: WorkspaceInfo, channelId: string, reply: Reply): Promise<MessageLocation> {
    const r = await call(() => this.client.chat.postMessage({ channel: channelId, ...toBlocks(reply) })).catch((e) => {
      const why = platformError(e);
      throw why && Object.hasOwn(REFUSALS, why) ? new ChannelRefusedError(channelId, REFUSALS[why]!, e) : e;
    });
    await this.files(r.channel ?? channelId, reply);
    return { channelId: r.channel ?? channelId, messageId: r.ts! };
  }

  async dm(ws: WorkspaceInfo, userId: string, reply: Reply): Promise<MessageLocation> {
    return this.post(ws, await this.dmChannel(userId), reply);
  }

  async ephemeral(ws: WorkspaceInfo, source: Source, reply: Reply): Promise<void> {
    const { files, ...rest } = reply;
    await call(() =>
      this.client.chat.postEphemeral({ channel: source.channelId, user: source.userId, ...toBlocks(rest) }),
    );
    // Slack has no private files in a channel: they go to the person's DM with cadre.
    if (files?.length) await this.files(await this.dmChannel(source.userId), reply);
  }

  async update(_ws: WorkspaceInfo, at: MessageLocation, reply: Reply): Promise<void> {
    try {
      await call(() => this.client.chat.update({ channel: at.channelId, ts: at.messageId, ...toBlocks(reply) }));
    } catch (e) {
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

  async files(channelId: string, reply: Reply): Promise<void> {
    for (const f of reply.files ?? [])
      await call(() =>
        this.client.filesUploadV2({
          channel_id: channelId,
          filename: f.filename,
          title: f.filename,
          content: f.content,
        }),
      );
  }
}
