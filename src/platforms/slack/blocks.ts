// Reply -> Block Kit. Markdown subset -> mrkdwn, fmt tokens -> Slack's own mention and date
// syntax (so each viewer sees dates in their own zone), buttons -> action ids the kernel routes.
import type { Reply } from "../../core/reply.js";
import { renderTokens, stripInvisible } from "../../core/rich.js";
import { encodeAction } from "../../core/action-id.js";
import { blockText, clip, LIMITS } from "./limits.js";

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

/**
 * Splits rendered mrkdwn into pieces of at most `size`: at a line break, else a space, never
 * inside Slack markup (<@U1>, <!date^…>, <https://…>) or an entity (&amp;).
 */
export function chunks(s: string, size: number): string[] {
  const out: string[] = [];
  let rest = s;
  while (rest.length > size) {
    let cut = rest.lastIndexOf("\n", size);
    if (cut < size / 2) cut = rest.lastIndexOf(" ", size);
    if (cut < size / 2) cut = size;
    const open = rest.lastIndexOf("<", cut - 1);
    if (open > 0 && open > rest.lastIndexOf(">", cut - 1)) cut = open;
    const amp = rest.lastIndexOf("&", cut - 1);
    if (amp > 0 && amp > rest.lastIndexOf(";", cut - 1) && cut - amp < 8) cut = amp;
    if (/[\uD800-\uDBFF]/.test(rest[cut - 1] ?? "")) cut--;
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^\n/, "");
  }
  if (rest) out.push(rest);
  return out;
}

const section = (text: string): Block => ({ type: "section", text: md(text) });
/** Sections for rendered text; Slack refuses a blank one. */
const sections = (text: string): Block[] =>
  chunks(text, LIMITS.sectionText)
    .filter((c) => c.trim())
    .map(section);
const lineCount = (b: Block): number =>
  [b.text?.text, ...(b.fields ?? []).map((f: Block) => f.text)]
    .filter((t): t is string => typeof t === "string")
    .reduce((n, t) => n + t.split("\n").filter((l) => l.trim()).length, 0);

/**
 * One Reply as one Slack message within Block Kit's limits (limits.ts). Nothing is cut
 * without saying so: a header too long for Slack's 150 is shortened and shown whole under
 * it; a field too long for a field becomes a section; text is split over sections; and when
 * the whole would pass 50 blocks or Slack's total, the body ends early with a line saying how
 * much is left out and where to read all of it (`overflow`). Buttons and the context are kept.
 */
export function toBlocks(r: Reply): { text: string; blocks: Block[] } {
  const head: Block[] = [];
  const body: Block[] = [];
  const full = r.header ? literal(r.header).trim() : "";
  if (full) {
    head.push({ type: "header", text: { type: "plain_text", text: clip(full, LIMITS.headerText), emoji: true } });
    if (full.length > LIMITS.headerText) body.push(...sections(`*${plain(r.header!.trim())}*`));
  }
  if (r.text) body.push(...sections(mrkdwn(r.text)));
  let fields: Block[] = [];
  const flush = () => {
    if (fields.length) body.push({ type: "section", fields });
    fields = [];
  };
  for (const f of r.fields ?? []) {
    const label = `*${plain(f.label)}*`;
    const value = mrkdwn(f.value);
    const whole = `${label}\n${value}`;
    if (whole.length <= LIMITS.fieldText) {
      if (fields.length >= LIMITS.sectionFields) flush();
      fields.push(md(whole));
      continue;
    }
    // Too long for a field (a mentor's note): its own section(s), label first, nothing lost.
    flush();
    body.push(...sections(whole));
  }
  flush();
  const tail: Block[] = [];
  const context = r.context?.trim() ? chunks(mrkdwn(r.context), LIMITS.textObject).filter((c) => c.trim()) : [];
  // The context line stays under the body; one too long for a context element is body text.
  if (context.length === 1) tail.push({ type: "context", elements: [md(context[0]!)] });
  else body.push(...context.map(section));
  // Slack refuses two elements with one action_id; two such buttons would do the same anyway.
  const ids = new Set<string>();
  const unique = (r.buttons ?? []).filter((b) => {
    const id = encodeAction(b.action, b.value);
    return !ids.has(id) && Boolean(ids.add(id));
  });
  const buttons = unique.map((b) => ({
    type: "button",
    text: { type: "plain_text", text: clip(literal(b.label), LIMITS.buttonText) || "…", emoji: true },
    action_id: encodeAction(b.action, b.value),
    value: b.value,
    ...(b.style ? { style: b.style } : {}),
  }));
  for (let i = 0; i < buttons.length; i += LIMITS.actionsElements)
    tail.push({ type: "actions", elements: buttons.slice(i, i + LIMITS.actionsElements) });

  const blocks = [...head, ...fit(body, [...head, ...tail], r.overflow), ...tail];
  const text = clip(plain([r.header, r.text].filter(Boolean).join("\n")), LIMITS.sectionText) || "cadre";
  return { text, blocks: blocks.slice(0, LIMITS.blocksPerMessage) };
}

/** A note's own room: its text and the block around it. */
const NOTE_ROOM = 400;

/** The body blocks that fit beside `kept`, and a note saying what was left out when some do not. */
function fit(body: Block[], kept: Block[], overflow: string | undefined): Block[] {
  const blocksLeft = LIMITS.blocksPerMessage - kept.length;
  const textLeft = LIMITS.blockTextTotal - blockText(kept);
  if (body.length <= blocksLeft && blockText(body) <= textLeft) return body;
  const out: Block[] = [];
  let used = 0;
  for (const b of body) {
    const n = blockText([b]);
    if (out.length + 1 >= blocksLeft || used + n > textLeft - NOTE_ROOM) break;
    out.push(b);
    used += n;
  }
  const lines = body.slice(out.length).reduce((n, b) => n + lineCount(b), 0);
  const where = overflow ? ` All of it: ${mrkdwn(overflow)}.` : "";
  const note = `_… ${lines} more line${lines === 1 ? "" : "s"} not shown (shortened to fit one Slack message).${where}_`;
  return [...out, { type: "context", elements: [md(clip(note, LIMITS.textObject))] }];
}
