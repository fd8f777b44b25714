// A member's text reaches Discord as words, never as markup: through discord.js and the fake
// Discord, an announcement whose title, notes and place carry a Markdown link, @everyone and
// raw mentions posts a card with no masked link and no mass mention, and never lets a mention
// ping (allowed_mentions parse []), while cadre's own mentions and dates still render.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { startDiscord, type DiscordAdapter } from "../../../src/platforms/discord/start.js";
import { messageBody, nativeTokens, renderMessages } from "../../../src/platforms/discord/render.js";
import { fmt, sanitize } from "../../../src/core/rich.js";
import { makeApp, type TestApp } from "../../support/app.js";
import { FakeDiscord, type FakeUser, type RecordedCall } from "../../fakes/discord/server.js";

const alice: FakeUser = { id: "400000000000000001", username: "alice", global_name: "Alice Ames" };
const MANAGE_GUILD = String(0x20);

/** Text Discord would render as Markdown: embed descriptions and field values. */
const rendered = (body: any): string[] =>
  (body.embeds ?? []).flatMap((e: any) => [e.description ?? "", ...(e.fields ?? []).map((f: any) => f.value)]);
/** Every text a message shows. */
const shown = (body: any): string[] =>
  (body.embeds ?? []).flatMap((e: any) => [
    e.title ?? "",
    e.description ?? "",
    e.footer?.text ?? "",
    ...(e.fields ?? []).flatMap((f: any) => [f.name, f.value]),
  ]);

/** A masked link Discord would draw: "[label](" where neither bracket is escaped by a backslash. */
function hasMaskedLink(s: string): boolean {
  const unescaped = (i: number) => {
    let n = 0;
    while (i - 1 - n >= 0 && s[i - 1 - n] === "\\") n++;
    return n % 2 === 0;
  };
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== "[" || !unescaped(i)) continue;
    for (let j = i + 1; j < s.length; j++) if (s[j] === "]" && unescaped(j) && s[j + 1] === "(") return true;
  }
  return false;
}
/** A raw mention written by a member: "<@…", "<#…" or "<@&…" not escaped. */
const hasRawMention = (s: string): boolean => /(^|[^\\])(\\\\)*<[@#]/.test(s);

describe("Discord rendering of member text", () => {
  let fake: FakeDiscord;
  let app: TestApp;
  let adapter: DiscordAdapter;

  beforeAll(async () => {
    fake = await new FakeDiscord().start();
    app = await makeApp("sqlite", {
      now: "2026-11-02T15:00:00Z",
      env: {
        DISCORD_TOKEN: "fake-bot-token",
        DISCORD_APPLICATION_ID: fake.applicationId,
        DISCORD_API_URL: fake.apiUrl,
      },
    });
    adapter = await startDiscord(app, { deferAfterMs: 1000 });
  });
  afterAll(async () => {
    adapter?.client.destroy();
    await app?.stop();
    await fake?.stop();
  });

  it("posts a member's Markdown link with its address showing, and no @everyone, raw mention or bidi control", async () => {
    const from = fake.calls.length;
    fake.chatInput({ user: alice, permissions: MANAGE_GUILD }, "session", "announce", {
      title: "Training \u202Efdp.exe\u200B @everyone",
      when: "Dec 3 9am",
      hours: "3",
      where: "[district login](https://evil.example/login) @here",
      notes: "[Zoom link](https://evil.example/phish) @everyone <@400000000000000009> [x](<https://evil.example/2>)",
    });
    const post = await fake.waitForCall(
      (c: RecordedCall) => c.method === "POST" && c.path === `/channels/${fake.channelId}/messages`,
      { from },
    );
    const body = post.json;
    expect(body.allowed_mentions).toEqual({ parse: [] });
    for (const t of rendered(body)) {
      expect(hasMaskedLink(t)).toBe(false);
      expect(hasRawMention(t)).toBe(false);
    }
    for (const t of shown(body)) {
      expect(t).not.toMatch(/@(everyone|here)/);
      expect(t).not.toMatch(/\u202E|exe\u200B/); // the only zero-width space left is the one that defuses @everyone
    }
    const all = rendered(body).join("\n");
    expect(all).toContain("Zoom link (https://evil.example/phish)");
    expect(all).toContain("district login (https://evil.example/login)");
    expect(body.embeds[0].title).toContain("Training fdp.exe @\u200Beveryone");
  });

  it("keeps cadre's own mentions and dates live", () => {
    expect(nativeTokens(`${fmt.user("1")} in ${fmt.channel("2")} at ${fmt.time(new Date(1e12), "short")}`)).toBe(
      "<@1> in <#2> at <t:1000000000:f>",
    );
  });

  it("no member string, however built, renders as a masked link, a raw mention or a mass mention", () => {
    const piece = fc.oneof(
      fc.constantFrom(
        "[",
        "]",
        "(",
        ")",
        "<",
        ">",
        "\\",
        "@",
        "everyone",
        "here",
        "#",
        "https://e.example/x",
        "](",
        "*",
      ),
      fc.constantFrom("\u0000", "\u00000\u0000", "\u27E6u:1\u27E7", "\u202E", "<@1>", "@everyone"),
      fc.string({ maxLength: 4 }),
    );
    const names = { zone: "UTC", user: () => undefined, channel: () => undefined };
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 14 }), (parts) => {
        const s = sanitize(parts.join(""));
        for (const m of renderMessages(
          { to: { kind: "private" }, header: s, text: s, fields: [{ label: s, value: s }], context: s },
          names,
        )) {
          const body = messageBody(m);
          expect(body.allowed_mentions).toEqual({ parse: [] });
          for (const t of rendered(body)) {
            expect(hasMaskedLink(t)).toBe(false);
            expect(hasRawMention(t)).toBe(false);
          }
          for (const t of shown(body)) expect(t).not.toMatch(/@(everyone|here)/i);
        }
      }),
      { numRuns: 400 },
    );
  });
});
