// Database round trips per dispatched command, for tests that pin a command's cost and for the
// bench table: the ten commands people use most, each run as a returning person would (the
// workspace, the person and their data already there), through the dispatcher as a Slack
// adapter calls it.
import type { App } from "../../src/app.js";
import type { Source } from "../../src/core/context.js";
import type { Reply } from "../../src/core/reply.js";
import { measureRoundTrips } from "../../src/core/round-trips.js";
import { encodeAction } from "../../src/core/action-id.js";
import { ensureWorkspace, setRoles } from "../../src/services/workspaces.js";

export { measureRoundTrips };

/** The round trips `fn` makes (everything awaited inside it). */
export async function roundTripsOf(fn: () => Promise<unknown>): Promise<number> {
  return (await measureRoundTrips(fn)).roundTrips;
}

export const HOT_COMMANDS = [
  "session list",
  "session rsvp button",
  "session announce",
  "agenda add",
  "agenda list",
  "mentor DM draft",
  "mentor save button",
  "mentor hours",
  "reminder add",
  "reminder list",
] as const;
export type HotCommand = (typeof HOT_COMMANDS)[number];

const source = (userId: string, channelId = "C1"): Source => ({
  platform: "slack",
  externalWorkspaceId: "T1",
  channelId,
  isDM: channelId.startsWith("D"),
  userId,
  displayName: userId === "ULEAD" ? "Lee Leader" : "Ana Teacher",
});

/** The button for `action` (the `nth` of them, from 0) in these replies, as its platform id. */
function button(replies: Reply[], action: string, nth = 0): string {
  const b = replies.flatMap((r) => r.buttons ?? []).filter((x) => x.action === action)[nth];
  if (b) return encodeAction(b.action, b.value);
  throw new Error(`no ${action} button in ${JSON.stringify(replies).slice(0, 400)}`);
}

function ok(replies: Reply[], what: string): Reply[] {
  const bad = replies.find((r) => r.tone === "error");
  if (bad) throw new Error(`${what} failed: ${bad.text}`);
  return replies;
}

export interface HotPathCosts {
  counts: Record<HotCommand, number>;
  /** Each command's statements, to see which ones a regression added. */
  sql: Record<HotCommand, string[]>;
}

/**
 * Sets up a workspace (a leader, three sessions, an ILT, a mentor with entries and reminders)
 * and returns a function that runs each hot command once more as a returning person and counts
 * its round trips; `n` makes each call's texts new.
 */
export async function hotPaths(app: App): Promise<(n: number) => Promise<HotPathCosts>> {
  const d = app.dispatcher;
  const lead = source("ULEAD");
  const ana = source("UANA");
  const anaDM = source("UANA", "DANA");
  const run = async (src: Source, command: string, text: string) =>
    ok(await d.run({ source: src, command, text }), `/${command} ${text}`);
  // Going and Maybe, pressed in turn (each press a change, as most are).
  const day = (ahead: number) =>
    new Date(app.deps.clock.now().getTime() + ahead * 86_400_000).toISOString().slice(0, 10);
  let rsvp: string[] = [];
  {
    const ws = await ensureWorkspace(app.deps.db, "slack", "T1", app.deps.defaultTimeZone);
    await setRoles(app.deps.db, ws.id, "ULEAD", ["leader", "facilitator"]);
    for (let s = 1; s <= 3; s++) {
      const posted = await run(
        lead,
        "session",
        `announce title:"Scoring training ${s}" when:"${day(7 * s)} 9am" hours:3 where:"Room ${s}"`,
      );
      rsvp = [0, 1].map((i) => button(posted, "session.rsvp", i));
    }
    await run(
      lead,
      "agenda",
      `setup name:"Lincoln ILT" channel:<#CT1> members:"<@ULEAD> <@UANA>" day:thursday time:3:30pm`,
    );
    for (let i = 0; i < 3; i++) {
      await run(ana, "session", "list");
      await run(source("UANA", "CT1"), "agenda", `add "Warm-up item ${i}" minutes:5`);
      await run(anaDM, "mentor", 'log duration:45m mentee:"J.R." topics:"classroom management" date:today');
      await run(ana, "reminder", `add when:"tomorrow 3pm" text:"Warm-up reminder ${i}"`);
    }
    await run(ana, "mentor", "hours");
    await run(ana, "reminder", "list");
  }
  return async (n) => {
    const counts = {} as Record<HotCommand, number>;
    const sql = {} as Record<HotCommand, string[]>;
    const count = async (name: HotCommand, fn: () => Promise<Reply[]>) => {
      const { value, roundTrips, statements } = await measureRoundTrips(fn, { statements: true });
      counts[name] = roundTrips;
      sql[name] = statements;
      return ok(value, name);
    };
    await count("session list", () => d.run({ source: ana, command: "session", text: "list" }));
    await count("session rsvp button", () =>
      d.press({ ...ana, origin: { channelId: "C1", messageId: "m1" } }, rsvp[n % 2]!),
    );
    await count("session announce", () =>
      d.run({
        source: lead,
        command: "session",
        text: `announce title:"PD ${n}" when:"${day(30)} 9am" hours:6 where:"Library"`,
      }),
    );
    await count("agenda add", () =>
      d.run({ source: source("UANA", "CT1"), command: "agenda", text: `add "Item ${n}" minutes:5` }),
    );
    await count("agenda list", () => d.run({ source: source("UANA", "CT1"), command: "agenda", text: "list" }));
    const draft = await count("mentor DM draft", () =>
      d.dm(anaDM, `45 min with J.R. today - classroom management ${n}`),
    );
    await count("mentor save button", () =>
      d.press({ ...anaDM, origin: { channelId: "DANA", messageId: `m${n}` } }, button(draft, "mentor.save")),
    );
    await count("mentor hours", () => d.run({ source: ana, command: "mentor", text: "hours" }));
    await count("reminder add", () =>
      d.run({ source: ana, command: "reminder", text: `add when:"tomorrow 4pm" text:"Bring rubric ${n}"` }),
    );
    await count("reminder list", () => d.run({ source: ana, command: "reminder", text: "list" }));
    return { counts, sql };
  };
}
