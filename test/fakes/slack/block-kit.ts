// Block Kit validation as Slack does it, for the fake: the error Slack answers for a message or
// view that breaks a documented limit, or undefined. Its own figures (docs.slack.dev Block Kit
// reference, chat.postMessage, views.open), not cadre's limits module, so a wrong figure there
// is caught here. msg_blocks_too_long is undocumented: Slack's engineers name 12,000 text
// characters across the blocks, which this fake enforces.

const MAX = {
  blocks: 50,
  viewBlocks: 100,
  messageText: 40_000,
  blockText: 12_000,
  header: 150,
  section: 3000,
  fields: 10,
  field: 2000,
  contextElements: 10,
  textObject: 3000,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  blockId: 255,
  viewTitle: 24,
  privateMetadata: 3000,
  label: 2000,
  hint: 2000,
  placeholder: 150,
  inputMax: 3000,
  optionText: 75,
  optionValue: 150,
  options: 100,
};

type Json = Record<string, any>;

/** Why a block is invalid (for the test's failure message), or undefined. */
function textObject(t: Json | undefined, max: number, kinds = ["plain_text", "mrkdwn"]): string | undefined {
  if (!t || typeof t !== "object") return "missing text object";
  if (!kinds.includes(t.type)) return `text type ${t.type}`;
  if (typeof t.text !== "string" || !t.text.length) return "empty text";
  if (t.text.length > max) return `text of ${t.text.length} > ${max}`;
  return undefined;
}

function element(e: Json, ids: Set<string>): string | undefined {
  if (e.action_id !== undefined) {
    if (typeof e.action_id !== "string" || e.action_id.length > MAX.actionId) return "action_id too long";
    if (ids.has(e.action_id)) return `duplicate action_id ${e.action_id}`;
    ids.add(e.action_id);
  }
  switch (e.type) {
    case "button":
      if (e.value !== undefined && String(e.value).length > MAX.buttonValue) return "button value too long";
      return textObject(e.text, MAX.buttonText, ["plain_text"]);
    case "plain_text_input":
      if (e.max_length !== undefined && e.max_length > MAX.inputMax) return "max_length over 3000";
      return e.placeholder ? textObject(e.placeholder, MAX.placeholder, ["plain_text"]) : undefined;
    case "static_select":
      if (!Array.isArray(e.options) || !e.options.length || e.options.length > MAX.options) return "select options";
      for (const o of e.options) {
        const bad = textObject(o.text, MAX.optionText, ["plain_text"]);
        if (bad) return `option ${bad}`;
        if (typeof o.value !== "string" || o.value.length > MAX.optionValue) return "option value";
      }
      return undefined;
    default:
      return undefined;
  }
}

function block(b: Json, ids: Set<string>, surface: "message" | "view"): string | undefined {
  if (b.block_id !== undefined && String(b.block_id).length > MAX.blockId) return "block_id too long";
  switch (b.type) {
    case "header":
      return textObject(b.text, MAX.header, ["plain_text"]);
    case "section": {
      if (!b.text && !b.fields) return "section needs text or fields";
      if (b.text) {
        const bad = textObject(b.text, MAX.section);
        if (bad) return `section ${bad}`;
      }
      if (b.fields) {
        if (!Array.isArray(b.fields) || !b.fields.length || b.fields.length > MAX.fields) return "section fields count";
        for (const f of b.fields) {
          const bad = textObject(f, MAX.field);
          if (bad) return `field ${bad}`;
        }
      }
      return b.accessory ? element(b.accessory, ids) : undefined;
    }
    case "context":
      if (!Array.isArray(b.elements) || !b.elements.length || b.elements.length > MAX.contextElements)
        return "context elements count";
      for (const e of b.elements) {
        const bad = e.type === "image" ? undefined : textObject(e, MAX.textObject);
        if (bad) return `context ${bad}`;
      }
      return undefined;
    case "actions":
      if (!Array.isArray(b.elements) || !b.elements.length || b.elements.length > MAX.actionsElements)
        return "actions elements count";
      for (const e of b.elements) {
        const bad = element(e, ids);
        if (bad) return `actions ${bad}`;
      }
      return undefined;
    case "input": {
      if (surface !== "view") return "input block outside a view";
      const bad =
        textObject(b.label, MAX.label, ["plain_text"]) ?? (b.hint && textObject(b.hint, MAX.hint, ["plain_text"]));
      return bad ? `input ${bad}` : b.element ? element(b.element, ids) : "input without element";
    }
    case "divider":
    case "image":
    case "rich_text":
      return undefined;
    default:
      return `unknown block type ${b.type}`;
  }
}

function blocksError(blocks: unknown, max: number, surface: "message" | "view"): string | undefined {
  if (blocks === undefined) return undefined;
  if (!Array.isArray(blocks)) return "blocks is not an array";
  if (blocks.length > max) return `${blocks.length} blocks > ${max}`;
  const ids = new Set<string>();
  for (const [i, b] of blocks.entries()) {
    const bad = block(b, ids, surface);
    if (bad) return `block ${i}: ${bad}`;
  }
  return undefined;
}

/** Every `text` string in the blocks: what msg_blocks_too_long counts. */
function textLength(v: unknown): number {
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + textLength(x), 0);
  if (!v || typeof v !== "object") return 0;
  let n = 0;
  for (const [k, x] of Object.entries(v)) n += k === "text" && typeof x === "string" ? x.length : textLength(x);
  return n;
}

export interface Rejection {
  error: "invalid_blocks" | "msg_too_long" | "msg_blocks_too_long" | "invalid_arguments";
  /** What was wrong, for the failure message of a test. */
  detail: string;
}

/** chat.postMessage, chat.postEphemeral, chat.update and response_url bodies. */
export function messageRejection(args: Json): Rejection | undefined {
  if (typeof args.text === "string" && args.text.length > MAX.messageText)
    return { error: "msg_too_long", detail: `text of ${args.text.length}` };
  const bad = blocksError(args.blocks, MAX.blocks, "message");
  if (bad) return { error: "invalid_blocks", detail: bad };
  const total = textLength(args.blocks);
  if (total > MAX.blockText) return { error: "msg_blocks_too_long", detail: `${total} characters of block text` };
  return undefined;
}

/** views.open, views.update, views.push and views.publish. */
export function viewRejection(view: Json | undefined): Rejection | undefined {
  if (!view || typeof view !== "object") return { error: "invalid_arguments", detail: "no view" };
  if (view.type === "modal") {
    const bad =
      textObject(view.title, MAX.viewTitle, ["plain_text"]) ??
      (view.submit && textObject(view.submit, MAX.viewTitle, ["plain_text"])) ??
      (view.close && textObject(view.close, MAX.viewTitle, ["plain_text"]));
    if (bad) return { error: "invalid_arguments", detail: `modal title/submit/close: ${bad}` };
  }
  if (typeof view.private_metadata === "string" && view.private_metadata.length > MAX.privateMetadata)
    return { error: "invalid_arguments", detail: "private_metadata over 3000" };
  const bad = blocksError(view.blocks, MAX.viewBlocks, "view");
  return bad ? { error: "invalid_blocks", detail: bad } : undefined;
}

const MESSAGE_METHODS = new Set(["chat.postMessage", "chat.postEphemeral", "chat.update"]);
const VIEW_METHODS = new Set(["views.open", "views.update", "views.push", "views.publish"]);

/** The rejection Slack gives this Web API call, if any. */
export function callRejection(method: string, args: Json): Rejection | undefined {
  if (MESSAGE_METHODS.has(method)) return messageRejection(args);
  if (VIEW_METHODS.has(method)) return viewRejection(args.view);
  return undefined;
}
