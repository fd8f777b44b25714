// The application commands Discord shows, built from the command files: one chat-input
// command per tree, a subcommand each, typed options. Required long-text options are
// registered as optional so that leaving them out opens a form (modal) with room to write.
import { createHash } from "node:crypto";
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  InteractionContextType,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandSubcommandOption,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";
import type { CommandDef, SubcommandDef } from "../../core/command.js";
import type { OptionSpec } from "../../core/options.js";
import { clip, LIMITS, NAME_RE } from "./limits.js";

export type CommandPayload = RESTPostAPIChatInputApplicationCommandsJSONBody & {
  description: string;
  options: APIApplicationCommandSubcommandOption[];
};

/** Options a form collects on Discord: long text the user would rather not type inline. */
export const formOption = (spec: OptionSpec): boolean => spec.kind === "longText";

/** Discord offers autocomplete for declared sources and for choice lists too long for `choices`. */
export const usesAutocomplete = (spec: OptionSpec): boolean =>
  Boolean(spec.autocomplete) || (spec.kind === "choice" && (spec.choices?.length ?? 0) > LIMITS.choices);

function checkName(name: string, where: string): string {
  if (!NAME_RE.test(name) || name !== name.toLowerCase())
    throw new Error(`${where}: "${name}" is not a valid Discord name (1-32 lowercase letters, digits, - or _)`);
  return name;
}

const describe = (text: string, fallback: string) => clip(text.trim() || fallback, LIMITS.commandDescription);

function option(name: string, spec: OptionSpec, where: string): APIApplicationCommandBasicOption {
  const base = {
    name: checkName(name, where),
    description: describe(spec.description, name),
    // A form fills required long text when it is left out (see formOption).
    required: spec.required && !formOption(spec),
  };
  const text = () => ({
    ...base,
    type: ApplicationCommandOptionType.String as const,
    ...(spec.maxLength ? { max_length: Math.min(spec.maxLength, LIMITS.stringOptionMax) } : {}),
    ...(usesAutocomplete(spec) ? { autocomplete: true as const } : {}),
  });
  switch (spec.kind) {
    case "integer":
    case "number": {
      const range = {
        ...(spec.min !== undefined ? { min_value: spec.min } : {}),
        ...(spec.max !== undefined ? { max_value: spec.max } : {}),
      };
      return spec.kind === "integer"
        ? { ...base, type: ApplicationCommandOptionType.Integer, ...range }
        : { ...base, type: ApplicationCommandOptionType.Number, ...range };
    }
    case "boolean":
      return { ...base, type: ApplicationCommandOptionType.Boolean };
    case "user":
      return { ...base, type: ApplicationCommandOptionType.User };
    case "channel":
      return {
        ...base,
        type: ApplicationCommandOptionType.Channel,
        channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement],
      };
    case "choice":
      if (usesAutocomplete(spec)) return { ...text(), max_length: LIMITS.choiceValue };
      return {
        ...base,
        type: ApplicationCommandOptionType.String,
        choices: spec.choices!.map((c) => ({
          name: clip(c.label, LIMITS.choiceName),
          value: c.value.slice(0, LIMITS.choiceValue),
        })),
      };
    case "date": // Discord has no date option: a string whose description says it is a date
      return { ...text(), description: describe(`${spec.description} (a date, e.g. ${spec.example})`, name) };
    default: // text, longText, url, dateTime, duration: typed as text and read by the option's schema
      return text();
  }
}

function subcommand(cmd: CommandDef, name: string, s: SubcommandDef): APIApplicationCommandSubcommandOption {
  const where = `/${cmd.name} ${name}`;
  const opts = Object.entries(s.options).map(([k, spec]) => option(k, spec, where));
  if (opts.length > LIMITS.optionsPerCommand)
    throw new Error(`${where}: ${opts.length} options; Discord allows ${LIMITS.optionsPerCommand}`);
  // Discord requires required options before optional ones; the order is otherwise kept.
  const sorted = [...opts.filter((o) => o.required), ...opts.filter((o) => !o.required)];
  return {
    type: ApplicationCommandOptionType.Subcommand,
    name: checkName(name, where),
    description: describe(s.description, name),
    options: sorted,
  };
}

/** `text` cut at a word boundary to `max` characters, marked with "…" when cut. */
function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:(–-]+$/, "")}…`;
}

/** The least a subcommand's or option's description is cut to before a command is refused as too big. */
const SHORTEST_OPTION_DESCRIPTION = 24;

/**
 * Discord caps a command's names, descriptions and choices at 4,000 characters in all. A tree
 * with many subcommands (/session) passes it with its full descriptions, so those of its
 * subcommands and options are shortened (words kept whole) to one length, the longest that
 * fits; the picker shows the short form and `/cadre help` keeps the whole text.
 */
function fitted(c: CommandPayload): CommandPayload {
  if (commandCharacters(c) <= LIMITS.commandTotal) return c;
  const at = (max: number): CommandPayload => {
    const subs: APIApplicationCommandSubcommandOption[] = (c.options as APIApplicationCommandSubcommandOption[]).map(
      (sub) => ({
        ...sub,
        description: shorten(sub.description, max),
        options: sub.options?.map((o) => ({ ...o, description: shorten(o.description, max) })) as
          APIApplicationCommandBasicOption[] | undefined,
      }),
    );
    return { ...c, options: subs };
  };
  // The largest cut that fits: a binary search over the longest description allowed.
  let lo = SHORTEST_OPTION_DESCRIPTION;
  let hi: number = LIMITS.commandDescription;
  if (commandCharacters(at(lo)) > LIMITS.commandTotal)
    throw new Error(`/${c.name}: over Discord's ${LIMITS.commandTotal} characters even with short option descriptions`);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (commandCharacters(at(mid)) <= LIMITS.commandTotal) lo = mid;
    else hi = mid - 1;
  }
  return at(lo);
}

/** The PUT body for every command tree. `global` adds the contexts (servers and DMs with the bot). */
export function commandPayload(commands: readonly CommandDef[], opts: { global?: boolean } = {}): CommandPayload[] {
  return commands.map((cmd) => {
    const subs = Object.entries(cmd.subcommands).map(([name, s]) => subcommand(cmd, name, s));
    if (subs.length > LIMITS.optionsPerCommand)
      throw new Error(`/${cmd.name}: ${subs.length} subcommands; Discord allows ${LIMITS.optionsPerCommand}`);
    return fitted({
      type: ApplicationCommandType.ChatInput,
      name: checkName(cmd.name, `/${cmd.name}`),
      description: describe(cmd.description, cmd.name),
      options: subs,
      ...(opts.global ? { contexts: [InteractionContextType.Guild, InteractionContextType.BotDM] } : {}),
    });
  });
}

/** Names, descriptions and choices of one command: Discord caps their sum at 4,000 characters. */
export function commandCharacters(c: CommandPayload): number {
  let n = c.name.length + c.description.length;
  const walk = (
    opts: readonly {
      name: string;
      description: string;
      options?: unknown;
      choices?: { name: string; value: string | number }[];
    }[],
  ) => {
    for (const o of opts) {
      n += o.name.length + o.description.length;
      for (const ch of o.choices ?? []) n += ch.name.length + String(ch.value).length;
      if (Array.isArray(o.options)) walk(o.options);
    }
  };
  walk(c.options);
  return n;
}

/** Changes whenever what Discord would show changes; start-up re-registers only then. */
export function payloadHash(payload: readonly CommandPayload[]): string {
  return createHash("sha256").update(JSON.stringify(payload)).digest("hex");
}
