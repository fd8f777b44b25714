// Reply -> Block Kit. Markdown subset -> mrkdwn, fmt tokens -> Slack's own mention and date
// syntax (so each viewer sees dates in their own zone), buttons -> action ids the kernel routes.
import type { Reply } from "../../core/reply.js";
import { renderTokens, stripInvisible } from "../../core/rich.js";
import { encodeAction } from "../../core/action-id.js";

// Block Kit JSON as cadre builds it: loosely typed on purpose (Slack validates the shape).
export type Block = Record<string, any>;

const SLACK_DATE: Record<string, string> = {
  full: "{date_long_pretty} at {time}",
  date: "{date_short_pretty}",
  time: "{time}",
  short: "{date_short_pretty}, {time}",
  relative: "{date_pretty} at {time}",
};

/** Escapes & < > so text cannot open Slack markup; entities Slack already wrote into a user's command text stay as they are. */
const escape = (s: string) =>
  s
    .replace(/&(?!(?:amp|lt|gt);)/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");

/**
 * Slack's own markup inside user text becomes the words it stands for, inert: with
 * should_escape Slack writes a typed "@here" as <!here> and a person as <@U1|alex>, and a
 * pasted link arrives as <https://…|label>. Links show their address, never a label over it.
 */
function defuse(s: string): string {
  return s.replace(/<([^<>]*)>/g, (_m, inner: string) => {
    const bar = inner.indexOf("|");
    const target = bar < 0 ? inner : inner.slice(0, bar);
    const label = bar < 0 ? undefined : inner.slice(bar + 1);
    if (target.startsWith("!")) return label ?? `@${target.slice(1).split("^")[0]}`;
    if (target.startsWith("@")) return label ? `@${label.replace(/^@/, "")}` : target;
    if (target.startsWith("#")) return label ? `#${label.replace(/^#/, "")}` : target;
    return label && label !== target ? `${label} (${target})` : target;
  });
}

const MD_LINK = /\[([^\]]*)\]\((https?:\/\/[^\s<>|()]+)\)/g;

/**
 * The shared pipeline: cadre's tokens become live Slack syntax (kept aside in slots), while
 * everything else, which may be a member's text, is defused and escaped. A Markdown link
 * shows its address as the link text ("join (<https://…>)"), so no label can hide where it goes.
 */
function render(text: string, time: (at: Date, style: string) => string, bold: (s: string) => string): string {
  const slots: string[] = [];
  const keep = (s: string) => `\u0000${slots.push(s) - 1}\u0000`;
  let s = renderTokens(stripInvisible(text).replace(/\u0000/g, ""), {
    user: (id) => keep(`<@${id}>`),
    channel: (id) => keep(`<#${id}>`),
    time: (at, style) => keep(time(at, style)),
  });
  s = defuse(s).replace(MD_LINK, (_m, t: string, u: string) => `${t ? `${t} ` : ""}(${keep(`<${escape(u)}>`)})`);
  s = bold(escape(s));
  return s.replace(/\u0000(\d+)\u0000/g, (_m, i: string) => slots[Number(i)]!);
}

const utc = (at: Date) => `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;

/** Markdown subset + tokens -> Slack mrkdwn. */
export function mrkdwn(text: string): string {
  return render(
    text,
    (at, style) => `<!date^${Math.floor(at.getTime() / 1000)}^${SLACK_DATE[style] ?? SLACK_DATE.full}|${utc(at)}>`,
    (s) => s.replace(/\*\*([^*]+)\*\*/g, "*$1*"),
  );
}

/** Escaped text for the notification fallback and field labels: mentions live, no formatting. */
export function plain(text: string): string {
  return render(text, utc, (s) => s.replace(/\*\*([^*]+)\*\*/g, "$1"));
}

/** For plain_text objects (headers, buttons), which Slack shows as typed: no markup at all. */
function literal(text: string): string {
  let s = renderTokens(stripInvisible(text), { user: (id) => `@${id}`, channel: (id) => `#${id}`, time: utc });
  for (let before = ""; before !== s;) [before, s] = [s, defuse(s)]; // "<<!here>>" defused once is "<@here>"
  return s.replace(/\*\*([^*]+)\*\*/g, "$1");
}

// verbatim: Slack would otherwise auto-link and parse mention-like words in member text.
const md = (text: string) => ({ type: "mrkdwn", text, verbatim: true });

function chunks(s: string, size: number): string[] {
  const out: string[] = [];
  let rest = s;
  while (rest.length > size) {
    const cut = Math.max(rest.lastIndexOf("\n", size), size / 2);
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  if (rest) out.push(rest);
  return out;
}

export function toBlocks(r: Reply): { text: string; blocks: Block[] } {
  const blocks: Block[] = [];
  if (r.header)
    blocks.push({ type: "header", text: { type: "plain_text", text: literal(r.header).slice(0, 150), emoji: true } });
  if (r.text) for (const c of chunks(mrkdwn(r.text), 2900)) blocks.push({ type: "section", text: md(c) });
  const fields = (r.fields ?? []).map((f) => md(`*${plain(f.label)}*\n${mrkdwn(f.value)}`.slice(0, 2000)));
  for (let i = 0; i < fields.length; i += 10) blocks.push({ type: "section", fields: fields.slice(i, i + 10) });
  if (r.context) blocks.push({ type: "context", elements: [md(mrkdwn(r.context).slice(0, 2900))] });
  const buttons = (r.buttons ?? []).map((b) => ({
    type: "button",
    text: { type: "plain_text", text: literal(b.label).slice(0, 75), emoji: true },
    action_id: encodeAction(b.action, b.value),
    value: b.value,
    ...(b.style ? { style: b.style } : {}),
  }));
  for (let i = 0; i < buttons.length; i += 25) blocks.push({ type: "actions", elements: buttons.slice(i, i + 25) });
  const text = plain([r.header, r.text].filter(Boolean).join("\n")).slice(0, 3000) || "cadre";
  return { text, blocks: blocks.slice(0, 50) };
}
