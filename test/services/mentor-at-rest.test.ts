// Confidential content at rest on SQLite: after a mentor edits or deletes an entry, the old
// ciphertext is in neither cadre.db nor cadre.db-wal (secure_delete zeroes freed cells; a
// checkpoint empties the write-ahead log, which otherwise keeps the old pages), and the data
// folder and database files are readable by the service account only.
import { existsSync, mkdtempSync, readFileSync, statSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { makeApp, type TestApp } from "../support/app.js";
import { ConsoleDriver } from "../support/console.js";
import { sqlitePath } from "../../src/db/client.js";

/** Whether any of the SQLite files on disk still hold the text. */
function onDisk(url: string, text: string): string[] {
  const file = sqlitePath(url);
  return [file, `${file}-wal`].filter((f) => existsSync(f) && readFileSync(f).includes(Buffer.from(text, "latin1")));
}
const mode = (f: string) => statSync(f).mode & 0o777;

describe("mentoring content at rest [sqlite]", () => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.stop();
    app = undefined;
  });

  it("an edited note's and a deleted entry's old ciphertext are gone from cadre.db and cadre.db-wal", async () => {
    app = await makeApp("sqlite");
    const con = new ConsoleDriver(app);
    await con.as("mia", "dm", '/mentor log duration:1h mentee:"Jordan Lee" topics:planning notes:"first note"');
    const first = await app.deps.db.mentorEntry.findFirstOrThrow({ where: { mentorId: "mia" } });
    expect(onDisk(app.url, first.notesEnc!)).not.toEqual([]); // the search can find ciphertext at all

    await con.as("mia", "dm", `/mentor edit id:${first.shortId} notes:"second note"`);
    const edited = await app.deps.db.mentorEntry.findFirstOrThrow({ where: { id: first.id } });
    expect(edited.notesEnc).not.toBe(first.notesEnc);
    expect(onDisk(app.url, first.notesEnc!)).toEqual([]);
    expect(onDisk(app.url, first.menteeEnc)).toEqual([]);

    const [del] = await con.as("mia", "dm", `/mentor delete id:${first.shortId}`);
    expect(del!.text).toContain("its content is gone");
    expect(onDisk(app.url, edited.notesEnc!)).toEqual([]);
    expect(onDisk(app.url, edited.menteeEnc)).toEqual([]);
  });

  it("a saved draft's ciphertext leaves cadre.db-wal just after Save answers, and by shutdown", async () => {
    app = await makeApp("sqlite");
    const url = app.url;
    const con = new ConsoleDriver(app);
    const draft = async () => {
      const [card] = await con.as("mia", "dm", "45 min with Jordan Lee today - planning. notes: a private worry");
      const d = await app!.deps.db.mentorDraft.findFirstOrThrow({ where: { savedAs: null } });
      expect(onDisk(app!.url, d.payloadEnc)).not.toEqual([]); // in the write-ahead log until a checkpoint
      await con.chat.press(Number(/\[(\d+)\] Save/.exec(card!.text)![1]), "mia");
      expect(con.transcript.at(-1)!.text).toContain("Saved");
      return d.payloadEnc;
    };
    const first = await draft();
    await expect.poll(() => onDisk(app!.url, first), { timeout: 2_000, interval: 20 }).toEqual([]);

    const second = await draft();
    await app.stop();
    app = undefined;
    expect(onDisk(url, second)).toEqual([]);
  });

  it("creates the data folder 0700 and the database files 0600, and narrows a world-readable database", async () => {
    const folder = join(mkdtempSync(join(tmpdir(), "cadre-modes-")), "data");
    const url = `file:${join(folder, "cadre.db")}`;
    app = await makeApp("sqlite", { url });
    await new ConsoleDriver(app).as("mia", "dm", '/mentor log duration:1h mentee:"Jordan" topics:planning');
    const file = sqlitePath(url);
    expect(dirname(file)).toBe(folder);
    expect(mode(folder)).toBe(0o700);
    expect(mode(file)).toBe(0o600);
    for (const f of [`${file}-wal`, `${file}-shm`]) if (existsSync(f)) expect(mode(f)).toBe(0o600);
    await app.stop();
    app = undefined;

    chmodSync(file, 0o644); // as an earlier version left it
    app = await makeApp("sqlite", { url });
    expect(mode(file)).toBe(0o600);
  });
});
