// Key rotation re-encrypts every confidential row; afterwards the retired key alone opens
// nothing, and none of the old ciphertext is left in any row. Run through the service and
// through `npm run keys:rotate` itself (the tool an admin runs), on both databases.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import Sqlite from "better-sqlite3";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Keyring } from "../../src/core/keyring.js";
import {
  createEntry,
  listEntries,
  readDraft,
  saveDraft,
  aadFor,
  updateEntry,
} from "../../src/services/mentoring/entries.js";
import { reencryptEntry, rotateKeys } from "../../src/services/mentoring/rotate.js";
import { makeApp, PROVIDERS, type TestApp } from "../support/app.js";
import { sqlitePath } from "../../src/db/client.js";

const root = join(import.meta.dirname, "..", "..");
const tsx = join(root, "node_modules", ".bin", "tsx");
const WS = "w1";
const NOW = new Date("2026-11-09T12:00:00Z");

/** Seven entries over three mentors and one draft, all under `keys`. */
async function seed(app: TestApp, keys: Keyring) {
  for (let i = 0; i < 7; i++)
    await createEntry(app.deps.db, keys, WS, `m${i % 3}`, {
      minutes: 30 + i,
      mentee: `T${i}`,
      day: `2026-11-0${i + 1}`,
      topics: ["other"],
      mode: "in person",
      notes: i === 6 ? undefined : `note ${i}`,
    });
  return saveDraft(
    app.deps.db,
    keys,
    WS,
    "m1",
    { minutes: 10, mentee: "Z", day: "2026-11-09", topics: ["other"], mode: "phone", notes: "draft note" },
    NOW,
  );
}

/** Every ciphertext in the confidential columns. */
async function boxes(app: TestApp): Promise<string[]> {
  const e = await app.deps.db.mentorEntry.findMany();
  const d = await app.deps.db.mentorDraft.findMany();
  return [...e.flatMap((r) => [r.menteeEnc, r.notesEnc ?? ""]), ...d.map((r) => r.payloadEnc)].filter(Boolean);
}

/** After rotation to `newKey`: all rows under it, readable with it alone, unreadable with `oldKey` alone. */
async function expectRotated(app: TestApp, oldKey: Buffer, newKey: Buffer, before: string[], draftId: string) {
  const entries = await app.deps.db.mentorEntry.findMany();
  const drafts = await app.deps.db.mentorDraft.findMany();
  expect(new Set([...entries, ...drafts].map((r) => r.keyId))).toEqual(new Set([Keyring.idOf(newKey)]));
  const after = await boxes(app);
  expect(after.filter((b) => before.includes(b))).toEqual([]);
  for (const b of after) expect(b.split(".")[1]).toBe(Keyring.idOf(newKey));

  const onlyNew = new Keyring(newKey);
  expect((await listEntries(app.deps.db, onlyNew, WS, "m0")).map((e) => e.notes).sort()).toEqual([
    "note 0",
    "note 3",
    undefined,
  ]);
  const state = await readDraft(app.deps.db, onlyNew, WS, "m1", draftId);
  expect(state && "draft" in state ? state.draft.notes : undefined).toBe("draft note");
  const onlyOld = new Keyring(oldKey);
  for (const r of entries)
    expect(() => onlyOld.decrypt(r.menteeEnc, aadFor(r.workspaceId, r.mentorId))).toThrow(/no key/);
  for (const r of drafts)
    expect(() => onlyOld.decrypt(r.payloadEnc, aadFor(r.workspaceId, r.mentorId))).toThrow(/no key/);
  await expect(listEntries(app.deps.db, onlyOld, WS, "m0")).rejects.toThrow(/no key/);
}

describe.each(PROVIDERS)("keys:rotate [%s]", (provider) => {
  const oldKey = randomBytes(32);
  const newKey = randomBytes(32);
  let app: TestApp;
  beforeAll(async () => {
    app = await makeApp(provider, { app: { keyring: new Keyring(oldKey) } });
  });
  afterAll(() => app.stop());

  it("re-encrypts entries and drafts under the new key; the retired key alone opens nothing", async () => {
    const old = new Keyring(oldKey);
    const draftId = await seed(app, old);
    const before = await boxes(app);
    expect(before).toHaveLength(7 + 6 + 1);

    const rotated = new Keyring(newKey, [oldKey]);
    expect(await rotateKeys(app.deps.db, rotated, 3)).toEqual({ entries: 7, drafts: 1, pairs: 0 });
    expect(await rotateKeys(app.deps.db, rotated)).toEqual({ entries: 0, drafts: 0, pairs: 0 });
    await expectRotated(app, oldKey, newKey, before, draftId);
    if (provider === "sqlite") {
      // Nor is the old ciphertext left in free pages of the file, where the old key could open it.
      const file = sqlitePath(app.url);
      const raw = new Sqlite(file);
      raw.pragma("wal_checkpoint(TRUNCATE)");
      raw.close();
      const bytes = readFileSync(file);
      expect(before.filter((b) => bytes.includes(Buffer.from(b)))).toEqual([]);
    }
    // Ciphertext is bound to its mentor: moved onto another mentor's row it does not decrypt.
    const row = await app.deps.db.mentorEntry.findFirstOrThrow({ where: { mentorId: "m0" } });
    expect(() => new Keyring(newKey).decrypt(row.menteeEnc, aadFor(WS, "m1"))).toThrow();
  });

  it("never overwrites an edit made between reading a row and re-encrypting it", async () => {
    const k1 = randomBytes(32);
    const k2 = randomBytes(32);
    const a = new Keyring(k1);
    const e = await createEntry(app.deps.db, a, "w2", "m9", {
      minutes: 20,
      mentee: "A",
      day: "2026-11-02",
      topics: ["other"],
      mode: "phone",
      notes: "first",
    });
    const both = new Keyring(k2, [k1, newKey]);
    const stale = await app.deps.db.mentorEntry.findFirstOrThrow({ where: { workspaceId: "w2" } });
    await updateEntry(app.deps.db, a, "w2", "m9", e, { notes: "second" }); // the bot, still on k1
    expect(await reencryptEntry(app.deps.db, both, stale)).toBe(false);
    expect((await listEntries(app.deps.db, a, "w2", "m9"))[0]!.notes).toBe("second");
    await rotateKeys(app.deps.db, both);
    expect((await listEntries(app.deps.db, new Keyring(k2), "w2", "m9"))[0]!.notes).toBe("second");
  });
});

describe.each(PROVIDERS)("npm run keys:rotate [%s]", (provider) => {
  const oldKey = randomBytes(32);
  const newKey = randomBytes(32);
  let app: TestApp;
  beforeAll(async () => {
    app = await makeApp(provider, { app: { keyring: new Keyring(oldKey) } });
  });
  afterAll(() => app.stop());

  const run = (env: Record<string, string>) => {
    const clean = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !/^(CADRE_|DATABASE_URL|LOG_LEVEL)/.test(k)),
    );
    return spawnSync(tsx, [join(root, "src", "tools", "rotate-keys.ts")], {
      cwd: root,
      env: { ...clean, DATABASE_URL: app.url, CADRE_TIMEZONE: "America/New_York", LOG_LEVEL: "silent", ...env },
      encoding: "utf8",
      timeout: 60_000,
    });
  };

  // The refusal does not depend on the database; one run of the tool is enough for it.
  it.runIf(provider === "sqlite")("refuses, changing nothing, when the old key is not supplied", async () => {
    await seed(app, new Keyring(oldKey));
    const before = await boxes(app);
    const r = run({ CADRE_ENCRYPTION_KEY: newKey.toString("base64") });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`a row encrypted under key ${Keyring.idOf(oldKey)} cannot be read`);
    expect(r.stderr).toContain("CADRE_PREVIOUS_ENCRYPTION_KEYS");
    expect(await boxes(app)).toEqual(before);
  });

  it("re-encrypts every row with the new key and the old one listed as previous", async () => {
    if (!(await app.deps.db.mentorEntry.count())) await seed(app, new Keyring(oldKey));
    const before = await boxes(app);
    const draftId = (await app.deps.db.mentorDraft.findFirstOrThrow()).id;
    const r = run({
      CADRE_ENCRYPTION_KEY: newKey.toString("base64"),
      CADRE_PREVIOUS_ENCRYPTION_KEYS: `${randomBytes(32).toString("base64")},${oldKey.toString("base64")}`,
    });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(
      `Re-encrypted 7 mentoring entries, 1 drafts and 0 typed pair mentees under key ${Keyring.idOf(newKey)}`,
    );
    await expectRotated(app, oldKey, newKey, before, draftId);
  });
});
