// Drives the console adapter in tests: the recording adapter for command tests.
import { ConsoleChat, type Posted } from "../../src/platforms/console/session.js";
import type { App } from "../../src/app.js";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export class ConsoleDriver {
  readonly chat: ConsoleChat;
  readonly output: string[] = [];

  constructor(app: App) {
    this.chat = new ConsoleChat(app, (t) => this.output.push(t), mkdtempSync(join(tmpdir(), "cadre-exports-")));
  }

  /** Runs lines as `user` (in `channel`, or in their DM with "dm") and returns what was posted. */
  async as(user: string, where: string, ...lines: string[]): Promise<Posted[]> {
    const before = this.chat.transcript.length;
    await this.chat.input(`:user ${user}`);
    await this.chat.input(where === "dm" ? ":dm" : `:channel ${where.replace(/^#/, "")}`);
    for (const l of lines) await this.chat.input(l);
    return this.chat.transcript.slice(before);
  }

  get transcript(): Posted[] {
    return this.chat.transcript;
  }
}
