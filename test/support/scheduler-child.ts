// A cadre process for the crash test: an App and a Scheduler on the given database, with a
// slow loopback platform that appends each message it receives to a file (synchronously,
// so a line is on disk the moment the "platform" has the message). It drains the outbox and
// exits, unless it is killed first.
//   CHILD_DB=… CHILD_OUT=file CHILD_NOW=iso CHILD_DELAY_MS=40 npx tsx test/support/scheduler-child.ts
import { appendFileSync } from "node:fs";
import { Writable } from "node:stream";
import { createApp } from "../../src/app.js";
import { loadEnv } from "../../src/config/env.js";
import { ManualClock } from "../../src/core/clock.js";
import type { Transport } from "../../src/core/deliver.js";
import { Scheduler } from "../../src/scheduler/scheduler.js";

const e = process.env;
const out = e.CHILD_OUT!;
const delay = Number(e.CHILD_DELAY_MS ?? 40);
const clock = new ManualClock(e.CHILD_NOW!);
const quiet = new Writable({ write: (_c, _e, cb) => cb() });
const app = await createApp(
  loadEnv({
    DATABASE_URL: e.CHILD_DB,
    CADRE_ENCRYPTION_KEY: e.CHILD_KEY,
    CADRE_TIMEZONE: "America/New_York",
    LOG_LEVEL: "warn",
  }),
  { clock, logDestination: quiet },
);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// The platform accepts the message at once, then the call takes `delay` ms to return (a slow
// network): a kill in that window leaves a message delivered but its row not yet marked.
const platform: Transport = {
  platform: "console",
  refusalFix: () => "Choose another channel.",
  async post(_ws, channelId, reply) {
    appendFileSync(out, `${reply.text}\n`);
    await sleep(delay);
    return { channelId, messageId: reply.text ?? "" };
  },
  async dm(_ws, userId, reply) {
    appendFileSync(out, `${reply.text}\n`);
    await sleep(delay);
    return { channelId: userId, messageId: reply.text ?? "" };
  },
  async ephemeral() {},
  async update() {},
  canPost: async () => true,
};
app.transports.set("console", platform);

const scheduler = new Scheduler(app, {
  batchSize: Number(e.CHILD_BATCH ?? 100),
  leaseMs: Number(e.CHILD_LEASE_MS ?? 60_000),
});
process.stdout.write("ready\n");
const n = await scheduler.drain();
process.stdout.write(`done ${n}\n`);
await app.stop();
process.exit(0);
