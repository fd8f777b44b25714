// Buttons are made from the same key as the action that answers them: a card cannot name an
// action its command does not have, and a command cannot file an action under another name.
import { z } from "zod";
import { describe, expect, it } from "vitest";
import { action, actionKey, defineCommand } from "../../src/core/command.js";
import { decodeAction, encodeAction } from "../../src/core/action-id.js";
import { commands } from "../../commands/index.js";
import { BUTTON } from "../../src/services/sessions/keys.js";

describe("button action keys", () => {
  it("refuses a command that files a key's action under another name", () => {
    const key = actionKey("demo", "rsvp", z.string());
    expect(() =>
      defineCommand({ name: "demo", description: "", subcommands: {}, actions: { rvsp: action(key, () => {}) } }),
    ).toThrow("action demo.rsvp is registered as demo.rvsp");
    expect(() =>
      defineCommand({ name: "demo", description: "", subcommands: {}, actions: { rsvp: action(key, () => {}) } }),
    ).not.toThrow();
  });

  it("every session card button routes to an action /session defines, with a value it accepts", () => {
    const session = commands.find((c) => c.name === "session")!;
    const buttons = [
      BUTTON.rsvp.button("Going", "7K2Q:going"),
      BUTTON.ics.button("Add to calendar", "7K2Q"),
      BUTTON.checkin.button("Check in", "7K2Q"),
    ];
    for (const b of buttons) {
      const d = decodeAction(encodeAction(b.action, b.value))!;
      expect(d.command).toBe("session");
      const a = session.actions![d.action]!;
      expect(a, b.action).toBeDefined();
      expect(a.value.safeParse(d.value).success).toBe(true);
    }
  });
});
