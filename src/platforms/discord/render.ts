// Reply -> Discord messages: header as the embed title, text as the description, fields,
// context as the footer, buttons in action rows (custom_id = encoded action id) and files.
// Mentions and date-times become <@id>, <#id> and <t:unix:F> where Discord renders them
// (descriptions, field values) and readable text where it does not (titles, footers, labels).
// Output longer than Discord allows is split across embeds and messages.
import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  type APIEmbedField,
} from "discord.js";
import { encodeAction } from "../../core/action-id.js";
import { attachmentBytes, type Reply } from "../../core/reply.js";
import { formatInZone, renderTokens, stripInvisible, type TimeStyle } from "../../core/rich.js";
import { clip, LIMITS } from "./limits.js";

export interface DiscordFile {
  name: string;
  data: Buffer;
  contentType: string;
}

export interface DiscordMessage {
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponent>[];
  files: DiscordFile[];
  /** Set only on messages that carry no embed (extra buttons or files). */
  content?: string;
}

/** How tokens read where Discord shows plain text. */
export interface PlainNames {
  zone: string;
  user(id: string): string | undefined;
  channel(id: string): string | undefined;
}

const STYLE: Record<TimeStyle, string> = { full: "F", date: "D", time: "t", short: "f", relative: "R" };

const MD_LINK = /\[([^\]]*)\]\((https?:\/\/[^\s<>()[\]]+)\)/g;
/** "@everyone" and "@here" with a zero-width space after the @: read the same, never ping. */
const noMassMention = (s: string) => s.replace(/@(everyone|here)/gi, "@\u200b$1");

/**
 * For descriptions and field values, where Discord renders Markdown: cadre's tokens become
 * mentions and dates, and a member's text can make neither. A Markdown link shows its address
 * ("join (https://…)"); the brackets, backslashes and "<" left in the text are escaped so no
 * masked link or mention can form from them.
 */
export function nativeTokens(text: string): string {
  const slots: string[] = [];
  const keep = (s: string) => `\u0000${slots.push(s) - 1}\u0000`;
  let s = renderTokens(stripInvisible(text).replace(/\u0000/g, ""), {
    user: (id) => keep(`<@${id}>`),
    channel: (id) => keep(`<#${id}>`),
    time: (at, style) => keep(`<t:${Math.floor(at.getTime() / 1000)}:${STYLE[style] ?? "F"}>`),
  });
  s = s.replace(MD_LINK, (_m, t: string, u: string) => `${t ? `${t} ` : ""}(${keep(u)})`);
  s = noMassMention(s.replace(/[\\[\]<]/g, "\\$&"));
  return s.replace(/\u0000(\d+)\u0000/g, (_m, i: string) => slots[Number(i)]!);
}

/** For titles, footers and labels, which Discord shows as text: readable names, links as their address. */
export function plainText(text: string, n: PlainNames): string {
  const name = (v: string | undefined) => (v === undefined ? undefined : stripInvisible(v));
  return noMassMention(
    renderTokens(stripInvisible(text), {
      user: (id) => `@${name(n.user(id)) ?? id}`,
      channel: (id) => `#${name(n.channel(id)) ?? id}`,
      time: (at, style) => formatInZone(at, n.zone, style),
    }).replace(MD_LINK, (_m, t: string, u: string) => `${t ? `${t} ` : ""}(${u})`),
  );
}

const COLOR = { error: 0xed4245, warning: 0xfee75c, normal: 0x5865f2 } as const;

/** Splits at line breaks (then spaces) so each piece has at most `max` characters. */
export function splitText(text: string, max: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = rest.lastIndexOf("\n", max);
    if (cut < max / 2) cut = rest.lastIndexOf(" ", max);
    if (cut < max / 2) cut = max;
    out.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).replace(/^\n/, "");
  }
  if (rest.trim() || !out.length) out.push(rest);
  return out;
}

export function embedSize(e: APIEmbed): number {
  return (
    (e.title?.length ?? 0) +
    (e.description?.length ?? 0) +
    (e.footer?.text.length ?? 0) +
    (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}

function buildEmbeds(r: Reply, n: PlainNames): APIEmbed[] {
  const color = COLOR[r.tone ?? "normal"];
  // Discord rejects blank titles, values and footers: blank parts are left out or marked.
  const fullTitle = r.header?.trim() ? plainText(r.header.trim(), n) : undefined;
  const title = fullTitle ? clip(fullTitle, LIMITS.embedTitle) : undefined;
  // A title too long for Discord's 256 is shortened, and shown whole at the top of the body.
  const body = [
    fullTitle && fullTitle !== title ? `**${nativeTokens(r.header!.trim())}**` : "",
    r.text?.trim() ? nativeTokens(r.text.trim()) : "",
  ]
    .filter(Boolean)
    .join("\n");
  const pieces = body ? splitText(body, LIMITS.embedDescription).filter((p) => p.trim()) : [];
  const fields: APIEmbedField[] = (r.fields ?? []).flatMap((f) =>
    splitText(nativeTokens(f.value).trim() || "—", LIMITS.fieldValue)
      .filter((p) => p.trim())
      .map((value, i) => ({
        name: i ? "\u200b" : clip(plainText(f.label, n).trim(), LIMITS.fieldName) || "\u200b",
        value,
        inline: f.inline ?? false,
      })),
  );
  const footer = r.context?.trim() ? clip(plainText(r.context.trim(), n), LIMITS.footer) : undefined;

  const embeds: APIEmbed[] = [];
  let cur: APIEmbed = { color, ...(title ? { title } : {}) };
  const hasBody = (e: APIEmbed) => Boolean(e.title || e.description || e.fields?.length || e.footer);
  const next = () => {
    embeds.push(cur);
    cur = { color };
  };
  pieces.forEach((p, i) => {
    if (i > 0) next();
    cur.description = p;
  });
  for (const f of fields) {
    if (
      (cur.fields?.length ?? 0) >= LIMITS.embedFields ||
      embedSize(cur) + f.name.length + f.value.length > LIMITS.embedTotal - (footer?.length ?? 0)
    )
      next();
    (cur.fields ??= []).push(f);
  }
  if (footer) {
    if (embedSize(cur) + footer.length > LIMITS.embedTotal) next();
    cur.footer = { text: footer };
  }
  if (hasBody(cur) || !embeds.length) embeds.push(cur);
  return embeds.filter(hasBody);
}

function buttonRows(r: Reply, n: PlainNames): APIActionRowComponent<APIButtonComponent>[][] {
  const seen = new Set<string>();
  const buttons: APIButtonComponent[] = [];
  for (const b of r.buttons ?? []) {
    const custom_id = encodeAction(b.action, b.value);
    if (seen.has(custom_id)) continue; // Discord refuses duplicate ids in one message
    seen.add(custom_id);
    buttons.push({
      type: ComponentType.Button,
      custom_id,
      label: clip(plainText(b.label, n).trim(), LIMITS.buttonLabel) || "…",
      style:
        b.style === "primary" ? ButtonStyle.Primary : b.style === "danger" ? ButtonStyle.Danger : ButtonStyle.Secondary,
    });
  }
  const rows: APIActionRowComponent<APIButtonComponent>[] = [];
  for (let i = 0; i < buttons.length; i += LIMITS.buttonsPerRow)
    rows.push({ type: ComponentType.ActionRow, components: buttons.slice(i, i + LIMITS.buttonsPerRow) });
  const groups: APIActionRowComponent<APIButtonComponent>[][] = [];
  for (let i = 0; i < rows.length; i += LIMITS.rowsPerMessage) groups.push(rows.slice(i, i + LIMITS.rowsPerMessage));
  return groups;
}

const toFile = (f: NonNullable<Reply["files"]>[number]): DiscordFile => ({
  name: f.filename,
  data: attachmentBytes(f),
  contentType: f.contentType,
});

/** The messages one Reply becomes, in order; buttons and files ride on the last one. */
export function renderMessages(r: Reply, n: PlainNames): DiscordMessage[] {
  const msgs: DiscordMessage[] = [];
  let cur: DiscordMessage = { embeds: [], components: [], files: [] };
  let total = 0;
  for (const e of buildEmbeds(r, n)) {
    const size = embedSize(e);
    if (cur.embeds.length && (cur.embeds.length >= LIMITS.embedsPerMessage || total + size > LIMITS.embedTotal)) {
      msgs.push(cur);
      cur = { embeds: [], components: [], files: [] };
      total = 0;
    }
    cur.embeds.push(e);
    total += size;
  }
  const [firstRows, ...moreRows] = buttonRows(r, n);
  cur.components = firstRows ?? [];
  const files = (r.files ?? []).map(toFile);
  cur.files = files.slice(0, LIMITS.filesPerMessage);
  if (!cur.embeds.length && !cur.components.length && !cur.files.length) cur.content = "\u200b";
  msgs.push(cur);
  for (const rows of moreRows) msgs.push({ embeds: [], components: rows, files: [], content: "More:" });
  for (let i = LIMITS.filesPerMessage; i < files.length; i += LIMITS.filesPerMessage)
    msgs.push({
      embeds: [],
      components: [],
      files: files.slice(i, i + LIMITS.filesPerMessage),
      content: "More files:",
    });
  return msgs;
}

/** One message for an edit: an edit cannot add messages, so overflow is cut with a note (and where to read it all). */
export function renderSingle(r: Reply, n: PlainNames): DiscordMessage {
  const SHORTENED = `\n…(shortened to fit one Discord message)${r.overflow ? ` All of it: ${nativeTokens(r.overflow)}.` : ""}`;
  const all = renderMessages(r, n);
  const first = all[0]!;
  if (all.length === 1) return first;
  const last = all[all.length - 1]!;
  const embeds = [...first.embeds];
  const tail = embeds[embeds.length - 1];
  if (tail) {
    const room = LIMITS.embedTotal - embeds.reduce((s, e) => s + embedSize(e), 0);
    const desc = tail.description ?? "";
    tail.description =
      desc.length + SHORTENED.length <= LIMITS.embedDescription && room >= SHORTENED.length
        ? desc + SHORTENED
        : desc.slice(0, Math.max(0, desc.length - SHORTENED.length)) + SHORTENED;
  }
  return {
    embeds,
    components: first.components.length ? first.components : last.components.slice(0, LIMITS.rowsPerMessage),
    files: all.flatMap((m) => m.files).slice(0, LIMITS.filesPerMessage),
  };
}

/** The JSON body (without files) for the REST API and interaction replies. */
export function messageBody(m: DiscordMessage): {
  content?: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponent>[];
  allowed_mentions: { parse: [] };
} {
  return {
    ...(m.content ? { content: m.content } : {}),
    embeds: m.embeds,
    components: m.components,
    allowed_mentions: { parse: [] },
  };
}
