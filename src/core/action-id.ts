// Button ids: "<command>.<action>|<value>", at most 100 characters (Discord's custom_id limit).
export const MAX_ACTION_ID = 100;

export function encodeAction(action: string, value: string): string {
  const id = `${action}|${value}`;
  if (id.length > MAX_ACTION_ID) throw new Error(`button id too long (${id.length}): ${action}`);
  return id;
}

export function decodeAction(id: string): { command: string; action: string; value: string } | undefined {
  const m = /^([a-z][a-z0-9-]*)\.([a-z][a-z0-9-]*)\|([\s\S]{0,100})$/.exec(id);
  return m ? { command: m[1]!, action: m[2]!, value: m[3]! } : undefined;
}
