// Which errors nothing caught the process survives: a rejected platform call (Slack, Discord,
// the network under them) is one failed request; anything else, or any uncaught exception,
// stops cadre cleanly.
import { describe, expect, it } from "vitest";
import { webApi } from "@slack/bolt";
import { DiscordAPIError } from "discord.js";
import { verdict } from "../../src/platforms/process-policy.js";

describe("the process policy for uncaught errors", () => {
  it("keeps running after a rejected Slack or Discord call or a refused connection", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" });
    const slack = webApi.ErrorCode.RequestError;
    const discord = new DiscordAPIError({ message: "Missing Access", code: 50001 }, 50001, 403, "POST", "/x", {});
    for (const e of [refused, { code: slack, original: refused }, discord, { name: "Error", cause: refused }])
      expect(verdict("unhandledRejection", e)).toBe("continue");
  });

  it("stops after any other rejection, and after every uncaught exception", () => {
    expect(verdict("unhandledRejection", new TypeError("x is undefined"))).toBe("exit");
    expect(verdict("unhandledRejection", undefined)).toBe("exit");
    expect(verdict("uncaughtException", Object.assign(new Error("refused"), { code: "ECONNREFUSED" }))).toBe("exit");
  });
});
