// The `name:value` syntax for platforms without native options (Slack, console):
//   /session announce title:"Scoring training" when:"Dec 3 9am" hours:3 channel:#scoring
// Values may be quoted ("…", '…', or a phone's curly quotes); <@U1>, @alex, <#C1|x> and
// #general are mentions; the subcommand's bare option (by default its first required text
// option) takes any words given without a name. A `word:` followed by a space is just a word
// ("Note: bring the rubric"); `word:value` names an option, and a name the subcommand does not
// have is refused with the nearest real one, never folded into the text: text that must
// contain `word:value` goes in quotes.
import type { SubcommandDef } from "./command.js";
import type { OptionSpec } from "./options.js";
import { UserError } from "./errors.js";
import { closest } from "./suggest.js";

export const MAX_COMMAND_TEXT = 8_000;
export const MAX_OPTION_COUNT = 40;

export interface Token {
  name?: string;
  value: string;
  quoted: boolean;
}

const QUOTES: Record<string, string> = {
  '"': '"',
  "'": "'",
  "\u201C": "\u201D",
  "\u201D": "\u201D",
  "\u2018": "\u2019",
  "\u2019": "\u2019",
};

function readValue(s: string, i: number): { value: string; quoted: boolean; end: number } {
  const open = s[i];
  if (open !== undefined && QUOTES[open]) {
    const close = QUOTES[open]!;
    let j = i + 1;
    let out = "";
    while (j < s.length && s[j] !== close && !(close === '"' && s[j] === "\u201D")) {
      if (s[j] === "\\" && (s[j + 1] === close || s[j + 1] === "\\")) j++;
      out += s[j];
      j++;
    }
    return { value: out, quoted: true, end: Math.min(j + 1, s.length) };
  }
  let j = i;
  while (j < s.length && !/\s/.test(s[j]!)) j++;
  return { value: s.slice(i, j), quoted: false, end: j };
}

/** Splits text into named and bare tokens. Never throws. */
export function tokenize(text: string): Token[] {
  const s = text;
  const out: Token[] = [];
  let i = 0;
  while (i < s.length) {
    if (/\s/.test(s[i]!)) {
      i++;
      continue;
    }
    const named = /^([A-Za-z][A-Za-z0-9_-]{0,31}):(?!\/\/)(?=\S)/.exec(s.slice(i, i + 35));
    if (named) {
      const v = readValue(s, i + named[0].length);
      out.push({ name: named[1]!.toLowerCase(), value: v.value, quoted: v.quoted });
      i = v.end;
      continue;
    }
    const v = readValue(s, i);
    out.push({ value: v.value, quoted: v.quoted });
    i = v.end > i ? v.end : i + 1;
  }
  return out;
}

const USER = /^(?:<@!?([A-Za-z0-9._-]+)(?:\|[^>]*)?>|@([A-Za-z0-9._-]+))$/;
const CHANNEL = /^(?:<#([A-Za-z0-9._-]+)(?:\|[^>]*)?>|#([A-Za-z0-9._-]+))$/;

/** "<@U1|alex>" → "U1", "@alex" → "alex"; undefined when it is not a user mention. */
export function userMention(v: string): string | undefined {
  const m = USER.exec(v.trim());
  return m ? (m[1] ?? m[2]) : undefined;
}

export function channelMention(v: string): string | undefined {
  const m = CHANNEL.exec(v.trim());
  return m ? (m[1] ?? m[2]) : undefined;
}

function normalize(spec: OptionSpec, raw: string): string {
  if (spec.kind === "user") return userMention(raw) ?? raw;
  if (spec.kind === "channel") return channelMention(raw) ?? raw;
  return raw;
}

/** The option that takes words given without a name. */
export function bareOption(sub: SubcommandDef): string | undefined {
  const entries = Object.entries(sub.options);
  return (
    entries.find(([, o]) => o.bare)?.[0] ??
    entries.find(([, o]) => o.required && (o.kind === "text" || o.kind === "longText"))?.[0]
  );
}

function optionNames(sub: SubcommandDef): string {
  return Object.keys(sub.options).join(", ") || "(none)";
}

function unknownOption(t: Token, sub: SubcommandDef, bare: string | undefined, example: string): UserError {
  const near = closest(t.name!, Object.keys(sub.options));
  const options = Object.keys(sub.options).length ? `Its options: ${optionNames(sub)}.` : "It takes no options.";
  const spec = bare ? sub.options[bare] : undefined;
  const freeText = spec && (spec.kind === "longText" || (spec.kind === "text" && (spec.maxLength ?? 0) > 40));
  const quote = freeText
    ? ` If "${t.name}:${t.value.slice(0, 20)}" belongs in the text, put the text in quotes: "… ${t.name}:${t.value.slice(0, 20)} …".`
    : "";
  return new UserError(
    `There is no option \`${t.name}\`${near ? ` — did you mean \`${near}\`?` : "."} ${options}${quote}`,
    example,
    near ?? t.name,
  );
}

/**
 * Assigns tokens to a subcommand's options, as raw strings for the option schemas.
 * Throws UserError for unknown or repeated options and stray words.
 */
export function assignOptions(tokens: Token[], sub: SubcommandDef, example: string): Record<string, string> {
  // Words of the free text are not options: only named ones count against the limit.
  const named = tokens.filter((t) => t.name !== undefined).length;
  if (named > MAX_OPTION_COUNT)
    throw new UserError(`That is ${named} options; a command takes at most ${MAX_OPTION_COUNT}.`, example);
  const values: Record<string, string> = Object.create(null);
  const bare = bareOption(sub);
  const bareWords: string[] = [];
  const specs = Object.entries(sub.options);
  const byName = (n: string) => specs.find(([k]) => k === n || k.replace(/[-_]/g, "") === n.replace(/[-_]/g, ""));
  for (const t of tokens) {
    if (t.name !== undefined) {
      const found = byName(t.name);
      if (!found) throw unknownOption(t, sub, bare, example);
      const [key, spec] = found;
      if (key in values) throw new UserError(`\`${key}\` is given twice.`, example, key);
      values[key] = normalize(spec, t.value);
      continue;
    }
    if (!t.quoted) {
      const u = userMention(t.value);
      const c = channelMention(t.value);
      const target = specs.find(
        ([k, o]) => !(k in values) && ((u && o.kind === "user") || (c && o.kind === "channel")),
      );
      if (target && (u ?? c)) {
        values[target[0]] = (u ?? c)!;
        continue;
      }
    }
    if (bare) {
      bareWords.push(t.value);
      continue;
    }
    throw new UserError(
      `I don't know what to do with "${t.value.slice(0, 40)}". Write options as name:value (options: ${optionNames(sub)}).`,
      example,
    );
  }
  if (bare && bareWords.length) {
    if (bare in values)
      throw new UserError(`\`${bare}\` is given twice (once by name, once as plain words).`, example, bare);
    values[bare] = bareWords.join(" ");
  }
  return values;
}
