// Discord events -> the kernel. Slash commands run with their typed option values, buttons
// run their action with the pressed message as origin, modals complete a command started
// without its long text, autocomplete suggests ids, and plain DM messages go to the DM
// handler (mentor logging).
import {
  ApplicationCommandOptionType,
  DiscordAPIError,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type CommandInteractionOption,
  type Client,
  type Interaction,
  type REST,
  type Message,
  type ModalSubmitInteraction,
} from "discord.js";
import type { App } from "../../app.js";
import type { Source, WorkspaceInfo } from "../../core/context.js";
import { deliver } from "../../core/deliver.js";
import { takeForm, type Reply } from "../../core/reply.js";
import { shortId } from "../../core/short-id.js";
import { answerWorkspaces, findWorkspace, unavailableWorkspace } from "../../services/workspaces.js";
import { choiceSuggestions, suggest, type Suggestion } from "./autocomplete.js";
import { buildFormModal, buildModal, formFields, PendingForms } from "./modals.js";
import { usesAutocomplete } from "./registration.js";
import { restOptions } from "./client.js";
import { DEFER_AFTER_MS, Responder, type Answerable } from "./responder.js";
import { dmWorkspaceId, interactionSource, messageSource, type DmHome } from "./source.js";
import { TokenWebhook, tokenWebhookRest } from "./token-webhook.js";
import type { DiscordTransport } from "./transport.js";

/** Discord's "Cannot send messages to this user" (DMs closed). */
const CANNOT_DM = 50007;

export interface InteractionOptions {
  /** How long after Discord created an interaction it is deferred if not answered yet. */
  deferAfterMs?: number;
}

/** Option values as Discord typed them: strings, numbers, booleans, and ids for users and channels. */
export function readOptions(data: readonly CommandInteractionOption[]): {
  sub?: string;
  options: Record<string, unknown>;
} {
  const first = data[0];
  if (first?.type === ApplicationCommandOptionType.Subcommand)
    return { sub: first.name, options: readOptions(first.options ?? []).options };
  const options: Record<string, unknown> = {};
  for (const o of data) if (o.value !== undefined && o.value !== null) options[o.name] = o.value;
  return { options };
}

export class DiscordInteractions {
  readonly forms = new PendingForms();
  private readonly home: DmHome;
  private readonly tokenRest: REST;

  constructor(
    private readonly app: App,
    private readonly client: Client,
    private readonly transport: DiscordTransport,
    private readonly opts: InteractionOptions = {},
  ) {
    this.home = { db: app.deps.db, client, guildId: app.env.DISCORD_GUILD_ID };
    this.tokenRest = tokenWebhookRest(restOptions(app.env));
    this.answerWorkspace = answerWorkspaces(app.deps.db, app.deps.defaultTimeZone);
  }

  private readonly answerWorkspace: ReturnType<typeof answerWorkspaces>;

  private get log() {
    return this.app.deps.log;
  }

  async onInteraction(i: Interaction): Promise<void> {
    try {
      if (i.isChatInputCommand()) await this.command(i);
      else if (i.isButton()) await this.answer(i, (source) => this.app.dispatcher.press(source, i.customId));
      else if (i.isModalSubmit()) await this.form(i);
      else if (i.isAutocomplete()) await this.autocomplete(i);
    } catch (e) {
      this.log.error({ err: (e as Error)?.message, type: i.type }, "discord interaction failed");
    }
  }

  private async command(i: ChatInputCommandInteraction): Promise<void> {
    const { sub, options } = readOptions(i.options.data);
    const cmd = this.app.dispatcher.commands.get(i.commandName);
    const s = this.app.dispatcher.subcommand(i.commandName, sub);
    if (cmd && s && sub) {
      const keys = formFields(s, options);
      if (keys.length) {
        const id = this.forms.put({ command: cmd.name, sub, options, keys, userId: i.user.id });
        await i.showModal(buildModal(cmd, sub, keys, id));
        return;
      }
    }
    await this.answer(
      i,
      (source) => this.app.dispatcher.run({ source, command: i.commandName, sub, options }),
      s?.long,
    );
  }

  private async form(i: ModalSubmitInteraction): Promise<void> {
    const f = this.forms.take(i.customId, i.user.id);
    if (!f) {
      await this.answer(i, async () => [
        {
          to: { kind: "private" },
          tone: "warning",
          text: "That form has expired. Run the command again to get a fresh one.",
        } satisfies Reply,
      ]);
      return;
    }
    const typed: Record<string, unknown> = {};
    for (const k of f.keys) {
      const v = i.fields.fields.has(k) ? i.fields.getTextInputValue(k) : "";
      if (v.trim()) typed[k] = v;
    }
    await this.answer(
      i,
      (source) =>
        this.app.dispatcher.run({ source, command: f.command, sub: f.sub, options: { ...f.options, ...typed } }),
      this.app.dispatcher.subcommand(f.command, f.sub)?.long,
    );
  }

  /** Runs the kernel for an interaction and delivers its replies, answering within 3 seconds. */
  private async answer(i: Answerable, run: (source: Source) => Promise<Reply[]>, long?: boolean): Promise<void> {
    const r = new Responder(
      i,
      this.transport,
      new TokenWebhook(this.tokenRest, i.applicationId, i.token),
      this.opts.deferAfterMs ?? DEFER_AFTER_MS,
      { ageMs: Date.now() - i.createdTimestamp, long },
    );
    try {
      const unacknowledged = await r.acknowledged;
      if (unacknowledged) {
        const err = unacknowledged as { message?: string; code?: unknown };
        this.log.warn(
          { err: err.message, code: err.code, type: i.type },
          "discord interaction could not be acknowledged; not run, nothing saved",
        );
        return;
      }
      const source = await interactionSource(this.home, i);
      let replies = await run(source);
      const { form, fallback, rest } = takeForm(replies);
      if (form && fallback) {
        const s = this.app.dispatcher.subcommand(form.command, form.sub);
        const id =
          s &&
          this.forms.put({
            command: form.command,
            sub: form.sub,
            options: form.preset,
            keys: form.ask,
            userId: i.user.id,
          });
        // Too late for a modal (the press was deferred): the reply says what to type instead.
        replies = s && id && (await r.showModal(buildFormModal(s, form, id))) ? rest : [...rest, fallback];
      }
      const ws = await this.workspace(source);
      await deliver(this.app.messageRefs, r.transport(), ws, replies, {
        source,
        respond: (reply) => r.privately(ws, reply),
        originEditIsFree: true,
      });
      await r.finish();
    } catch (e) {
      if (e instanceof DiscordAPIError && e.code === CANNOT_DM) {
        await r
          .failed(
            "⚠️ I couldn't send you a direct message: Discord refused it, usually because of your privacy settings. " +
              "Allow direct messages from this server's members (Server menu → Privacy Settings) and try again.",
          )
          .catch(() => {});
        return;
      }
      const id = shortId(6);
      this.log.error(
        { errorId: id, err: (e as Error)?.message, code: (e as { code?: unknown })?.code },
        "discord delivery failed",
      );
      await r
        .failed(
          `⚠️ cadre could not finish answering on Discord (error id ${id}). ` +
            `Please try again; if it keeps happening, give this id to your admin.`,
        )
        .catch(() => {});
    }
  }

  /** The workspace to render in; a stand-in with the default zone when the database is unreachable, so error replies still go out. */
  private async workspace(source: Source): Promise<WorkspaceInfo> {
    try {
      return await this.answerWorkspace("discord", source.externalWorkspaceId);
    } catch {
      return unavailableWorkspace("discord", source.externalWorkspaceId, this.app.deps.defaultTimeZone);
    }
  }

  private async autocomplete(i: AutocompleteInteraction): Promise<void> {
    const focused = i.options.getFocused(true);
    const spec = this.app.dispatcher.subcommand(i.commandName, i.options.getSubcommand(false) ?? undefined)?.options[
      focused.name
    ];
    let out: Suggestion[] = [];
    if (spec && usesAutocomplete(spec)) {
      if (spec.kind === "choice") out = choiceSuggestions(spec.choices ?? [], String(focused.value));
      else if (spec.autocomplete) {
        const external = i.guildId ?? (await dmWorkspaceId(this.home, i.user.id));
        const w = await findWorkspace(this.app.deps.db, "discord", external).catch(() => undefined);
        out = await suggest(
          spec.autocomplete,
          {
            db: this.app.deps.db,
            keys: this.app.deps.keys,
            workspaceId: w?.id,
            timeZone: w?.timeZone ?? this.app.deps.defaultTimeZone,
            userId: i.user.id,
            channelId: i.guildId ? i.channelId : undefined,
            typed: String(focused.value),
            now: this.app.deps.clock.now(),
          },
          (e) =>
            this.log.debug({ source: spec.autocomplete, err: (e as Error)?.message }, "autocomplete source failed"),
        );
      }
    }
    await i.respond(out.slice(0, 25));
  }

  /** A message in a DM with the bot: "/command …" typed as text runs that command, anything else goes to the DM handler. */
  async onMessage(m: Message): Promise<void> {
    if (m.author.bot || m.guildId || m.system || m.author.id === this.client.user?.id) return;
    const text = m.content?.trim();
    if (!text) return;
    try {
      const source = await messageSource(this.home, m);
      const slash = /^\/([a-z][a-z0-9-]*)\b\s*([\s\S]*)$/i.exec(text);
      const replies =
        slash && this.app.dispatcher.commands.has(slash[1]!.toLowerCase())
          ? await this.app.dispatcher.run({ source, command: slash[1]!, text: slash[2]! })
          : await this.app.dispatcher.dm(source, text);
      await deliver(this.app.messageRefs, this.transport, await this.workspace(source), replies, { source });
    } catch (e) {
      this.log.error({ err: (e as Error)?.message, code: (e as { code?: unknown })?.code }, "discord DM failed");
    }
  }
}
