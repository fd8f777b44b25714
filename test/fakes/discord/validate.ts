// Message validation as Discord does it, for the fake: 400 with code 50035 "Invalid Form Body"
// and errors keyed by the path of the bad value, for a message body that breaks a documented
// limit (discord.com/developers/docs: embed limits, message content, components). Its own
// figures, not cadre's limits module, so a wrong figure there is caught here.

const MAX = {
  content: 2000,
  embeds: 10,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  author: 256,
  embedTotal: 6000,
  rows: 5,
  buttonsPerRow: 5,
  label: 80,
  customId: 100,
};

type Json = Record<string, any>;

export interface FormBodyError {
  code: 50035;
  message: "Invalid Form Body";
  errors: Record<string, { _errors: { code: string; message: string }[] }>;
}

/** Discord's 50035 error for this message body (a create, an edit or an interaction response's data), or undefined. */
export function formBodyError(body: Json | undefined): FormBodyError | undefined {
  if (!body || typeof body !== "object") return undefined;
  const errors: FormBodyError["errors"] = {};
  const bad = (path: string, code: string, message: string) => (errors[path] = { _errors: [{ code, message }] });
  const len = (path: string, v: unknown, max: number, required = false) => {
    if (v === undefined || v === null) {
      if (required) bad(path, "BASE_TYPE_REQUIRED", "This field is required");
      return 0;
    }
    const s = String(v);
    if (required && !s.trim()) bad(path, "BASE_TYPE_REQUIRED", "This field is required");
    if (s.length > max) bad(path, "BASE_TYPE_MAX_LENGTH", `Must be ${max} or fewer in length.`);
    return s.length;
  };
  len("content", body.content, MAX.content);
  const embeds: Json[] = Array.isArray(body.embeds) ? body.embeds : [];
  if (embeds.length > MAX.embeds) bad("embeds", "BASE_TYPE_MAX_LENGTH", `Must be ${MAX.embeds} or fewer in length.`);
  let total = 0;
  embeds.forEach((e, i) => {
    total += len(`embeds.${i}.title`, e.title, MAX.title);
    total += len(`embeds.${i}.description`, e.description, MAX.description);
    total += len(`embeds.${i}.footer.text`, e.footer?.text, MAX.footer, e.footer !== undefined);
    total += len(`embeds.${i}.author.name`, e.author?.name, MAX.author, e.author !== undefined);
    const fields: Json[] = Array.isArray(e.fields) ? e.fields : [];
    if (fields.length > MAX.fields)
      bad(`embeds.${i}.fields`, "BASE_TYPE_MAX_LENGTH", `Must be ${MAX.fields} or fewer in length.`);
    fields.forEach((f, j) => {
      total += len(`embeds.${i}.fields.${j}.name`, f.name, MAX.fieldName, true);
      total += len(`embeds.${i}.fields.${j}.value`, f.value, MAX.fieldValue, true);
    });
  });
  if (total > MAX.embedTotal) bad("embeds", "MESSAGE_EMBEDS_TOO_LARGE", `Embed size exceeds maximum size of 6000`);
  const rows: Json[] = Array.isArray(body.components) ? body.components : [];
  if (rows.length > MAX.rows) bad("components", "BASE_TYPE_MAX_LENGTH", `Must be ${MAX.rows} or fewer in length.`);
  const ids = new Set<string>();
  rows.forEach((row, i) => {
    const items: Json[] = Array.isArray(row.components) ? row.components : [];
    if (row.type !== 1 || !items.length || items.length > MAX.buttonsPerRow)
      bad(
        `components.${i}.components`,
        "BASE_TYPE_BAD_LENGTH",
        `Must be between 1 and ${MAX.buttonsPerRow} in length.`,
      );
    items.forEach((b, j) => {
      const at = `components.${i}.components.${j}`;
      len(`${at}.label`, b.label, MAX.label);
      if (b.style !== 5) {
        len(`${at}.custom_id`, b.custom_id, MAX.customId, true);
        if (ids.has(b.custom_id))
          bad(`${at}.custom_id`, "COMPONENT_CUSTOM_ID_DUPLICATED", "Component custom id cannot be duplicated");
        ids.add(b.custom_id);
      }
    });
  });
  return Object.keys(errors).length ? { code: 50035, message: "Invalid Form Body", errors } : undefined;
}

/** The body a REST call carries as a message, or undefined when the call sends none. */
export function messageOf(method: string, path: string, body: Json | undefined): Json | undefined {
  if (!body) return undefined;
  if (/^\/interactions\/\d+\/[^/]+\/callback$/.test(path)) return [4, 7].includes(body.type) ? body.data : undefined;
  if ((method === "POST" || method === "PATCH") && /^\/(channels\/\d+\/messages|webhooks\/\d+\/[^/]+)/.test(path))
    return body;
  return undefined;
}

/**
 * Discord's answer to a MODAL interaction response (type 9): allowed only as the first answer
 * to a slash command or a component press (not to a modal submit or autocomplete), with a
 * title of at most 45 characters and 1-5 action rows of one text input each (custom_id up to
 * 100, label up to 45, style 1 or 2, lengths within 0-4000, placeholder up to 100).
 */
export function modalError(interactionType: number, data: Json | undefined): FormBodyError | undefined {
  const errors: FormBodyError["errors"] = {};
  const bad = (path: string, message: string) => (errors[path] = { _errors: [{ code: "BASE_TYPE_BAD", message }] });
  if (interactionType !== 2 && interactionType !== 3) bad("type", "Interaction has no modal response");
  const d = data ?? {};
  if (typeof d.custom_id !== "string" || !d.custom_id.length || d.custom_id.length > MAX.customId)
    bad("data.custom_id", "custom_id of 1-100 characters");
  if (typeof d.title !== "string" || !d.title.length || d.title.length > 45) bad("data.title", "title of 1-45");
  const rows = Array.isArray(d.components) ? d.components : [];
  if (rows.length < 1 || rows.length > 5) bad("data.components", "1-5 action rows");
  rows.forEach((row: Json, r: number) => {
    const inputs = Array.isArray(row.components) ? row.components : [];
    if (row.type !== 1 || inputs.length !== 1) return bad(`data.components.${r}`, "one text input per action row");
    const t = inputs[0]!;
    const at = `data.components.${r}.components.0`;
    if (t.type !== 4) bad(`${at}.type`, "a text input");
    if (typeof t.custom_id !== "string" || !t.custom_id.length || t.custom_id.length > MAX.customId)
      bad(`${at}.custom_id`, "custom_id of 1-100");
    if (typeof t.label !== "string" || !t.label.length || t.label.length > 45) bad(`${at}.label`, "label of 1-45");
    if (t.style !== 1 && t.style !== 2) bad(`${at}.style`, "style 1 or 2");
    if (t.max_length !== undefined && !(t.max_length >= 1 && t.max_length <= 4000)) bad(`${at}.max_length`, "1-4000");
    if (t.min_length !== undefined && !(t.min_length >= 0 && t.min_length <= 4000)) bad(`${at}.min_length`, "0-4000");
    if (t.placeholder !== undefined && String(t.placeholder).length > 100) bad(`${at}.placeholder`, "up to 100");
  });
  return Object.keys(errors).length ? { code: 50035, message: "Invalid Form Body", errors } : undefined;
}
