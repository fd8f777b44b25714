// The Slack Transport: Web API calls for posts, DMs, ephemeral messages, edits and files.
// A 429 becomes RateLimitedError with Slack's Retry-After so the scheduler waits as told.
import type { App as BoltApp } from "@slack/bolt";

type WebClient = BoltApp["client"];
import type { Source, WorkspaceInfo } from "../../core/context.js";
import type { MessageLocation, Transport } from "../../core/deliver.js";
import { ChannelRefusedError, RateLimitedError, type RefusalReason } from "../../core/errors.js";
import type { Reply } from "../../core/reply.js";
import { toBlocks } from "./blocks.js";

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

export class SlackTransport implements Transport {
  readonly platform = "slack" as const;
  private dmChannels = new Map<string, string>();

  constructor(private readonly client: WebClient) {}

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
      const why = (e as { code?: string; data?: { error?: string } }).code === "slack_webapi_platform_error" ? (e as { data: { error?: string } }).data.error : undefined;
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
    await call(() => this.client.chat.postEphemeral({ channel: source.channelId, user: source.userId, ...toBlocks(rest) }));
    // Slack has no private files in a channel: they go to the person's DM with cadre.
    if (files?.length) await this.files(await this.dmChannel(source.userId), reply);
  }

  async update(_ws: WorkspaceInfo, at: MessageLocation, reply: Reply): Promise<void> {
    await call(() => this.client.chat.update({ channel: at.channelId, ts: at.messageId, ...toBlocks(reply) }));
  }

  async files(channelId: string, reply: Reply): Promise<void> {
    for (const f of reply.files ?? [])
      await call(() => this.client.filesUploadV2({ channel_id: channelId, filename: f.filename, title: f.filename, content: f.content }));
  }
}
