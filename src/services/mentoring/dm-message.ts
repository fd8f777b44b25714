// A mentor's plain DM, e.g. "45 min with J.R. today - classroom management, planning.
// notes: worked on transitions", read into a draft entry. People write the parts in any order
// ("met with J.R. for 45 min today, planning"), so each part is found and cut out in turn:
// notes, duration, mentee, date, mode; what is left are the topics. Never throws: it returns
// what it found, and the draft card shows it back before anything is saved.
import { parseDuration } from "../../core/duration.js";
import { userMention } from "../../core/text-options.js";

export const MODES = ["in person", "virtual", "phone", "observation"] as const;
export type Mode = (typeof MODES)[number];

export interface DmDraft {
  minutes?: number;
  mentee?: string;
  /** The date phrase as written ("today", "last Tuesday", "Nov 3"); read in the workspace zone later. */
  when?: string;
  topicsText?: string;
  mode?: Mode;
  notes?: string;
  /** A duration written with a minus ("-2h"): refused, never read as its size. */
  negativeDuration?: true;
  /** A duration longer than one entry may be, in minutes ("400 hours"): refused with the limit. */
  tooLongMinutes?: number;
}

/** The longest entry a message (or /mentor log) may record. */
export const MAX_MINUTES = 12 * 60;

const src = (parts: string[]) => parts.join("|");

// A duration with a unit, anywhere: "45 min", "1h30", "1 h 30 min", "1.5 hours", "an hour and a half".
const DURATION = new RegExp(
  String.raw`(?<![\w/.:])(?:for\s+)?(\d+(?:\.\d+)?\s*(?:h(?:ours?|rs?)?\.?(?:\s*(?:and\s+)?[0-5]?\d\s*(?:m(?:in(?:ute)?s?)?\.?)?)?|m(?:in(?:ute)?s?)?\.?)|(?:an?|one)\s+hour(?:\s+and\s+a\s+half)?|half\s+an\s+hour)(?![\w/])`,
  "i",
);
// A bare number ("90 with J.R.") or clock-style length ("1:30") only where a message starts
// and only before "with" (so "45 parsecs" is not 45 minutes).
const LEADING_DURATION = /^(?:(?:spent|met|logged)\s+)?(\d{1,4}(?:\.\d+)?|\d{1,2}:[0-5]\d)(?=,?\s+(?:with\s|w\/|w\s))/i;
// A minus right before a number with a unit ("-2h", "for −45 min"): a negative duration.
// A dash with a space after it is a separator ("J.R. - 2h"), so the minus must touch the number.
const NEGATIVE_DURATION = /(?:^|\s)[-−–]\d+(?:\.\d+)?\s*(?:h(?:ours?|rs?)?|m(?:in(?:ute)?s?)?)(?![a-z])/i;

const WEEKDAY = "monday|tuesday|wednesday|thursday|friday|saturday|sunday";
const WEEKDAY_SHORT = "mon|tues?|wed|thu(?:rs?)?|fri|sat|sun";
const MONTH =
  "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";
const DATE_PHRASE = src([
  String.raw`today|yesterday|tonight|tomorrow|this\s+(?:morning|afternoon|evening)`,
  String.raw`next\s+(?:week|${WEEKDAY}|${WEEKDAY_SHORT})`, // read only to be refused as the future
  String.raw`\d{1,2}\s+days?\s+ago`,
  String.raw`(?:on\s+)?(?:(?:last|this|past)\s+)?(?:${WEEKDAY})`,
  String.raw`(?:on\s+|last\s+|this\s+|past\s+)(?:${WEEKDAY_SHORT})\.?`,
  String.raw`(?:on\s+)?(?:${MONTH})\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?`,
  String.raw`(?:on\s+)?(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:${MONTH})\.?(?:,?\s+\d{4})?`,
  String.raw`(?:on\s+)?\d{1,2}\/\d{1,2}(?:\/\d{2,4})?`,
  String.raw`(?:on\s+)?\d{4}-\d{2}-\d{2}`,
]);
const DATE = new RegExp(String.raw`(?<![\w/-])(?:${DATE_PHRASE})(?![\w/-])`, "i");
const DATE_AT_START = new RegExp(String.raw`^(?:${DATE_PHRASE})(?![\w/-])`, "i");

// How they met; the first that matches wins (a "zoom call" is virtual, not phone).
const MODE_WORDS: [RegExp, Mode][] = [
  [/(?<![\w-])(?:in[- ]person|face[- ]to[- ]face|f2f)(?![\w-])/i, "in person"],
  [
    /(?<![\w-])(?:(?:on|over|via|by)\s+)?(?:zoom|google\s+meet|facetime|video|online|virtual(?:ly)?)(?:\s+(?:call|meeting|chat))?(?![\w-])/i,
    "virtual",
  ],
  [/(?<![\w-])(?:(?:on|over|via|by)\s+(?:the\s+)?)?(?:phone(?:\s+call)?|call(?:ed)?)(?![\w-])/i, "phone"],
  [/(?<![\w-])(?:observation|observed|observing)(?![\w-])/i, "observation"],
];
const MODE_AT_START =
  /^(?:in[- ]person|face[- ]to[- ]face|f2f|zoom|google\s+meet|facetime|video|online|virtual(?:ly)?|phone|call(?:ed)?|observation|observed|observing|(?:on|over|via|by)\s+(?:the\s+)?(?:zoom|phone|video|facetime))(?![\w-])/i;

// Words that end a mentee's name: the next part of the sentence begins.
const MENTEE_STOP =
  /^(?:about|re|regarding|on|at|in|via|over|by|for|during|to|from|discussing|discussed|talking|talked|working|worked|focusing|focused|covering|covered|-|—|–|:|;|\|)$/i;
// Words that lead into topics and mean nothing on their own.
const FILLER =
  /^(?:(?:we|i|and|then|also|mostly|mainly|a|an|the|met|meet|spent(?:\s+(?:some\s+)?time)?|had|did|logged|mentoring|mentored|session|meeting|chat(?:ted)?|check(?:ed)?[- ]in|talked(?:\s+about)?|talking(?:\s+about)?|about|re|regarding|on|discussed|discussing|worked(?:\s+on)?|working(?:\s+on)?|focused(?:\s+on)?|focusing(?:\s+on)?|covered|covering|topics?|for|to|in|with)(?:\s+|$))+/i;

/** Cuts the first match of `re` out of `s`, returning the match and the rest. */
function cut(s: string, re: RegExp): [RegExpExecArray | null, string] {
  const m = re.exec(s);
  if (!m) return [null, s];
  return [m, `${s.slice(0, m.index)} ${s.slice(m.index + m[0].length)}`.replace(/\s+/g, " ").trim()];
}

function durationMinutes(text: string): number | undefined {
  const t = text.toLowerCase().replace(/\s+/g, " ").trim();
  if (/^half an hour$/.test(t)) return 30;
  if (/^(?:an?|one) hour and a half$/.test(t)) return 90;
  if (/^(?:an?|one) hour$/.test(t)) return 60;
  // "1 h and 30 min." -> "1h30min"; a decimal point ("1.5h") stays.
  return parseDuration(
    t
      .replace(/\band\b/g, "")
      .replace(/\.(?!\d)/g, "")
      .replace(/\s+/g, ""),
    { maxMinutes: 100_000 * 60 },
  );
}

/** Quotes and trailing punctuation off a name; the dot of a final initial ("J.R.") stays. */
function tidyName(raw: string): string {
  let who = raw.trim().replace(/^["']+|["',;]+$/g, "");
  if (who.endsWith(")") && !who.includes("(")) who = who.slice(0, -1);
  if (who.startsWith("(") && !who.includes(")")) who = who.slice(1);
  if (who.endsWith(".") && !/(?:^|[\s.])[A-Za-z]\.$/.test(who)) who = who.slice(0, -1);
  return who.trim();
}

/** The mentee after "with"/"w/": words up to where the next part of the sentence starts. */
function takeMentee(s: string): [string | undefined, string] {
  const m = /(?:^|\s)(?:with\s+|w\/\s*|w\s+)(?=\S)/i.exec(s);
  if (!m) return [undefined, s];
  const before = s.slice(0, m.index);
  const words = s.slice(m.index + m[0].length).split(" ");
  const name: string[] = [];
  let i = 0;
  for (; i < words.length; i++) {
    const w = words[i]!;
    const rest = words.slice(i).join(" ");
    if (MENTEE_STOP.test(w) || DATE_AT_START.test(rest) || MODE_AT_START.test(rest)) break;
    if (userMention(w.replace(/[,.;:]+$/, "")) && name.length === 0) {
      name.push(w.replace(/[,.;:]+$/, ""));
      i++;
      break;
    }
    if (/[,;:]$/.test(w)) {
      name.push(w.slice(0, -1));
      i++;
      break;
    }
    name.push(w);
    // "J.R. planning" or "Lopez. Planning": a sentence ends there (titles like "Ms." do not).
    if (/\.$/.test(w) && (/^[a-z]/.test(words[i + 1] ?? "") || /^[A-Za-z]{4,}\.$/.test(w))) {
      i++;
      break;
    }
  }
  // "with J.R. and K.T.": a second mentee joined by "and" or "&" belongs to the name.
  const second = /^(?:and|&)$/i.test(words[i] ?? "") ? words[i + 1] : undefined;
  if (
    second &&
    (userMention(second.replace(/[,.;:]+$/, "")) || /^(?:[A-Z]\.?){1,3}[,;:]?$|^[A-Z][a-z]+[,;:]?$/.test(second))
  ) {
    name.push(words[i]!, second.replace(/[,;:]$/, ""));
    i += 2;
  }
  const who = tidyName(name.join(" "));
  const rest = `${before} ${words.slice(i).join(" ")}`.replace(/\s+/g, " ").trim();
  if (!who) return [undefined, rest];
  const mention = userMention(who);
  return [mention ? `<@${mention}>` : who, rest];
}

function topicsFrom(s: string): string | undefined {
  const parts = s
    .replace(/(?:^|\s)[-—–|](?=\s|$)/g, ",")
    .replace(/[:;]/g, ",")
    .replace(/\.(?=\s|$)/g, ",")
    .split(",")
    .map((p) => p.trim().replace(FILLER, "").trim())
    .filter(Boolean);
  return parts.length ? parts.join(", ") : undefined;
}

export function parseDmMessage(input: string): DmDraft {
  const out: DmDraft = {};
  let s = input.replace(/\s+/g, " ").trim();
  const notes = /(?:^|\s|[.,;])notes?\s*:\s*(.*)$/i.exec(s);
  if (notes) {
    out.notes = notes[1]!.trim() || undefined;
    s = s.slice(0, notes.index).trim();
  }
  let m: RegExpExecArray | null;
  if (NEGATIVE_DURATION.test(s)) {
    out.negativeDuration = true;
    s = s.replace(NEGATIVE_DURATION, " ").trim();
  }
  [m, s] = cut(s, DURATION);
  if (!m) [m, s] = cut(s, LEADING_DURATION);
  if (m && !out.negativeDuration) {
    const minutes = durationMinutes(m[1]!);
    if (minutes !== undefined && minutes > MAX_MINUTES) out.tooLongMinutes = minutes;
    else out.minutes = minutes;
  }
  [out.mentee, s] = takeMentee(s);
  [m, s] = cut(s, DATE);
  if (m) out.when = m[0].replace(/^on\s+/i, "").replace(/\.$/, "");
  for (const [re, mode] of MODE_WORDS) {
    [m, s] = cut(s, re);
    if (m) {
      out.mode = mode;
      break;
    }
  }
  const topics = topicsFrom(s);
  if (topics) out.topicsText = topics;
  for (const k of Object.keys(out) as (keyof DmDraft)[]) if (out[k] === undefined) delete out[k];
  return out;
}
