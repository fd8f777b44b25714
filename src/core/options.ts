// Option definitions for commands: a zod schema for the value plus the metadata the adapters
// need to render native inputs (Discord option types, Slack modal elements, console help).
import { z } from "zod";
import { parseDuration, type DurationOptions } from "./duration.js";
import { sanitize } from "./rich.js";
import { notACalendarDate } from "./calendar-date.js";

export type OptionKind =
  | "text"
  | "longText"
  | "url"
  | "integer"
  | "number"
  | "boolean"
  | "user"
  | "channel"
  | "dateTime"
  | "date"
  | "duration"
  | "choice";

export interface Choice<V extends string = string> {
  value: V;
  label: string;
}

export interface OptionSpec<T = unknown, R extends boolean = boolean> {
  kind: OptionKind;
  description: string;
  required: R;
  /** Validates and converts the raw value (a string from typed text, or a native value). */
  schema: z.ZodType<T>;
  /** A value that works, used in help and error messages. */
  example: string;
  choices?: readonly Choice[];
  /** Name of an autocomplete source (e.g. "session") for platforms that offer it. */
  autocomplete?: string;
  maxLength?: number;
  min?: number;
  max?: number;
  /** May be given without `name:` on text platforms (at most one per subcommand). */
  bare?: boolean;
  /** What help says the value is, when not the kind's usual words ("on/off" for a switch). */
  hint?: string;
}

export type OptionsShape = Record<string, OptionSpec<any, boolean>>;

export type InputOf<O extends OptionsShape> = {
  [K in keyof O]: O[K] extends OptionSpec<infer T, infer R> ? (R extends true ? T : T | undefined) : never;
};

interface Base<R extends boolean> {
  description: string;
  required?: R;
  example?: string;
  autocomplete?: string;
  bare?: boolean;
}

const MAX_TEXT = 4000;

/** Words a yes/no value may be typed as, each with its meaning. */
const YES_WORDS = ["yes", "true", "on", "y"];
const NO_WORDS = ["no", "false", "off", "n"];
const yesNo = (error: string) =>
  z.union(
    [
      z.boolean(),
      z
        .string()
        .trim()
        .toLowerCase()
        .pipe(z.enum([...YES_WORDS, ...NO_WORDS] as [string, ...string[]]))
        .transform((v) => YES_WORDS.includes(v)),
    ],
    { error },
  );

/** How a switch (opt.onOff) is shown: one way everywhere. */
export const onOffText = (on: boolean): "on" | "off" => (on ? "on" : "off");

const str = (max: number) =>
  z
    .union([z.string(), z.number()])
    .transform((v) => sanitize(String(v)).trim())
    .pipe(z.string().min(1, "it is empty").max(max, `it is longer than ${max} characters`));

const mentionId = (kind: "user" | "channel") =>
  z
    .string()
    .transform((v) => v.trim())
    .pipe(
      z
        .string()
        .regex(
          /^[A-Za-z0-9._-]{1,64}$/,
          kind === "user" ? "expected a person, like @alex" : "expected a channel, like #general",
        ),
    );

function spec<T, R extends boolean>(
  kind: OptionKind,
  b: Base<R>,
  schema: z.ZodType<T>,
  example: string,
  extra: Partial<Pick<OptionSpec, "choices" | "maxLength" | "min" | "max">> = {},
): OptionSpec<T, R> {
  return {
    kind,
    description: b.description,
    required: (b.required ?? false) as R,
    schema,
    example: b.example ?? example,
    autocomplete: b.autocomplete,
    bare: b.bare,
    ...extra,
  };
}

export const opt = {
  text<R extends boolean = false>(b: Base<R> & { max?: number }) {
    const max = b.max ?? 200;
    return spec<string, R>("text", b, str(max), "text", { maxLength: max });
  },
  /** A web link, shown as its address (never as a masked label). */
  url<R extends boolean = false>(b: Base<R> & { max?: number }) {
    const max = b.max ?? 500;
    const schema = str(max).pipe(
      z.string().regex(/^https?:\/\/[^\s<>]+$/i, "it should be a web address starting with https://"),
    );
    return spec<string, R>("url", b, schema, "https://docs.example.org/d/1", { maxLength: max });
  },
  longText<R extends boolean = false>(b: Base<R> & { max?: number }) {
    const max = b.max ?? MAX_TEXT;
    return spec<string, R>("longText", b, str(max), "some words", { maxLength: max });
  },
  integer<R extends boolean = false>(b: Base<R> & { min?: number; max?: number }) {
    const min = b.min ?? 0;
    const max = b.max ?? 1_000_000;
    const schema = z
      .union(
        [
          z.number(),
          z
            .string()
            .trim()
            .regex(/^-?\d+$/)
            .transform(Number),
        ],
        {
          error: `expected a whole number`,
        },
      )
      .pipe(
        z
          .number()
          .int("expected a whole number")
          .min(min, `the smallest allowed is ${min}`)
          .max(max, `the largest allowed is ${max}`),
      );
    return spec<number, R>("integer", b, schema, String(Math.max(min, 1)), { min, max });
  },
  number<R extends boolean = false>(b: Base<R> & { min?: number; max?: number }) {
    const min = b.min ?? 0;
    const max = b.max ?? 1_000_000;
    const schema = z
      .union(
        [
          z.number(),
          z
            .string()
            .trim()
            .regex(/^-?\d+(\.\d+)?$/)
            .transform(Number),
        ],
        {
          error: "expected a number",
        },
      )
      .pipe(z.number().min(min, `the smallest allowed is ${min}`).max(max, `the largest allowed is ${max}`));
    return spec<number, R>("number", b, schema, String(Math.max(min, 1)), { min, max });
  },
  boolean<R extends boolean = false>(b: Base<R>) {
    return spec<boolean, R>("boolean", b, yesNo("expected yes or no"), "yes");
  },
  /**
   * A setting that is on or off: a boolean (native on the platforms) shown as on/off, typed as
   * on/off, yes/no or true/false alike. Every on/off setting is one of these.
   */
  onOff<R extends boolean = false>(b: Base<R>) {
    const s = spec<boolean, R>("boolean", b, yesNo("expected on or off (yes/no and true/false work too)"), "on");
    return { ...s, hint: "on/off" };
  },
  user<R extends boolean = false>(b: Base<R>) {
    return spec<string, R>("user", b, mentionId("user"), "@alex");
  },
  channel<R extends boolean = false>(b: Base<R>) {
    return spec<string, R>("channel", b, mentionId("channel"), "#general");
  },
  /** Kept as text: handlers read it in the workspace's zone with parseWhen. */
  dateTime<R extends boolean = false>(b: Base<R>) {
    return spec<string, R>("dateTime", b, str(200), '"Dec 3 9am"');
  },
  /**
   * A calendar day, no time ("2026-08-15", "Aug 15", "yesterday"); a day that does not exist is
   * refused, never rolled over. Kept as text: handlers read the day in the workspace's zone.
   */
  date<R extends boolean = false>(b: Base<R>) {
    const schema = str(60).superRefine((v, ctx) => {
      const why = notACalendarDate(v);
      if (why) ctx.addIssue({ code: "custom", message: why });
    });
    return spec<string, R>("date", b, schema, "2026-08-15", { maxLength: 60 });
  },
  duration<R extends boolean = false>(b: Base<R> & DurationOptions) {
    const o: DurationOptions = { bareUnit: b.bareUnit, maxMinutes: b.maxMinutes };
    const schema = z
      .union([z.number(), z.string()], { error: "expected a duration like 45m or 1h30" })
      .transform((v, ctx) => {
        const m = parseDuration(String(v), o);
        if (m === undefined) {
          ctx.addIssue({
            code: "custom",
            message: `expected a duration like 45m, 1h30 or 1.5h${o.maxMinutes ? ` (at most ${o.maxMinutes / 60} h)` : ""}`,
          });
          return z.NEVER;
        }
        return m;
      });
    return spec<number, R>("duration", b, schema, "1h30");
  },
  /** `problem`: the plain-words refusal when the list itself would not help ("it should be a month, like 8 or August"). */
  choice<const V extends string, R extends boolean = false>(
    b: Base<R> & { choices: readonly (V | Choice<V>)[]; problem?: string },
  ) {
    const choices: Choice<V>[] = b.choices.map((c) => (typeof c === "string" ? { value: c, label: c } : c));
    const values = choices.map((c) => c.value) as [V, ...V[]];
    const schema = z
      .string()
      .trim()
      .transform((v) => {
        const low = v.toLowerCase().replace(/[\s_]+/g, "-");
        return (
          choices.find((c) => c.value.toLowerCase() === low || c.label.toLowerCase() === v.toLowerCase())?.value ?? low
        );
      })
      .pipe(z.enum(values, { message: b.problem ?? `expected one of: ${values.join(", ")}` }));
    return spec<V, R>("choice", b, schema, values[0], { choices });
  },
};

/** The word that clears an optional field in an edit ("link:none"). */
export const CLEAR_WORD = "none";

/**
 * An edit option that may also be cleared: `none` (any case) reads as null, anything else as
 * `spec` reads it; its error says how to clear. The option keeps its kind for the platforms.
 */
export function clearable<T, R extends boolean>(s: OptionSpec<T, R>): OptionSpec<T | null, R> {
  const schema = z.unknown().transform((v, ctx): T | null => {
    if (typeof v === "string" && v.trim().toLowerCase() === CLEAR_WORD) return null;
    const r = s.schema.safeParse(v);
    if (r.success) return r.data;
    ctx.addIssue({
      code: "custom",
      message: `${r.error.issues[0]?.message ?? "it is not valid"}, or ${CLEAR_WORD} to clear it`,
    });
    return z.NEVER;
  });
  // A number that may be "none" is typed as text on Discord (an integer option cannot say none).
  const numeric = s.kind === "integer" || s.kind === "number";
  return {
    ...s,
    ...(numeric ? { kind: "text" as const, maxLength: 12 } : {}),
    schema: schema as unknown as z.ZodType<T | null>,
    description: `${s.description} (${CLEAR_WORD} clears it)`,
  };
}
