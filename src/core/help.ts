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

export function subcommandHelp(cmd: CommandDef, name: string, s: SubcommandDef): Reply {
  const bare = bareOption(s);
  const opts = Object.entries(s.options).map(([k, o]) => {
    const hint = o.kind === "choice" ? `one of ${o.choices!.map((c) => c.value).join(", ")}` : KIND_HINT[o.kind];
    return `- \`${k}:\` ${o.description} (${hint}${o.required ? ", required" : ""}${k === bare ? ", may be written without the name" : ""})`;
  });
  const who = s.minRole && s.minRole !== "member" ? `\nWho can: ${whoCan(s.minRole)}.` : "";
  const where =
    s.where && s.where.length === 1 ? `\nWhere: ${s.where[0] === "dm" ? "in a DM with cadre" : "in a channel"}.` : "";
  return {
    to: to.private,
    header: `/${cmd.name} ${name}`,
    text: `${s.description}${who}${where}\n${opts.length ? "\n**Options**\n" + opts.join("\n") : ""}\n\n**Examples**\n${s.examples.map((e) => `\`${exampleLine(cmd.name, name, e)}\``).join("\n")}`,
  };
}
