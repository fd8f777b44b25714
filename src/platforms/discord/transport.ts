// The Discord Transport: posts, DMs and edits over the REST API. Used by the scheduler for
// deliveries and by the interaction handler for everything that is not the interaction's own
// answer. Discord has no ephemeral messages outside an interaction, so a private message with
// no interaction to answer goes to the person's DM.
import { boundedCache } from "../../core/bounded-cache.js";
import { DiscordAPIError, RateLimitError, Routes, type Client, type REST } from "discord.js";
import type { Source, WorkspaceInfo } from "../../core/context.js";
import type { DmChannelStore, MessageLocation, ProgressLog, Transport } from "../../core/deliver.js";
import { ChannelRefusedError, RateLimitedError, type RefusalReason } from "../../core/errors.js";
import type { Logger } from "../../core/log.js";
import type { Reply } from "../../core/reply.js";
import type { Tx } from "../../services/database.js";
import { displayNames } from "../../services/workspaces.js";
import { messageBody, renderMessages, renderSingle, type DiscordMessage, type PlainNames } from "./render.js";
import { discordRefusalFix } from "./refusal.js";
import { mentionedUsers } from "../../core/rich.js";
import { PostPermissions } from "./post-permissions.js";

/** Discord error codes for a message or channel that no longer exists. */
const GONE = new Set([10003, 10008]);

/** Discord error codes that mean a channel will not take cadre's post as things stand. */
const REFUSALS: Record<number, RefusalReason> = { 50001: "not-in-channel", 50013: "no-permission", 10003: "not-found" };

/** Turns a long rate limit into the kernel's RateLimitedError so the scheduler retries later. */
export async function mapRateLimit<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof RateLimitError) throw new RateLimitedError(e.retryAfter, `${e.method} ${e.route}`);
    throw e;
  }
}

export class DiscordTransport implements Transport {
  readonly platform = "discord" as const;
  /** Message edits count against the channel (5 per 5 s). */
  readonly editBudget = "channel" as const;
  readonly refusalFix = discordRefusalFix;
  /** DM channel ids by person, bounded: one forgotten is opened again (idempotent on both platforms). */
  private dmChannels = boundedCache<string, string>(20_000);
  private readonly permissions?: PostPermissions;

  constructor(
    private readonly rest: REST,
    private readonly db: Tx,
    private readonly log: Logger,
    private readonly client?: Client,
    /** DM channels opened before (by any instance), so a restart opens none again. */
    private readonly store?: DmChannelStore,
  ) {
    if (client) this.permissions = new PostPermissions(client, log);
  }

  /** How mentions and times read in titles, footers and labels, where Discord shows plain text. */
  async names(ws: WorkspaceInfo, r: Reply): Promise<PlainNames> {
    const plain = [
      r.header,
      r.context,
      ...(r.fields ?? []).map((f) => f.label),
      ...(r.buttons ?? []).map((b) => b.label),
    ].join(" ");
    const ids = mentionedUsers(plain);
    const users = ids.length ? await displayNames(this.db, ws.id, ids) : new Map<string, string>();
    return {
      zone: ws.timeZone,
      user: (id) => users.get(id),
      channel: (id) => {
        const ch = this.client?.channels.cache.get(id);
        return ch && "name" in ch && typeof ch.name === "string" ? ch.name : undefined;
      },
    };
  }

  async render(ws: WorkspaceInfo, r: Reply): Promise<DiscordMessage[]> {
    return renderMessages(r, await this.names(ws, r));
  }

  async renderOne(ws: WorkspaceInfo, r: Reply): Promise<DiscordMessage> {
    return renderSingle(r, await this.names(ws, r));
  }

  async post(ws: WorkspaceInfo, channelId: string, reply: Reply, progress?: ProgressLog): Promise<MessageLocation> {
    // A split reply is several messages: a retry after a rate limit posts only the ones missing.
    let first = progress?.done.posted?.messageId;
    const messages = await this.render(ws, reply);
    for (let i = progress?.done.steps ?? 0; i < messages.length; i++) {
      const m = messages[i]!;
      const sent = (await mapRateLimit(() =>
        this.rest.post(Routes.channelMessages(channelId), { body: messageBody(m), files: m.files }),
      ).catch((e) => {
        throw e instanceof DiscordAPIError && typeof e.code === "number" && Object.hasOwn(REFUSALS, e.code)
          ? new ChannelRefusedError(channelId, REFUSALS[e.code]!, e)
          : e;
      })) as { id: string };
      first ??= sent.id;
      await progress?.record({ posted: { channelId, messageId: first }, steps: i + 1 });
    }
    return { channelId, messageId: first! };
  }

  async dm(ws: WorkspaceInfo, userId: string, reply: Reply, progress?: ProgressLog): Promise<MessageLocation> {
    return this.post(ws, progress?.done.posted?.channelId ?? (await this.dmChannel(userId, ws)), reply, progress);
  }

  async ephemeral(ws: WorkspaceInfo, source: Source, reply: Reply): Promise<void> {
    await this.dm(ws, source.userId, reply);
  }

  async update(ws: WorkspaceInfo, at: MessageLocation, reply: Reply): Promise<void> {
    const m = await this.renderOne(ws, reply);
    try {
      await mapRateLimit(() =>
        this.rest.patch(Routes.channelMessage(at.channelId, at.messageId), { body: messageBody(m), files: m.files }),
      );
    } catch (e) {
      // Someone deleted the message: there is nothing left to edit, and retrying cannot help.
      if (e instanceof DiscordAPIError && typeof e.code === "number" && GONE.has(e.code)) {
        this.log.warn(
          { channelId: at.channelId, messageId: at.messageId, code: e.code },
          "discord message to edit is gone",
        );
        return;
      }
      throw e;
    }
  }

  /** The DM channel with a user, opened once and remembered. */
  async dmChannel(userId: string, ws?: WorkspaceInfo): Promise<string> {
    // The database being unreachable costs a POST /users/@me/channels, not the message.
    const known =
      this.dmChannels.get(userId) ?? (ws ? await this.store?.find(ws.id, userId).catch(() => undefined) : undefined);
    if (known) {
      this.dmChannels.set(userId, known);
      return known;
    }
    const ch = (await mapRateLimit(() =>
      this.rest.post(Routes.userChannels(), { body: { recipient_id: userId } }),
    )) as { id: string };
    this.dmChannels.set(userId, ch.id);
    if (ws)
      await this.store?.save(ws.id, userId, ch.id).catch((e) => {
        this.log.warn({ err: (e as Error).message }, "could not remember a Discord DM channel");
      });
    return ch.id;
  }

  /** The person's View Channel and Send Messages there; a DM "workspace" or no gateway client cannot say. */
  async canPost(ws: WorkspaceInfo, userId: string, channelId: string): Promise<boolean | "unknown"> {
    if (!this.permissions || ws.externalId.startsWith("dm:")) return "unknown";
    return this.permissions.can(ws.externalId, userId, channelId);
  }
}
