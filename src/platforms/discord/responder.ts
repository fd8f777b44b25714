// Answers one interaction within Discord's 3 seconds. A command or form is acknowledged at
// once with an ephemeral "thinking" (Discord's counterpart of Slack's ack: the person sees
// cadre respond at once, and a slow database can never miss the deadline) while the
// command runs; its private answer then replaces the placeholder. A
// button press is different: its answer is usually an edit of its own message in one call,
// so it is deferred (silently) only when no answer is ready after DEFER_AFTER_MS.
// Replies go where they belong: private ones as the interaction's ephemeral answer or
// follow-ups, everything else through the Transport. All interaction calls run one after
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

/** Discord's deadline is 3 s from the event; deferring a button earlier leaves room for the network. */
export const DEFER_AFTER_MS = 1500;

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
  ) {
    const defer = () =>
      this.serial(() => this.deferIfOpen()).then(
        () => undefined,
        (e: unknown) => e ?? new Error("acknowledgement failed"),
      );
    if (this.isButton) {
      this.timer = setTimeout(() => void defer(), deferAfterMs);
      this.acknowledged = Promise.resolve(undefined);
    } else this.acknowledged = defer();
  }

  /**
   * Settles once a command's placeholder is out, with the error when Discord refused it (the
   * interaction expired or is unknown). Run the command after it, and only if it went: the
   * command's database work shares this thread and would otherwise hold the acknowledgement
   * back; and a person shown "did not respond" will try again, so the first try must not
   * have saved anything.
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

  private post(ws: WorkspaceInfo, channelId: string, reply: Reply): Promise<MessageLocation> {
    return this.serial(() => this.base.post(ws, channelId, reply));
  }

  private update(ws: WorkspaceInfo, at: MessageLocation, reply: Reply): Promise<void> {
    return this.serial(async () => {
      const own = this.i.isButton() && this.i.message.id === at.messageId;
      if (own && this.state === "open") {
        await (this.i as ButtonInteraction).update(replyOptions(await this.base.renderOne(ws, reply)));
        this.settle("answered");
        return;
      }
      if (own && this.state === "deferred" && !this.placeholderUsed) {
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
        else await this.i.reply({ content: "Done.", flags: MessageFlags.Ephemeral });
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
