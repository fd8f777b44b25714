// What a person is told when a channel refuses a post: why, the fix on their platform, and a
// command that posts it again only where that can work (same channel once fixed, elsewhere
// when the channel is gone or archived).
import { describe, expect, it } from "vitest";
import { refusalNotice } from "../../src/core/refusal-notice.js";
import { plainTokens } from "../../src/core/rich.js";
import type { Reply } from "../../src/core/reply.js";
import { slackRefusalFix } from "../../src/platforms/slack/refusal.js";
import { discordRefusalFix } from "../../src/platforms/discord/refusal.js";

const slack = { refusalFix: slackRefusalFix };
const discord = { refusalFix: discordRefusalFix };

const card: Reply = {
  to: { kind: "channel", channelId: "C9" },
  header: "📅 PD day",
  repost: "/session repost id:7K2Q",
  repostElsewhere: "/session repost id:7K2Q channel:#…",
};

describe("refusal notice", () => {
  it("offers the same channel again once cadre is let in", () => {
    const n = refusalNotice(slack, { channelId: "C9", reason: "not-in-channel", reply: card });
    expect(n.to.kind).toBe("private");
    expect(plainTokens(n.text!, "UTC")).toBe(
      "⚠️ I couldn't post “📅 PD day” in #C9: cadre is not in that channel. Everything else was done and saved, so there is no need to run the command again.",
    );
    expect(n.context).toBe(
      "Add cadre to the channel: type `/invite @cadre` there. Then post it with `/session repost id:7K2Q`.",
    );
  });

  it("offers another channel when the channel is gone or archived", () => {
    for (const reason of ["not-found", "archived"] as const) {
      const n = refusalNotice(discord, { channelId: "C9", reason, reply: card });
      expect(n.context).toBe("Choose another channel. Then post it with `/session repost id:7K2Q channel:#…`.");
    }
  });

  it("offers nothing to run when the post has no command that makes it again", () => {
    const n = refusalNotice(discord, {
      channelId: "C9",
      reason: "archived",
      reply: { ...card, repostElsewhere: undefined },
    });
    expect(n.context).toBe("Choose another channel.");
    const plain = refusalNotice(slack, {
      channelId: "C9",
      reason: "no-permission",
      reply: { to: card.to, text: "hello" },
    });
    expect(plainTokens(plain.text!, "UTC")).toContain(
      "I couldn't post the message in #C9: cadre is not allowed to post there.",
    );
    expect(plain.context).toBe("Ask a workspace admin to let apps post in that channel, or choose another channel.");
  });
});
