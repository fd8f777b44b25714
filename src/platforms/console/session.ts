// The console adapter: a terminal chat against the same dispatcher and database. You act as
// a user in a channel; meta-commands switch user, channel or DM; buttons are numbered and
// pressed with `:press N`. Every message is also kept in `transcript` for tests.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { App } from "../../app.js";
import type { Source, WorkspaceInfo } from "../../core/context.js";
import { deliver, type MessageLocation, type Transport } from "../../core/deliver.js";
import { encodeAction } from "../../core/action-id.js";
import { attachmentBytes, takeForm, type Form, type Reply } from "../../core/reply.js";
import { displayNames, ensureWorkspace, unavailableWorkspace } from "../../services/workspaces.js";
import { renderReply } from "./render.js";
import { firstAdmin } from "./first-admin.js";
import { mentionedUsers } from "../../core/rich.js";
import type { OptionSpec } from "../../core/options.js";

export const CONSOLE_WORKSPACE = "console";

export interface Posted {
  id: string;
  /** post: visible in a channel; dm: a DM to `userId`; private: only `userId` saw it. */
  kind: "post" | "dm" | "private" | "update";
  channelId: string;
  userId?: string;
  reply: Reply;
  text: string;
}

interface ButtonSlot {
  actionId: string;
  channelId: string;
  messageId: string;
}

export class ConsoleChat implements Transport {
  readonly platform = "console" as const;
  /** A console "channel" is only a name: another one always works. */
  refusalFix = (): string => "Choose another channel.";
  readonly transcript: Posted[] = [];
  /** Current content of every message by id (updates replace it). */
  readonly messages = new Map<string, Posted>();
  user = "you";
  channel = "general";
  inDM = false;
  private seq = 0;
  private buttons = new Map<number, ButtonSlot>();
  private buttonSeq = 0;
  private names = new Map<string, string>();
  /** A form being filled in: the next lines answer its questions one by one. */
  private filling?: { form: Form; source: Source; answers: Record<string, string>; next: number };

  constructor(
    private readonly app: App,
    private readonly write: (text: string) => void,
    private readonly exportDir = join(process.cwd(), "data", "exports"),
  ) {
    app.transports.set("console", this);
    app.dispatcher.onMissingRole("console", firstAdmin);
  }

  get prompt(): string {
    return this.inDM ? `${this.user} (DM with cadre)> ` : `${this.user} #${this.channel}> `;
  }

  source(): Source {
    return {
      platform: "console",
      externalWorkspaceId: CONSOLE_WORKSPACE,
      channelId: this.inDM ? `dm-${this.user}` : this.channel,
      isDM: this.inDM,
      userId: this.user,
      displayName: this.user,
    };
  }

  private known?: WorkspaceInfo;

  /**
   * The console workspace; when the database is unreachable, the last one seen (or a stand-in
   * before any was), so error answers still print.
   */
  async workspace(): Promise<WorkspaceInfo> {
    try {
      this.known = await ensureWorkspace(this.app.deps.db, "console", CONSOLE_WORKSPACE, this.app.deps.defaultTimeZone);
    } catch {
      return this.known ?? unavailableWorkspace("console", CONSOLE_WORKSPACE, this.app.deps.defaultTimeZone);
    }
    return this.known;
  }

  /** Handles one line of input: a meta-command, a slash command, or a DM message. */
  async input(line: string): Promise<void> {
    const text = line.trim();
    // While a form is open, plain lines answer it; meta-commands still work.
    if (this.filling && !text.startsWith(":")) return this.fill(text);
    if (!text) return;
    if (text.startsWith(":")) return this.meta(text);
    const source = this.source();
    if (text.startsWith("/")) {
      const m = /^\/(\S+)\s*([\s\S]*)$/.exec(text)!;
      return this.answer(source, await this.app.dispatcher.run({ source, command: m[1]!, text: m[2]! }));
    }
    if (this.inDM) return this.answer(source, await this.app.dispatcher.dm(source, text));
    this.write("(cadre only answers slash commands in channels; try /cadre help, or :dm to talk to cadre directly)");
  }

  async press(n: number, as = this.user): Promise<void> {
    const slot = this.buttons.get(n);
    if (!slot) {
      this.write(`(no button [${n}]; buttons are numbered where they are shown)`);
      return;
    }
    const source: Source = {
      ...this.source(),
      userId: as,
      displayName: as,
      channelId: slot.channelId,
      isDM: slot.channelId.startsWith("dm-"),
      origin: { channelId: slot.channelId, messageId: slot.messageId },
    };
    await this.answer(source, await this.app.dispatcher.press(source, slot.actionId));
  }

  private async answer(source: Source, replies: Reply[]): Promise<void> {
    const { form, rest } = takeForm(replies);
    await deliver(this.app.messageRefs, this, await this.workspace(), rest, { source });
    if (form) {
      this.filling = { form, source, answers: {}, next: 0 };
      this.write(
        `(form: ${form.title} — answer each question on its own line; "-" skips an optional one, :cancel stops)`,
      );
      this.ask();
    }
  }

  /** The option the form asks next, or undefined when every question is answered. */
  private question(): { key: string; spec: OptionSpec } | undefined {
    const f = this.filling!;
    const key = f.form.ask[f.next];
    const spec = key && this.app.dispatcher.commands.get(f.form.command)?.subcommands[f.form.sub]?.options[key];
    return key && spec ? { key, spec } : undefined;
  }

  /** Prints the form's next question. */
  private ask(): void {
    const q = this.question()!;
    const choices = q.spec.choices?.length ? ` (${q.spec.choices.map((c) => c.label).join(", ")})` : "";
    this.write(`  ${q.spec.description}${choices}${q.spec.required ? "" : " — optional"}`);
  }

  /** One answer to the form being filled; the last one submits it. */
  private async fill(text: string): Promise<void> {
    const f = this.filling!;
    const q = this.question()!;
    if (text && text !== "-") f.answers[q.key] = text;
    else if (q.spec.required) return this.write(`  (this one is needed)\n  ${q.spec.description}`);
    f.next++;
    if (this.question()) return this.ask();
    this.filling = undefined;
    const options = { ...f.form.preset, ...f.answers };
    await this.answer(
      f.source,
      await this.app.dispatcher.run({ source: f.source, command: f.form.command, sub: f.form.sub, options }),
    );
  }

  private async meta(text: string): Promise<void> {
    const [cmd, ...rest] = text.slice(1).split(/\s+/);
    const arg = rest.join(" ").replace(/^[@#]/, "");
    switch (cmd) {
      case "user":
      case "as":
        if (!/^[A-Za-z0-9._-]{1,40}$/.test(arg)) return this.write("(usage: :user alex)");
        this.user = arg;
        return this.write(`(you are now ${arg})`);
      case "channel":
      case "ch":
        if (!/^[A-Za-z0-9._-]{1,40}$/.test(arg)) return this.write("(usage: :channel general)");
        this.channel = arg;
        this.inDM = false;
        return this.write(`(you are in #${arg})`);
      case "dm":
        this.inDM = true;
        return this.write("(you are in a DM with cadre: write plainly, or use slash commands)");
      case "press":
      case "p":
        return this.press(Number(arg));
      case "cancel":
        if (!this.filling) return this.write("(no form is open)");
        this.filling = undefined;
        return this.write("(form cancelled; nothing was saved)");
      case "help":
      case "?":
        return this.write(META_HELP);
      default:
        return this.write(`(unknown meta-command :${cmd}; :help lists them)`);
    }
  }

  // ---- Transport

  async post(ws: WorkspaceInfo, channelId: string, reply: Reply): Promise<MessageLocation> {
    const isDm = channelId.startsWith("dm-");
    return this.emit(ws, {
      kind: isDm ? "dm" : "post",
      channelId,
      userId: isDm ? channelId.slice(3) : undefined,
      reply,
    });
  }

  async dm(ws: WorkspaceInfo, userId: string, reply: Reply): Promise<MessageLocation> {
    return this.emit(ws, { kind: "dm", channelId: `dm-${userId}`, userId, reply });
  }

  async ephemeral(ws: WorkspaceInfo, source: Source, reply: Reply): Promise<void> {
    await this.emit(ws, { kind: "private", channelId: source.channelId, userId: source.userId, reply });
  }

  async update(ws: WorkspaceInfo, at: MessageLocation, reply: Reply): Promise<void> {
    const prev = this.messages.get(at.messageId);
    await this.emit(ws, { kind: "update", channelId: at.channelId, userId: prev?.userId, reply }, at.messageId);
  }

  /** A console "channel" is only a name, open to everyone at the terminal. */
  async canPost(): Promise<boolean> {
    return true;
  }

  private async emit(ws: WorkspaceInfo, p: Omit<Posted, "id" | "text">, editing?: string): Promise<MessageLocation> {
    const id = editing ?? `m${++this.seq}`;
    const numbers = (p.reply.buttons ?? []).map((b) => {
      const n = ++this.buttonSeq;
      this.buttons.set(n, { actionId: encodeAction(b.action, b.value), channelId: p.channelId, messageId: id });
      return n;
    });
    await this.learnNames(ws, p.reply);
    const body = renderReply(p.reply, {
      zone: ws.timeZone,
      name: (u) => this.names.get(u) ?? u,
      buttonNumbers: numbers,
    });
    const files = (p.reply.files ?? []).map((f) => {
      mkdirSync(this.exportDir, { recursive: true });
      const path = join(this.exportDir, f.filename);
      const bytes = attachmentBytes(f);
      writeFileSync(path, bytes);
      return `📎 ${f.filename} (${bytes.length} bytes) saved to ${path}`;
    });
    const where =
      p.kind === "private"
        ? `(private to ${p.userId})`
        : p.kind === "dm"
          ? `[DM to ${p.userId}]`
          : p.kind === "update"
            ? `[${p.channelId.startsWith("dm-") ? "DM" : "#" + p.channelId} · message ${id} edited]`
            : `[#${p.channelId} · message ${id}]`;
    const text = [body, ...files].filter(Boolean).join("\n");
    const posted: Posted = { ...p, id, text };
    this.transcript.push(posted);
    if (p.kind !== "private") this.messages.set(id, posted);
    this.write(`${where} cadre:\n${indent(text)}`);
    return { channelId: p.channelId, messageId: id };
  }

  private async learnNames(ws: WorkspaceInfo, r: Reply): Promise<void> {
    const all = [r.header, r.text, r.context, ...(r.fields ?? []).flatMap((f) => [f.label, f.value])].join(" ");
    const ids = mentionedUsers(all).filter((id) => !this.names.has(id));
    if (!ids.length) return;
    for (const [id, name] of await displayNames(this.app.deps.db, ws.id, ids)) this.names.set(id, name);
  }
}

const indent = (s: string) =>
  s
    .split("\n")
    .map((l) => "  " + l)
    .join("\n");

export const META_HELP = `Console meta-commands:
  :user NAME      act as another person (e.g. :user maria)
  :channel NAME   go to a channel (e.g. :channel scoring)
  :dm             talk to cadre in a DM (plain messages go to mentor logging)
  :press N        press button [N] (a form then asks its questions one by one; :cancel stops it)
  :help           this list
Slash commands work as on Slack: /cadre help, /session help, ...
Ctrl-D (end of input) quits.`;
