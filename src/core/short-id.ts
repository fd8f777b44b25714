// Ids people type on a phone: short, no look-alike characters (0/O, 1/I/L), case-insensitive.
import { randomInt } from "node:crypto";

const ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

export function shortId(length = 4): string {
  let s = "";
  for (let i = 0; i < length; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return s;
}

/** Normalizes what a user typed ("s-7k2q", " 7k2q ") to the stored form. */
export function normalizeShortId(input: string): string {
  return input
    .trim()
    .toUpperCase()
    .replace(/^[A-Z]-/, "");
}

/** Thrown by a `create` that found its short id taken without an error (an insert that did nothing). */
export class ShortIdTaken extends Error {
  constructor() {
    super("short id taken");
  }
}

/**
 * Creates a row with a fresh short id, retrying on the rare collision with an existing one
 * (the tables have a unique (workspaceId, shortId) index).
 */
export async function withShortId<T>(create: (id: string) => Promise<T>, length = 4): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await create(shortId(attempt < 5 ? length : length + 2));
    } catch (e) {
      const code = (e as { code?: string }).code;
      if ((code !== "P2002" && !(e instanceof ShortIdTaken)) || attempt >= 8) throw e;
    }
  }
}
