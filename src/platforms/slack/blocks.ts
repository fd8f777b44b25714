// Reply -> Block Kit. Markdown subset -> mrkdwn, fmt tokens -> Slack's own mention and date
// syntax (so each viewer sees dates in their own zone), buttons -> action ids the kernel routes.
import type { Reply } from "../../core/reply.js";
import { renderTokens } from "../../core/rich.js";
import { encodeAction } from "../../core/action-id.js";

/* eslint-disable @typescript-eslint/no-explicit-any */
export type Block = Record<string, any>;

const SLACK_DATE: Record<string, string> = {
  full: "{date_long_pretty} at {time}",
  date: "{date_short_pretty}",
  time: "{time}",
  short: "{date_short_pretty}, {time}",
  relative: "{date_pretty} at {time}",
};

const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** Markdown subset + tokens -> Slack mrkdwn. */
export function mrkdwn(text: string): string {
  const slots: string[] = [];
  const keep = (s: string) => `\u0000${slots.push(s) - 1}\u0000`;
  let s = renderTokens(text, {
    user: (id) => keep(`<@${id}>`),
    channel: (id) => keep(`<#${id}>`),
    time: (at, style) =>
      keep(
        `<!date^${Math.floor(at.getTime() / 1000)}^${SLACK_DATE[style] ?? SLACK_DATE.full}|${at.toISOString().slice(0, 16).replace("T", " ")} UTC>`,
      ),
  });
  s = s.replace(/\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)/g, (_m, t: string, u: string) => keep(`<${u}|${escape(t)}>`));
  s = escape(s).replace(/\*\*([^*]+)\*\*/g, "*$1*");
  return s.replace(/\u0000(\d+)\u0000/g, (_m, i: string) => slots[Number(i)]!);
}

/** Plain text (notification fallback, headers). */
export function plain(text: string): string {
  return renderTokens(text, {
    user: (id) => `<@${id}>`,
    channel: (id) => `<#${id}>`,
    time: (at) => at.toISOString().slice(0, 16).replace("T", " ") + " UTC",
  }).replace(/\*\*([^*]+)\*\*/g, "$1");
}

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
    blocks.push({ type: "header", text: { type: "plain_text", text: plain(r.header).slice(0, 150), emoji: true } });
  if (r.text)
    for (const c of chunks(mrkdwn(r.text), 2900)) blocks.push({ type: "section", text: { type: "mrkdwn", text: c } });
  const fields = (r.fields ?? []).map((f) => ({
    type: "mrkdwn",
    text: `*${escape(plain(f.label))}*\n${mrkdwn(f.value)}`.slice(0, 2000),
  }));
  for (let i = 0; i < fields.length; i += 10) blocks.push({ type: "section", fields: fields.slice(i, i + 10) });
  if (r.context)
    blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: mrkdwn(r.context).slice(0, 2900) }] });
  const buttons = (r.buttons ?? []).map((b) => ({
    type: "button",
    text: { type: "plain_text", text: b.label.slice(0, 75), emoji: true },
    action_id: encodeAction(b.action, b.value),
    value: b.value,
    ...(b.style ? { style: b.style } : {}),
  }));
  for (let i = 0; i < buttons.length; i += 25) blocks.push({ type: "actions", elements: buttons.slice(i, i + 25) });
  const text = plain([r.header, r.text].filter(Boolean).join("\n")).slice(0, 3000) || "cadre";
  return { text, blocks: blocks.slice(0, 50) };
}
