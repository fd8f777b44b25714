// Durations as people type them: "45m", "45 min", "1h30", "1h 30m", "1.5h", "1:30", "90", "3 hours", "6h".
// A bare number is minutes, unless `bareUnit` says hours (`hours:3`).

const UNIT: Record<string, number> = {
  m: 1,
  min: 1,
  mins: 1,
  minute: 1,
  minutes: 1,
  h: 60,
  hr: 60,
  hrs: 60,
  hour: 60,
  hours: 60,
};

export interface DurationOptions {
  bareUnit?: "minutes" | "hours";
  maxMinutes?: number;
}

/** Minutes, or undefined when the text is not a duration. Never throws. */
export function parseDuration(input: string, opts: DurationOptions = {}): number | undefined {
  const max = opts.maxMinutes ?? 24 * 60;
  const s = input.trim().toLowerCase().replace(/\s+/g, " ");
  if (!s || s.length > 40) return undefined;
  let minutes: number | undefined;
  let m: RegExpMatchArray | null;
  if ((m = s.match(/^(\d+(?:\.\d+)?)$/))) {
    minutes = Number(m[1]) * (opts.bareUnit === "hours" ? 60 : 1);
  } else if ((m = s.match(/^(\d{1,2}):([0-5]\d)$/))) {
    minutes = Number(m[1]) * 60 + Number(m[2]);
  } else if ((m = s.match(/^(\d+)\s*h(?:ours?|rs?)?\s*([0-5]?\d)\s*(?:m(?:in(?:ute)?s?)?)?$/))) {
    minutes = Number(m[1]) * 60 + Number(m[2]);
  } else if ((m = s.match(/^(\d+(?:\.\d+)?)\s*([a-z]+)$/))) {
    const unit = UNIT[m[2]!];
    if (unit !== undefined) minutes = Number(m[1]) * unit;
  } else if ((m = s.match(/^(?:an?|one) (hour|half hour)$/))) {
    minutes = m[1] === "hour" ? 60 : 30;
  }
  if (minutes === undefined || !Number.isFinite(minutes)) return undefined;
  minutes = Math.round(minutes);
  return minutes >= 1 && minutes <= max ? minutes : undefined;
}

export function formatDuration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (!h) return `${m} min`;
  return m ? `${h} h ${m} min` : `${h} h`;
}

/**
 * Hours as a number with the one rounding rule used everywhere hours are shown or exported:
 * two decimals ("4.75"), so a screen and a CSV of the same minutes always agree.
 */
export const hoursNumber = (minutes: number): string => (minutes / 60).toFixed(2);

/** Hours for people: the same two-decimal rounding as hoursNumber, without trailing zeros ("4.75 h", "1.5 h", "5 h"). */
export const hoursText = (minutes: number): string => `${hoursNumber(minutes).replace(/\.?0+$/, "")} h`;
