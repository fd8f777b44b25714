// A date option in a Slack modal is Slack's datepicker, and the day it sends back
// (YYYY-MM-DD, as Slack documents selected_date) is read as the option's value.
import { describe, expect, it } from "vitest";
import { defineCommand, sub } from "../../../src/core/command.js";
import { opt } from "../../../src/core/options.js";
import { buildModal, readSubmission } from "../../../src/platforms/slack/modal.js";

describe("Slack modal date option", () => {
  const s = sub({
    description: "Test",
    options: { from: opt.date({ description: "First day", required: true }) },
    examples: [""],
    run: () => ({ to: { kind: "private" }, text: "ok" }),
  });
  const cmd = defineCommand({ name: "t", description: "t", subcommands: { s } });

  it("renders a datepicker and reads selected_date back", () => {
    const modal = buildModal(cmd, "s", s, "meta") as { blocks: { element: { type: string } }[] };
    expect(modal.blocks[0]!.element.type).toBe("datepicker");
    const values = { from: { from: { type: "datepicker", selected_date: "2026-08-15" } } };
    expect(readSubmission(values as never)).toEqual({ from: "2026-08-15" });
    expect(s.options.from.schema.safeParse("2026-08-15").success).toBe(true);
  });
});
