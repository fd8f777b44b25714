// Answers one interaction within Discord's 3 seconds. The command runs while a timer waits;
// if no answer is ready in time the interaction is deferred (an ephemeral "thinking" for
// commands, a silent acknowledgement for buttons). Replies then go where they belong:
// private ones as the interaction's ephemeral answer or follow-ups, an edit of the pressed
// button's message as the interaction's own update, everything else through the Transport.
// All interaction calls run one after another, so a late defer never races an answer.
import { MessageFlags, type ButtonInteraction, type ChatInputCommandInteraction, type InteractionReplyOptions, type ModalSubmitInteraction } from "discord.js";
import type { Source, WorkspaceInfo } from "../../core/context.js";
import type { MessageLocation, Transport } from "../../core/deliver.js";
import type { Reply } from "../../core/reply.js";
import { messageBody, type DiscordMessage } from "./render.js";
import type { DiscordTransport } from "./transport.js";

export type Answerable = ChatInputCommandInteraction | ModalSubmitInteraction | ButtonInteraction;

/** Discord's deadline is 3 s from the event; deferring earlier leaves room for the network. */
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
  /** When a command has no private answer, its first post in the same channel becomes the public answer. */
  claimHere = false;

  constructor(
    private readonly i: Answerable,
    private readonly base: DiscordTransport,
    deferAfterMs = DEFER_AFTER_MS,
  ) {
    this.timer = setTimeout(() => void this.serial(() => this.deferIfOpen()).catch(() => {}), deferAfterMs);
  }

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
        const opts = replyOptions(m);
        if (this.state === "open") {
          await this.i.reply({ ...opts, flags: MessageFlags.Ephemeral } as InteractionReplyOptions);
          this.settle("answered");
        } else if (this.state === "deferred" && !this.isButton && !this.placeholderUsed) {
          await this.i.editReply(opts);
          this.placeholderUsed = true;
        } else {
          await this.i.followUp({ ...opts, flags: MessageFlags.Ephemeral } as InteractionReplyOptions);
        }
      }
    });
  }

  /** The Transport for this interaction's replies: intercepts what the interaction itself should carry. */
  transport(): Transport {
    return {
      platform: "discord",
      post: (ws, channelId, reply) => this.post(ws, channelId, reply),
      dm: (ws, userId, reply) => this.base.dm(ws, userId, reply),
      ephemeral: (ws, _source: Source, reply) => this.privately(ws, reply),
      update: (ws, at, reply) => this.update(ws, at, reply),
    };
  }

  private post(ws: WorkspaceInfo, channelId: string, reply: Reply): Promise<MessageLocation> {
    return this.serial(async () => {
      if (this.claimHere && this.state === "open" && !this.isButton && channelId === this.i.channelId && !reply.track) {
        const [first, ...rest] = await this.base.render(ws, reply);
        const res = await this.i.reply({ ...replyOptions(first!), withResponse: true });
        this.settle("answered");
        for (const m of rest) await this.i.followUp(replyOptions(m));
        const id = res.resource?.message?.id;
        if (id) return { channelId, messageId: id };
      }
      return this.base.post(ws, channelId, reply);
    });
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
        await this.i.editReply(replyOptions(await this.base.renderOne(ws, reply)));
        return;
      }
      await this.base.update(ws, at, reply);
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
        await this.i.deleteReply();
      }
    });
  }

  /** Tells the person something failed on cadre's side, however far the answer got. */
  async failed(text: string): Promise<void> {
    clearTimeout(this.timer);
    await this.serial(async () => {
      const opts = { content: text, flags: MessageFlags.Ephemeral } as const;
      if (this.state === "open") await this.i.reply(opts);
      else if (this.state === "deferred" && !this.isButton && !this.placeholderUsed) await this.i.editReply({ content: text });
      else await this.i.followUp(opts);
      this.settle("answered");
    });
  }
}
