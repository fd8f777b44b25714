// A mentor's plain DM, e.g. "45 min with J.R. today - classroom management, planning.
// notes: worked on transitions", read into a draft entry. Never throws: returns what it
// found plus what it could not read, so the answer can say exactly that.
import { parseDuration } from "../../core/duration.js";
import { userMention } from "../../core/text-options.js";

export const MODES = ["in person", "virtual", "phone", "observation"] as const;
export type Mode = (typeof MODES)[number];

export interface DmDraft {
  minutes?: number;
  mentee?: string;
  /** The date phrase as written ("today", "Tuesday", "Nov 3"); read in the workspace zone later. */
  when?: string;
  topicsText?: string;
  mode?: Mode;
  notes?: string;
}

const DATE_WORD = /^(today|yesterday|tonight|this|last|on|mon|tue|wed|thu|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday|jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|september|october|november|december|\d{1,2}\/\d{1,2}(\/\d{2,4})?|\d{4}-\d{2}-\d{2})[,.]?$/i;
const MODE_WORDS: [RegExp, Mode][] = [
  [/\b(in[- ]person|face to face|f2f)\b/i, "in person"],
  [/\b(virtual|zoom|teams|meet|video|online)\b/i, "virtual"],
  [/\b(phone|call|called)\b/i, "phone"],
  [/\b(observation|observed|observe)\b/i, "observation"],
];

export function parseDmMessage(input: string): DmDraft {
  const out: DmDraft = {};
  let s = input.replace(/\s+/g, " ").trim();
  const notes = /\bnotes?\s*:\s*(.*)$/i.exec(s);
  if (notes) {
    out.notes = notes[1]!.trim() || undefined;
    s = s.slice(0, notes.index).trim();
  }
  const dur = /^(\d+(?:\.\d+)?\s*(?:h(?:ours?|rs?)?|m(?:in(?:ute)?s?)?)?(?:\s*\d{1,2}\s*(?:m(?:in(?:ute)?s?)?)?)?|\d{1,2}:[0-5]\d)(?=\s|$|,)/i.exec(s);
  if (dur) {
    out.minutes = parseDuration(dur[1]!.replace(/\s+/g, ""));
    s = s.slice(dur[0].length).trim();
  }
  const withM = /^with\s+(.*)$/i.exec(s);
  if (withM) {
    const words = withM[1]!.split(" ");
    const mentee: string[] = [];
    let i = 0;
    for (; i < words.length; i++) {
      const w = words[i]!;
      if (/^[-—–:;]$/.test(w) || DATE_WORD.test(w.replace(/[:;]$/, "")) || /^(about|re|on)$/i.test(w)) break;
      if (/[:;]$/.test(w)) {
        mentee.push(w.slice(0, -1));
        words[i] = "-";
        break;
      }
      if (w.endsWith(",")) {
        mentee.push(w.slice(0, -1));
        i++;
        break;
      }
      mentee.push(w);
    }
    const m = mentee.join(" ").trim();
    if (m) out.mentee = userMention(m) ? `<@${userMention(m)}>` : m;
    s = words.slice(i).join(" ").trim();
  }
  const sep = /(?:^|\s)[-—–]\s|[:;]\s|(?:^|\s)(?:about|re)\s/i.exec(s + " ");
  let datePart = s;
  let topicPart = "";
  if (sep) {
    datePart = s.slice(0, sep.index).trim();
    topicPart = s.slice(sep.index + sep[0].length).trim();
  }
  if (datePart) out.when = datePart.replace(/[,.]$/, "");
  topicPart = topicPart.replace(/[.\s]+$/, "");
  for (const [re, mode] of MODE_WORDS) {
    if (re.test(topicPart)) {
      out.mode = mode;
      topicPart = topicPart.replace(re, "").replace(/\s*,\s*,/g, ",").replace(/^[,\s]+|[,\s]+$/g, "");
      break;
    }
  }
  if (!out.mode) for (const [re, mode] of MODE_WORDS) if (re.test(datePart)) out.mode = mode;
  if (topicPart) out.topicsText = topicPart;
  return out;
}
