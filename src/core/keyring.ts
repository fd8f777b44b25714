// AES-256-GCM for confidential fields. Every ciphertext names the key that made it
// ("v1.<keyId>.<iv>.<tag>.<data>", base64url) so keys can be rotated: the current key
// encrypts, retired keys still decrypt until rows are re-encrypted (npm run keys:rotate).
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from "node:crypto";

export class Keyring {
  readonly currentId: string;
  private readonly keys = new Map<string, Buffer>();

  constructor(current: Buffer, retired: readonly Buffer[] = []) {
    if (current.length !== 32) throw new Error("encryption key must be 32 bytes");
    this.currentId = Keyring.idOf(current);
    this.keys.set(this.currentId, current);
    for (const k of retired) if (k.length === 32) this.keys.set(Keyring.idOf(k), k);
  }

  /** A short public fingerprint of a key: stored beside ciphertext, reveals nothing of the key. */
  static idOf(key: Buffer): string {
    return createHash("sha256").update("cadre-key-id").update(key).digest("hex").slice(0, 8);
  }

  encrypt(plain: string, aad = ""): string {
    const key = this.keys.get(this.currentId)!;
    const iv = randomBytes(12);
    const c = createCipheriv("aes-256-gcm", key, iv);
    c.setAAD(Buffer.from(aad));
    const data = Buffer.concat([c.update(plain, "utf8"), c.final()]);
    return [
      "v1",
      this.currentId,
      iv.toString("base64url"),
      c.getAuthTag().toString("base64url"),
      data.toString("base64url"),
    ].join(".");
  }

  decrypt(box: string, aad = ""): string {
    const [v, keyId, iv, tag, data] = box.split(".");
    if (v !== "v1" || !keyId || iv === undefined || tag === undefined || data === undefined)
      throw new Error("not a cadre ciphertext");
    const key = this.keys.get(keyId);
    if (!key) throw new Error(`no key ${keyId} in the keyring`);
    const d = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    d.setAAD(Buffer.from(aad));
    d.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([d.update(Buffer.from(data, "base64url")), d.final()]).toString("utf8");
  }

  /** Whether this keyring can decrypt what `keyId` encrypted. */
  has(keyId: string): boolean {
    return this.keys.has(keyId);
  }

  keyIdOf(box: string): string | undefined {
    return box.split(".")[1];
  }

  /** A keyed hash (current key) for values that must be matched but never read back. */
  hmac(value: string): string {
    return createHmac("sha256", this.keys.get(this.currentId)!).update(value).digest("base64url");
  }
}
