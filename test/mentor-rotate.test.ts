// Key rotation re-encrypts every confidential row; afterwards the retired key alone opens nothing.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Keyring } from "../src/core/keyring.js";
import { createEntry, listEntries, saveDraft, aadFor } from "../src/services/mentoring/entries.js";
import { rotateKeys } from "../src/services/mentoring/rotate.js";
import { makeApp, PROVIDERS, type TestApp } from "./support/app.js";

describe.each(PROVIDERS)("keys:rotate [%s]", (provider) => {
  const oldKey = randomBytes(32);
  const newKey = randomBytes(32);
  let app: TestApp;
  beforeAll(async () => {
    app = await makeApp(provider, { app: { keyring: new Keyring(oldKey) } });
  });
  afterAll(() => app.stop());

  it("re-encrypts entries and drafts under the new key", async () => {
    const old = new Keyring(oldKey);
    const ws = "w1";
    for (let i = 0; i < 7; i++) await createEntry(app.deps.db, old, ws, `m${i % 3}`, { minutes: 30 + i, mentee: `T${i}`, day: "2026-11-0" + (i + 1), topics: ["other"], mode: "in person", notes: `note ${i}` });
    await saveDraft(app.deps.db, old, ws, "m1", { minutes: 10, mentee: "Z", day: "2026-11-09", topics: ["other"], mode: "phone" });

    const rotated = new Keyring(newKey, [oldKey]);
    expect(await rotateKeys(app.deps.db, rotated, 3)).toEqual({ entries: 7, drafts: 1 });
    expect(await rotateKeys(app.deps.db, rotated)).toEqual({ entries: 0, drafts: 0 });

    const rows = await app.deps.db.mentorEntry.findMany();
    expect(new Set(rows.map((r) => r.keyId))).toEqual(new Set([Keyring.idOf(newKey)]));
    const onlyNew = new Keyring(newKey);
    expect((await listEntries(app.deps.db, onlyNew, ws, "m0")).map((e) => e.notes).sort()).toEqual(["note 0", "note 3", "note 6"]);
    for (const r of rows) expect(() => old.decrypt(r.menteeEnc, aadFor(r.workspaceId, r.mentorId))).toThrow(/no key/);
    const draft = await app.deps.db.mentorDraft.findFirstOrThrow();
    expect(() => old.decrypt(draft.payloadEnc, aadFor(draft.workspaceId, draft.mentorId))).toThrow();
    // Ciphertext is bound to its mentor: moving it to another mentor's row does not decrypt.
    expect(() => onlyNew.decrypt(rows[0]!.menteeEnc, aadFor(ws, "someone-else"))).toThrow();
  });
});
