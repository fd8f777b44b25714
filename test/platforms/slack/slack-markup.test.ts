// A member's text reaches Slack as words, never as markup: through the real Bolt app and the
// fake Slack, an announcement whose title, notes and place carry Slack mentions (as Slack
// writes a typed "@here" with should_escape), a labelled link and a Markdown link posts blocks
// and a notification text with no live mention or masked link, while cadre's own mentions work.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { type TestApp } from "../../support/app.js";
import { FakeSlack, eventually } from "../../fakes/slack/server.js";
import { SlackAdapter } from "../../../src/platforms/slack/app.js";
import { toBlocks } from "../../../src/platforms/slack/blocks.js";
import { fmt, sanitize } from "../../../src/core/rich.js";
import { startSlackRig, type SlackRig } from "../../support/slack-rig.js";

const HOSTILE = "<!channel> <!everyone> <@U0ADMIN> <https://evil.example/login|district login>";

/** Every piece of text a Slack message shows: block texts, button labels and the fallback. */
function texts(msg: { text?: string; blocks?: any[] }, kind?: "mrkdwn" | "plain_text"): string[] {
  const out: string[] = kind === "plain_text" ? [] : [msg.text ?? ""];
  const walk = (v: any): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!v || typeof v !== "object") return;
    if (typeof v.text === "string" && (!kind || v.type === kind)) out.push(v.text);
    for (const x of Object.values(v)) walk(x);
  };
  walk(msg.blocks);
  return out;
}

/** Slack markup the text would make live: a special mention, a user mention, or a labelled link. */
const LIVE = /<!(?:channel|here|everyone)|<@U0ADMIN|<https?:[^>]*\|/;

describe("Slack rendering of member text [sqlite]", () => {
  let app: TestApp;
  let slack: FakeSlack;
  let adapter: SlackAdapter;

  let rig: SlackRig;
  beforeAll(async () => {
    rig = await startSlackRig({ now: "2026-11-02T15:00:00Z", leaders: ["ULEAD"] });
    ({ app, slack, adapter } = rig);
  });
  afterAll(() => rig?.stop());

  it("posts a member's mentions and links as inert words, showing the address, and strips bidi controls", async () => {
    await slack.slash(
      "/session",
      `announce title:"Q&amp;A ${HOSTILE} \u202Efdp.exe\u200B" when:"Nov 10 9am" hours:3 channel:<#CMARK|mark> ` +
        `where:"<!here> thoughts?" notes:"[Zoom link](https://evil.example/phish) ${HOSTILE}"`,
      "ULEAD",
    );
    const post = await eventually(() => slack.callsTo("chat.postMessage").find((c) => c.args.channel === "CMARK"));
    const shown = texts(post.args as any);
    for (const t of shown) {
      expect(t).not.toMatch(LIVE);
      expect(t).not.toMatch(/[\u202E\u200B]/);
    }
    const all = shown.join("\n");
    expect(all).toContain("district login (https://evil.example/login)");
    expect(all).toContain("Zoom link (<https://evil.example/phish>)"); // a link that shows where it goes
    expect(all).toContain("@here thoughts?");
    expect(all).toContain("Q&amp;A"); // Slack's own escaping is not doubled
    expect(all).not.toContain("&amp;amp;");
    expect(
      post.args.blocks.filter((b: any) => b.type === "section" && b.text).map((b: any) => b.text.verbatim),
    ).toEqual([true]);
    // The private confirmation repeats the title: just as inert.
    const confirm = await eventually(() => slack.responses.find((r) => JSON.stringify(r.body).includes("Announced")));
    for (const t of texts(confirm.body)) expect(t).not.toMatch(LIVE);
  });

  it("keeps cadre's own mentions live", () => {
    const m = toBlocks({ to: { kind: "private" }, text: `${fmt.user("U7")} in ${fmt.channel("C9")}: <@U0ADMIN>` });
    expect(m.text).toBe("<@U7> in <#C9>: @U0ADMIN");
    expect(m.blocks[0]!.text.text).toBe("<@U7> in <#C9>: @U0ADMIN");
  });

  it("no member string, however built, renders as a live mention or masked link", () => {
    const piece = fc.oneof(
      fc.constantFrom(
        "<",
        ">",
        "|",
        "!here",
        "!channel",
        "!everyone",
        "!subteam^S1",
        "@U0ADMIN",
        "#C1",
        "https://evil.example/x",
        "[",
        "](",
        ")",
        "&",
        "&lt;",
        "**",
        "\u0000",
        "\u0000" + "0" + "\u0000",
        "\u202E",
        "\u27E6u:U1\u27E7",
      ),
      fc.string({ maxLength: 4 }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 14 }), (parts) => {
        const s = sanitize(parts.join(""));
        const m = toBlocks({
          to: { kind: "private" },
          header: s,
          text: s,
          fields: [{ label: s, value: s }],
          context: s,
        });
        // Any < left where Slack reads markup opens a plain link that shows its own address.
        for (const t of texts(m, "mrkdwn").concat(m.text))
          for (const open of t.matchAll(/<[^>]*>?/g)) expect(open[0]).toMatch(/^<https?:\/\/[^|<>\s]*>$/);
        // Headers and buttons are plain_text, which Slack shows as typed; still no mention syntax survives.
        for (const t of texts(m, "plain_text")) expect(t).not.toMatch(/<[!@#][^<>]*>/);
      }),
      { numRuns: 400 },
    );
  });
});
