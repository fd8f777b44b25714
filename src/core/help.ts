// Help generated from the command definitions: `/cadre help`, `/x help`, a bare `/x`.
import type { CommandDef, SubcommandDef } from "./command.js";
import { exampleLine } from "./command.js";
import { whoCan } from "./roles.js";
import { to, type Reply } from "./reply.js";
import { bareOption } from "./text-options.js";

const KIND_HINT: Record<string, string> = {
  text: "text",
  longText: "text",
  integer: "number",
  number: "number",
  boolean: "yes/no",
  user: "@person",
  channel: "#channel",
  dateTime: "date and time",
  date: "date",
  duration: "duration",
  choice: "one of",
};

export function overview(commands: readonly CommandDef[]): Reply {
  return {
    to: to.private,
    header: "cadre — what you can do",
    text: commands
      .map((c) => `**/${c.name}** — ${c.description}\n    ${Object.keys(c.subcommands).join(" · ")}`)
      .join("\n"),
    context:
      "Type /<command> help for details, e.g. /session help. Options are written name:value; quote values with spaces.",
  };
}

export function commandHelp(cmd: CommandDef): Reply {
  const lines = Object.entries(cmd.subcommands).map(([name, s]) => {
    const who = s.minRole && s.minRole !== "member" ? ` _(${whoCan(s.minRole)})_` : "";
    return `**/${cmd.name} ${name}** — ${s.description}${who}\n    e.g. \`${exampleLine(cmd.name, name, s.examples[0] ?? "")}\``;
  });
  return {
    to: to.private,
    header: `/${cmd.name} — ${cmd.description}`,
    text: lines.join("\n"),
    context: `Type /${cmd.name} <subcommand> help for its options.`,
  };
}

/** "a, b or c" */
const orList = (xs: readonly string[]): string =>
  xs.length <= 1 ? (xs[0] ?? "") : `${xs.slice(0, -1).join(", ")} or ${xs[xs.length - 1]}`;

export function subcommandHelp(cmd: CommandDef, name: string, s: SubcommandDef): Reply {
  const bare = bareOption(s);
  const opts = Object.entries(s.options).map(([k, o]) => {
    const kind =
      o.kind === "choice" ? `one of ${orList(o.choices!.map((c) => c.value))}` : (o.hint ?? KIND_HINT[o.kind]);
    const notes = [kind, ...(o.required ? ["required"] : [])].join("; ");
    // One example per line: the description's own "e.g." or the option's example, not both.
    const example = /\be\.g\./.test(o.description) ? "" : o.example ? `, e.g. \`${k}:${o.example}\`` : "";
    const bareNote = k === bare && o.example ? `; the name may be left out: \`/${cmd.name} ${name} ${o.example}\`` : "";
    return `- \`${k}:\` ${o.description}${example} (${notes}${bareNote})`;
  });
  const who = s.minRole && s.minRole !== "member" ? `\nWho can: ${whoCan(s.minRole)}.` : "";
  const where =
    s.where && s.where.length === 1 ? `\nWhere: ${s.where[0] === "dm" ? "in a DM with cadre" : "in a channel"}.` : "";
  return {
    to: to.private,
    header: `/${cmd.name} ${name}`,
    text:
      `${s.description}${who}${where}\n${opts.length ? "\n**Options**\n" + opts.join("\n") : ""}\n\n**Examples**\n` +
      s.examples.map((e) => `\`${exampleLine(cmd.name, name, e)}\``).join("\n"),
  };
}

/**
 * `/cadre help <words>`: the overview with no words; a command ("session"), one of its
 * subcommands ("session announce"), or one of /cadre's own ("settings"). Undefined when the
 * words name nothing.
 */
export function helpFor(commands: readonly CommandDef[], topic: string | undefined): Reply | undefined {
  const words = (topic ?? "").trim().replace(/^\//, "").toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return overview(commands);
  const own = (c: CommandDef, sub: string) =>
    Object.prototype.hasOwnProperty.call(c.subcommands, sub) ? c.subcommands[sub] : undefined;
  const cmd = commands.find((c) => c.name === words[0]);
  if (cmd) {
    if (words.length === 1) return commandHelp(cmd);
    const sub = own(cmd, words[1]!);
    return sub && words.length === 2 ? subcommandHelp(cmd, words[1]!, sub) : undefined;
  }
  if (words.length !== 1) return undefined;
  for (const c of commands) {
    const sub = own(c, words[0]!);
    if (sub) return subcommandHelp(c, words[0]!, sub);
  }
  return undefined;
}
