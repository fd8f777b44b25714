// Certificate codes: 10 characters of Crockford base32 from the system's random source (50 bits),
// so nobody can guess another person's certificate; typed back forgivingly.
import { randomInt } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export const CODE_LENGTH = 10;

export function newCertificateCode(): string {
  let s = "";
  for (let i = 0; i < CODE_LENGTH; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return s;
}

/** As printed: "7K2QM-XW9DA". */
export const showCode = (code: string): string => `${code.slice(0, 5)}-${code.slice(5)}`;

/**
 * What someone typed, as stored: case, spaces and dashes ignored, and the letters Crockford reads
 * as digits (O as 0, I and L as 1). Undefined when it cannot be a code at all.
 */
export function readCertificateCode(input: string): string | undefined {
  const s = input.toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
  return s.length === CODE_LENGTH && [...s].every((c) => ALPHABET.includes(c)) ? s : undefined;
}
