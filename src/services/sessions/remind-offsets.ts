// The remind: option, when before the start: "24h,1h", "2d, 30m", "1h 30m", "none". Each part needs a
// unit: a bare "30" could mean minutes or hours, and a reminder at the wrong one is useless.
import { parseDuration } from "../../core/duration.js";

export const MAX_REMINDERS = 5;
export const MAX_OFFSET_MIN = 14 * 24 * 60;

/** Minutes before the start, largest first, without repeats; [] for none; undefined when unreadable. */
export function parseRemindOffsets(text: string): number[] | undefined {
  const s = text.trim().toLowerCase();
  if (/^(none|off|no|never)$/.test(s)) return [];
  const parts = s.split(/\s*(?:,|;|\band\b)\s*/).filter(Boolean);
  if (!parts.length || parts.length > MAX_REMINDERS) return undefined;
  const out: number[] = [];
  for (const p of parts) {
    const d = /^(\d{1,2})\s*(?:d|days?)$/.exec(p);
    const m = d
      ? Number(d[1]) * 24 * 60
      : /^\d+(\.\d+)?$/.test(p)
        ? undefined
        : parseDuration(p, { maxMinutes: MAX_OFFSET_MIN });
    if (m === undefined || m < 1 || m > MAX_OFFSET_MIN) return undefined;
    out.push(m);
  }
  return [...new Set(out)].sort((a, b) => b - a);
}
