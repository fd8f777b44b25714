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
