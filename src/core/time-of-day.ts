// Clock times as teachers type them, read by one school-day rule everywhere (session `when`,
// reminders, agenda meeting times, nudges, due times). A time written without am/pm is read
// as the school day would mean it: 1:00–6:59 is afternoon (after-school meetings), 7:00–11:59
// morning, 12:xx noon. 0:xx and 13:00–23:59 can only be 24-hour times and are read as such.

export interface TimeOfDay {
  hour: number;
  minute: number;
  /** Set when am/pm was not written and the school-day rule chose it. */
  assumed?: "am" | "pm";
}

export type Meridiem = "am" | "pm";

/**
 * The time for an hour and minute as typed, with am/pm if written. Undefined when it is not a
 * clock time ("13pm", "7:75").
 */
export function clockTime(hour: number, minute: number, meridiem?: Meridiem): TimeOfDay | undefined {
  if (!Number.isInteger(hour) || !Number.isInteger(minute) || minute < 0 || minute > 59) return undefined;
  if (meridiem) {
    if (hour < 1 || hour > 12) return undefined;
    return { hour: (hour % 12) + (meridiem === "pm" ? 12 : 0), minute };
  }
  if (hour < 0 || hour > 23) return undefined;
  if (hour === 0 || hour >= 13) return { hour, minute };
  if (hour === 12) return { hour, minute, assumed: "pm" };
  return hour <= 6 ? { hour: hour + 12, minute, assumed: "pm" } : { hour, minute, assumed: "am" };
}

const WHOLE = /^(?:(noon|midday)|(midnight)|(\d{1,2})(?:[:.h](\d{2}))?\s*(a\.?m\.?|p\.?m\.?)?)$/i;

/** Reads a whole string as a time of day: "3:30pm", "3:30" (3:30 PM), "7:45", "15:30", "noon". */
export function parseTimeOfDay(text: string): TimeOfDay | undefined {
  const m = WHOLE.exec(text.trim());
  if (!m) return undefined;
  if (m[1]) return { hour: 12, minute: 0 };
  if (m[2]) return { hour: 0, minute: 0 };
  const mer = m[5] ? (m[5].toLowerCase().startsWith("a") ? "am" : "pm") : undefined;
  return clockTime(Number(m[3]), m[4] ? Number(m[4]) : 0, mer);
}

/** "15:30": the form stored in settings and team rows. */
export const hhmm = (t: { hour: number; minute: number }): string =>
  `${String(t.hour).padStart(2, "0")}:${String(t.minute).padStart(2, "0")}`;

/** "3:30 PM". */
export function formatClock(t: { hour: number; minute: number }): string {
  const h12 = t.hour % 12 === 0 ? 12 : t.hour % 12;
  return `${h12}:${String(t.minute).padStart(2, "0")} ${t.hour < 12 ? "AM" : "PM"}`;
}

/**
 * What to tell the person when the rule chose am/pm, with how to get the other reading:
 * "3:30 was read as 3:30 PM; for 3:30 AM write 3:30am." Empty when nothing was assumed.
 */
export function assumedNote(t: TimeOfDay): string {
  if (!t.assumed) return "";
  const h12 = t.hour % 12 === 0 ? 12 : t.hour % 12;
  const typed = `${h12}:${String(t.minute).padStart(2, "0")}`;
  const other = { hour: (t.hour + 12) % 24, minute: t.minute };
  return `${typed} was read as ${formatClock(t)}; for ${formatClock(other)} write ${typed}${t.assumed === "pm" ? "am" : "pm"}.`;
}
