// Answers one interaction within Discord's 3 seconds. The answer goes as the interaction's
// own reply when it is ready in time (one call, as fast as a bare bot); an interaction still
// unanswered DEFER_AFTER_MS after Discord created it is deferred (commands with an ephemeral
// "thinking", buttons silently) and its answer then replaces the placeholder or edits the
// pressed message. Two kinds are acknowledged before they run: an interaction already that
// old when it arrives (a gateway replay after a reconnect: Discord may have given up on it,
// and a person shown "did not respond" will try again, so the first try must save nothing),
// and a command declared long (a file built from many rows, whose work could hold this thread
// past the deadline).
// Replies go where they belong: private ones as the interaction's ephemeral answer or
// follow-ups, everything else through the Transport. Calls on the interaction run one after
// another, so a defer never races an answer.
import {
  MessageFlags,
  type APIModalInteractionResponseCallbackData,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type InteractionReplyOptions,
  type ModalSubmitInteraction,
} from "discord.js";
import type { Source, WorkspaceInfo } from "../../core/context.js";
import type { MessageLocation, Transport } from "../../core/deliver.js";
import type { Reply } from "../../core/reply.js";
import { messageBody, type DiscordMessage } from "./render.js";
import type { TokenWebhook } from "./token-webhook.js";
import type { DiscordTransport } from "./transport.js";
import { discordRefusalFix } from "./refusal.js";

export type Answerable = ChatInputCommandInteraction | ModalSubmitInteraction | ButtonInteraction;

/** Discord's deadline is 3 s from the interaction's creation; deferring earlier leaves room for the network. */
export const DEFER_AFTER_MS = 1500;

export interface ResponderTiming {
  /** How long ago Discord created the interaction (its id's timestamp), by this machine's clock. */
  ageMs: number;
  /** The command may run for seconds (SubcommandDef.long): acknowledge before it runs. */
  long?: boolean;
}

type State = "open" | "deferred" | "answered";

/** A rendered message as discord.js reply options. */
export function replyOptions(m: DiscordMessage) {
  const b = messageBody(m);
  return {
    ...(b.content ? { content: b.content } : {}),
    embeds: b.embeds,
    components: b.components,
    files: m.files.map((f) => ({ attachment: f.data, name: f.name })),
    allowedMentions: { parse: [] as [] },
  };
}

export class Responder {
  private state: State = "open";
  /** The deferred placeholder (commands) has been replaced by a real answer. */
  private placeholderUsed = false;
  private chain: Promise<unknown> = Promise.resolve();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly i: Answerable,
    private readonly base: DiscordTransport,
    /** Edits and follow-ups by the interaction's token (around discord.js's global limiter). */
    private readonly hook: TokenWebhook,
    deferAfterMs = DEFER_AFTER_MS,
    timing: ResponderTiming = { ageMs: 0 },
  ) {
    const defer = () =>
      this.serial(() => this.deferIfOpen()).then(
        () => undefined,
        (e: unknown) => e ?? new Error("acknowledgement failed"),
      );
    // Never later than deferAfterMs after arrival, whatever the clocks say.
    const wait = Math.min(deferAfterMs, deferAfterMs - timing.ageMs);
    if (this.isButton || (!timing.long && wait > 0)) {
      this.timer = setTimeout(() => void defer(), Math.max(0, wait));
      this.acknowledged = Promise.resolve(undefined);
    } else this.acknowledged = defer();
  }

  /**
   * Settles at once when the answer may come first; otherwise once the placeholder is out,
   * with the error when Discord refused it (the interaction expired or is unknown). Run the
   * command after it, and only if it went.
   */
  readonly acknowledged: Promise<unknown>;

  private get isButton(): boolean {
    return this.i.isButton();
  }

  private serial<T>(op: () => Promise<T>): Promise<T> {
    const p = this.chain.then(op);
    this.chain = p.catch(() => {});
    return p;
  }

  private settle(s: State): void {
    this.state = s;
    clearTimeout(this.timer);
  }

  private async deferIfOpen(): Promise<void> {
    if (this.state !== "open") return;
    if (this.i.isButton()) await this.i.deferUpdate();
    else await this.i.deferReply({ flags: MessageFlags.Ephemeral });
    this.settle("deferred");
  }

  /** A reply only the person who acted sees (deliver's `respond` hook). */
  privately(ws: WorkspaceInfo, reply: Reply): Promise<void> {
    return this.serial(async () => {
      for (const m of await this.base.render(ws, reply)) {
        if (this.state === "open") {
          await this.i.reply({ ...replyOptions(m), flags: MessageFlags.Ephemeral } as InteractionReplyOptions);
          this.settle("answered");
        } else if (this.state === "deferred" && !this.isButton && !this.placeholderUsed) {
          await this.hook.editOriginal(m);
          this.placeholderUsed = true;
        } else {
          await this.hook.followUpPrivately(m);
        }
      }
    });
  }

  /** The Transport for this interaction's replies: intercepts what the interaction itself should carry. */
  transport(): Transport {
    return {
      platform: "discord",
      editBudget: "channel",
      refusalFix: discordRefusalFix,
      post: (ws, channelId, reply) => this.post(ws, channelId, reply),
      dm: (ws, userId, reply) => this.base.dm(ws, userId, reply),
      ephemeral: (ws, _source: Source, reply) => this.privately(ws, reply),
      update: (ws, at, reply) => this.update(ws, at, reply),
      canPost: (ws, userId, channelId) => this.base.canPost(ws, userId, channelId),
    };
  }

  /** Not a call on the interaction: a defer that falls due meanwhile goes at once. */
  private post(ws: WorkspaceInfo, channelId: string, reply: Reply): Promise<MessageLocation> {
    return this.base.post(ws, channelId, reply);
  }

  private update(ws: WorkspaceInfo, at: MessageLocation, reply: Reply): Promise<void> {
    const own = this.i.isButton() && this.i.message.id === at.messageId;
    if (!own) return this.base.update(ws, at, reply);
    return this.serial(async () => {
      if (this.state === "open") {
        await (this.i as ButtonInteraction).update(replyOptions(await this.base.renderOne(ws, reply)));
        this.settle("answered");
        return;
      }
      if (this.state === "deferred" && !this.placeholderUsed) {
        // After deferUpdate, the interaction's "original" is the message the button is on.
        await this.hook.editOriginal(await this.base.renderOne(ws, reply));
        return;
      }
      await this.base.update(ws, at, reply);
    });
  }

  /**
   * Opens a modal as this button's answer, if nothing has answered it yet: Discord takes a
   * modal only as an interaction's first answer. False when too late (the press was deferred).
   */
  showModal(data: APIModalInteractionResponseCallbackData): Promise<boolean> {
    return this.serial(async () => {
      if (this.state !== "open" || !this.i.isButton()) return false;
      await this.i.showModal(data);
      this.settle("answered");
      return true;
    });
  }

  /** Every interaction gets an answer: acknowledge quietly if nothing answered it. */
  finish(): Promise<void> {
    return this.serial(async () => {
      clearTimeout(this.timer);
      if (this.state === "open") {
        if (this.i.isButton()) await this.i.deferUpdate();
        else {
          // Only public answers (a post in the channel): Discord wants an answer to the
          // command itself, so a placeholder goes and is removed, leaving nothing private.
          await this.i.deferReply({ flags: MessageFlags.Ephemeral });
          await this.hook.deleteOriginal();
        }
        this.settle("answered");
      } else if (this.state === "deferred" && !this.isButton && !this.placeholderUsed) {
        await this.hook.deleteOriginal();
      }
    });
  }

  /** Tells the person something failed on cadre's side, however far the answer got. */
  async failed(text: string): Promise<void> {
    clearTimeout(this.timer);
    await this.serial(async () => {
      const m: DiscordMessage = { content: text, embeds: [], components: [], files: [] };
      if (this.state === "open") await this.i.reply({ content: text, flags: MessageFlags.Ephemeral });
      else if (this.state === "deferred" && !this.isButton && !this.placeholderUsed) await this.hook.editOriginal(m);
      else await this.hook.followUpPrivately(m);
      this.settle("answered");
    });
  }
}
