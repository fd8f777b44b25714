// A modal built from a subcommand's option specs, for a bare slash command that needs input;
// its submission is read back into raw option values for the dispatcher.
import { timingSafeEqual } from "node:crypto";
import type { CommandDef, SubcommandDef } from "../../core/command.js";
import type { OptionSpec } from "../../core/options.js";
import type { Form } from "../../core/reply.js";
import type { ViewOutput } from "@slack/bolt";
import type { Block } from "./blocks.js";
import { clip, LIMITS } from "./limits.js";

export interface ModalMeta {
  command: string;
  sub: string;
  channelId: string;
  isDM: boolean;
  /** Who opened the modal: only they may submit it. */
  userId: string;
  /** Options a form carries without asking (a button's session id): signed with the rest. */
  preset?: Record<string, string>;
}

/**
 * private_metadata comes back from Slack as the client sent it, so anyone able to craft a
 * view_submission could name another channel. cadre signs it with its keyring's HMAC and
 * trusts only what it signed (a modal opened before a key rotation is refused and reopened).
 */
export function sealMeta(meta: ModalMeta, hmac: (v: string) => string): string {
  const body = JSON.stringify(meta);
  return JSON.stringify({ m: body, s: hmac(`slack-modal:${body}`) });
}

/** The metadata cadre signed, or undefined when it is malformed or was changed. */
export function openMeta(raw: unknown, hmac: (v: string) => string): ModalMeta | undefined {
  if (typeof raw !== "string" || raw.length > 3000) return undefined;
  let sealed: unknown;
  try {
    sealed = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const { m, s } = (sealed ?? {}) as { m?: unknown; s?: unknown };
  if (typeof m !== "string" || typeof s !== "string") return undefined;
  const expected = Buffer.from(hmac(`slack-modal:${m}`));
  const given = Buffer.from(s);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  const meta = JSON.parse(m) as ModalMeta;
  return typeof meta.command === "string" &&
    typeof meta.sub === "string" &&
    typeof meta.channelId === "string" &&
    typeof meta.userId === "string"
    ? meta
    : undefined;
}

export const MODAL_CALLBACK = "cadre-modal";

function element(key: string, o: OptionSpec): Block {
  const action_id = key;
  switch (o.kind) {
    case "longText":
      return {
        type: "plain_text_input",
        action_id,
        multiline: true,
        max_length: Math.min(o.maxLength ?? LIMITS.plainTextInputMax, LIMITS.plainTextInputMax),
      };
    case "user":
      return { type: "users_select", action_id };
    case "channel":
      return { type: "conversations_select", action_id, default_to_current_conversation: true };
    case "boolean":
      return { type: "checkboxes", action_id, options: [{ text: { type: "plain_text", text: "Yes" }, value: "yes" }] };
    case "choice":
      return {
        type: "static_select",
        action_id,
        options: o
          .choices!.slice(0, LIMITS.selectOptions)
          .map((c) => ({ text: { type: "plain_text", text: clip(c.label, LIMITS.optionText) }, value: c.value })),
      };
    case "dateTime":
      return { type: "datetimepicker", action_id };
    case "date":
      return { type: "datepicker", action_id };
    default:
      return {
        type: "plain_text_input",
        action_id,
        placeholder: { type: "plain_text", text: clip(`e.g. ${o.example}`, LIMITS.placeholder) },
        ...(o.maxLength ? { max_length: Math.min(o.maxLength, LIMITS.plainTextInputMax) } : {}),
      };
  }
}

export function needsModal(s: SubcommandDef): boolean {
  return Object.values(s.options).some((o) => o.required);
}

export function buildModal(cmd: CommandDef, subName: string, s: SubcommandDef, privateMetadata: string): Block {
  return {
    type: "modal",
    callback_id: MODAL_CALLBACK,
    private_metadata: privateMetadata,
    title: { type: "plain_text", text: clip(`/${cmd.name} ${subName}`, LIMITS.viewTitle) },
    submit: { type: "plain_text", text: "Submit" },
    close: { type: "plain_text", text: "Cancel" },
    blocks: Object.entries(s.options)
      .slice(0, LIMITS.blocksPerView)
      .map(([key, o]) => ({
        type: "input",
        block_id: key,
        optional: !o.required,
        label: { type: "plain_text", text: clip(key, LIMITS.inputLabel) },
        hint: { type: "plain_text", text: clip(o.description, LIMITS.inputHint) },
        element: element(key, o),
      })),
  };
}

/** A form a button opened (Reply.form): its questions labelled in words, its preset options in the signed metadata. */
export function buildFormModal(s: SubcommandDef, form: Form, privateMetadata: string): Block {
  return {
    type: "modal",
    callback_id: MODAL_CALLBACK,
    private_metadata: privateMetadata,
    title: { type: "plain_text", text: clip(form.title, LIMITS.viewTitle) },
    submit: { type: "plain_text", text: "Send" },
    close: { type: "plain_text", text: "Cancel" },
    blocks: form.ask
      .filter((key) => Object.hasOwn(s.options, key))
      .slice(0, LIMITS.blocksPerView)
      .map((key) => {
        const o = s.options[key]!;
        return {
          type: "input",
          block_id: key,
          optional: !o.required,
          label: { type: "plain_text", text: clip(o.description, LIMITS.inputLabel) },
          element: element(key, o),
        };
      }),
  };
}

/** Reads `view.state.values` into raw option values (strings, booleans) keyed by option name. */
export function readSubmission(values: ViewOutput["state"]["values"]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, byAction] of Object.entries(values)) {
    const v = byAction[key];
    if (!v) continue;
    switch (v.type) {
      case "users_select":
        if (v.selected_user) out[key] = v.selected_user;
        break;
      case "conversations_select":
      case "channels_select":
        if (v.selected_conversation ?? v.selected_channel) out[key] = v.selected_conversation ?? v.selected_channel;
        break;
      case "checkboxes":
        out[key] = Array.isArray(v.selected_options) && v.selected_options.length > 0;
        break;
      case "static_select":
        if (v.selected_option?.value) out[key] = v.selected_option.value;
        break;
      case "datepicker":
        // Slack sends the chosen day as YYYY-MM-DD, which opt.date reads as written.
        if (typeof v.selected_date === "string" && v.selected_date) out[key] = v.selected_date;
        break;
      case "datetimepicker":
        if (typeof v.selected_date_time === "number") out[key] = new Date(v.selected_date_time * 1000).toISOString();
        break;
      default:
        if (typeof v.value === "string" && v.value.trim()) out[key] = v.value;
    }
  }
  return out;
}
