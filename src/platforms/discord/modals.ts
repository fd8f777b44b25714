// Forms for long text. When a subcommand's required long-text option (an agenda item, a
// reminder's text, a task) is left out, cadre opens a modal with a paragraph input for it
// (and for the subcommand's other long-text options not given), keeps the options already
// typed, and runs the command when the form comes back.
import { randomBytes } from "node:crypto";
import { ComponentType, TextInputStyle, type APIModalInteractionResponseCallbackData } from "discord.js";
import type { CommandDef, SubcommandDef } from "../../core/command.js";
import type { Form } from "../../core/reply.js";
import { clip, LIMITS } from "./limits.js";
import { formOption } from "./registration.js";

export const MODAL_PREFIX = "cadre-form:";
/** A form left open longer than this is forgotten (Discord's interaction tokens last 15 minutes too). */
const TTL_MS = 15 * 60_000;
const MAX_PENDING = 1000;

export interface PendingForm {
  command: string;
  sub: string;
  options: Record<string, unknown>;
  /** The option keys the form asks for (its text inputs' custom ids). */
  keys: string[];
  userId: string;
  at: number;
}

const given = (v: unknown) => v !== undefined && v !== null && !(typeof v === "string" && v.trim() === "");

/** The long-text options a form should ask for, or none when nothing required is missing. */
export function formFields(s: SubcommandDef, options: Record<string, unknown>): string[] {
  const entries = Object.entries(s.options).filter(([k, spec]) => formOption(spec) && !given(options[k]));
  if (!entries.some(([, spec]) => spec.required)) return [];
  // Required first, then optional ones, within Discord's five inputs per modal.
  return [...entries.filter(([, s_]) => s_.required), ...entries.filter(([, s_]) => !s_.required)]
    .slice(0, LIMITS.modalInputs)
    .map(([k]) => k);
}

export function buildModal(
  cmd: CommandDef,
  subName: string,
  keys: string[],
  formId: string,
): APIModalInteractionResponseCallbackData {
  const s = cmd.subcommands[subName]!;
  return {
    custom_id: MODAL_PREFIX + formId,
    title: clip(`/${cmd.name} ${subName}`, LIMITS.modalTitle),
    components: keys.map((k) => {
      const spec = s.options[k]!;
      return {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.TextInput,
            custom_id: k,
            label: clip(spec.description, LIMITS.textInputLabel),
            style: TextInputStyle.Paragraph,
            required: spec.required,
            max_length: Math.min(spec.maxLength ?? LIMITS.textInputMax, LIMITS.textInputMax),
            ...(spec.example && spec.example !== "some words"
              ? { placeholder: clip(spec.example.replace(/^"|"$/g, ""), 100) }
              : {}),
          },
        ],
      };
    }),
  };
}

/** A form a button opened (Reply.form): a text input per question, long text as a paragraph. */
export function buildFormModal(s: SubcommandDef, form: Form, formId: string): APIModalInteractionResponseCallbackData {
  return {
    custom_id: MODAL_PREFIX + formId,
    title: clip(form.title, LIMITS.modalTitle),
    components: form.ask
      .filter((k) => Object.hasOwn(s.options, k))
      .slice(0, LIMITS.modalInputs)
      .map((k) => {
        const spec = s.options[k]!;
        const long = spec.kind === "longText";
        const choices = spec.choices?.map((c) => c.label);
        const hint = choices?.length
          ? choices.length > 1
            ? `${choices.slice(0, -1).join(", ")} or ${choices.at(-1)}`
            : choices[0]!
          : spec.example && spec.example !== "some words"
            ? spec.example.replace(/^"|"$/g, "")
            : undefined;
        return {
          type: ComponentType.ActionRow,
          components: [
            {
              type: ComponentType.TextInput,
              custom_id: k,
              label: clip(spec.description, LIMITS.textInputLabel),
              style: long ? TextInputStyle.Paragraph : TextInputStyle.Short,
              required: spec.required,
              max_length: Math.min(spec.maxLength ?? (long ? LIMITS.textInputMax : 100), LIMITS.textInputMax),
              ...(hint ? { placeholder: clip(hint, 100) } : {}),
            },
          ],
        };
      }),
  };
}

/** Forms waiting for their submission, in memory (a restart asks the person to run the command again). */
export class PendingForms {
  private forms = new Map<string, PendingForm>();

  constructor(private readonly now: () => number = Date.now) {}

  put(form: Omit<PendingForm, "at">): string {
    this.sweep();
    if (this.forms.size >= MAX_PENDING) this.forms.delete(this.forms.keys().next().value!);
    const id = randomBytes(9).toString("base64url");
    this.forms.set(id, { ...form, at: this.now() });
    return id;
  }

  /** The form for this submission, once; only for the person it was shown to. */
  take(customId: string, userId: string): PendingForm | undefined {
    if (!customId.startsWith(MODAL_PREFIX)) return undefined;
    const id = customId.slice(MODAL_PREFIX.length);
    const f = this.forms.get(id);
    if (!f || f.userId !== userId || this.now() - f.at > TTL_MS) return undefined;
    this.forms.delete(id);
    return f;
  }

  private sweep(): void {
    const now = this.now();
    for (const [id, f] of this.forms) if (now - f.at > TTL_MS) this.forms.delete(id);
  }
}
