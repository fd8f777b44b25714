// Reply -> Discord messages at adversarial sizes, checked by the fake's own validation of
// Discord's documented limits (test/fakes/discord/validate.ts): every message cadre sends or
// edits is accepted, and text is lost only where the message says it was shortened.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Reply } from "../../../src/core/reply.js";
import { messageBody, renderMessages, renderSingle, type PlainNames } from "../../../src/platforms/discord/render.js";
import { formBodyError } from "../../fakes/discord/validate.js";

const names: PlainNames = { zone: "America/New_York", user: () => undefined, channel: () => undefined };
const squash = (s: string) => s.replace(/\s+/g, "");
const text = (max: number) => fc.string({ unit: fc.constantFrom("a", "b", " ", "\n", "é", "-", "🙂"), maxLength: max });
const sized = (small: number, big: number) => fc.oneof(text(small), text(big));

const replyArb: fc.Arbitrary<Reply> = fc.record({
  to: fc.constant({ kind: "here" } as const),
  header: fc.option(
    fc.tuple(fc.constantFrom("", "📅 ", "❌ CANCELLED — "), sized(60, 400)).map(([p, t]) => p + t),
    { nil: undefined },
  ),
  text: fc.option(sized(300, 30_000), { nil: undefined }),
  fields: fc.option(
    fc.array(fc.record({ label: sized(20, 300), value: sized(100, 2600), inline: fc.boolean() }), { maxLength: 60 }),
    { nil: undefined },
  ),
  context: fc.option(sized(200, 2500), { nil: undefined }),
  buttons: fc.option(
    fc.array(
      fc.record({
        label: sized(20, 120),
        action: fc.constantFrom("session.rsvp", "mentor.save"),
        value: fc.stringMatching(/^[A-Z0-9]{1,20}$/),
      }),
      { maxLength: 100 },
    ),
    { nil: undefined },
  ),
  overflow: fc.option(fc.constant("`/agenda export`"), { nil: undefined }),
});

describe("Discord rendering within Discord's limits", () => {
  it("every message of any reply, and its one-message edit, passes Discord's form validation", () => {
    fc.assert(
      fc.property(replyArb, (r) => {
        for (const m of renderMessages(r, names)) expect(formBodyError(messageBody(m))).toBeUndefined();
        const one = renderSingle(r, names);
        expect(formBodyError(messageBody(one))).toBeUndefined();
        const said = one.embeds.some((e) => e.description?.includes("shortened to fit one Discord message"));
        const all = renderMessages(r, names);
        if (all.length > 1 && one.embeds.length) {
          // An edit holds one message: what it leaves out, it says, and where the whole is.
          expect(said).toBe(true);
          if (r.overflow) expect(one.embeds.at(-1)!.description).toContain("All of it: `/agenda export`.");
        } else if (all.length === 1) {
          expect(squash(one.embeds.map((e) => e.description ?? "").join(""))).toBe(
            squash(all[0]!.embeds.map((e) => e.description ?? "").join("")),
          );
        }
      }),
      { numRuns: 150 },
    );
  });

  it("a 256-character title keeps its prefix, and is shown whole at the top of the card", () => {
    const title = "Scoring training ".repeat(20).trim() + " END";
    const [m] = renderMessages({ to: { kind: "here" }, header: `❌ CANCELLED — ${title}`, text: "Thu 3 Dec" }, names);
    expect(formBodyError(messageBody(m!))).toBeUndefined();
    expect(m!.embeds[0]!.title!.startsWith("❌ CANCELLED — Scoring")).toBe(true);
    expect(m!.embeds[0]!.title!.endsWith("…")).toBe(true);
    expect(m!.embeds[0]!.description).toBe(`**❌ CANCELLED — ${title}**\nThu 3 Dec`);
  });

  it("the fake refuses what Discord refuses", () => {
    const embed = (e: object) => ({ embeds: [e] });
    expect(formBodyError(embed({ title: "x".repeat(257) }))?.errors).toHaveProperty(["embeds.0.title"]);
    expect(formBodyError(embed({ description: "x".repeat(4097) }))?.code).toBe(50035);
    expect(
      formBodyError({ embeds: [{ description: "x".repeat(4000) }, { description: "x".repeat(2001) }] }),
    ).toBeDefined();
    expect(
      formBodyError(embed({ fields: Array.from({ length: 26 }, () => ({ name: "a", value: "b" })) })),
    ).toBeDefined();
    expect(formBodyError(embed({ fields: [{ name: "a", value: "x".repeat(1025) }] }))).toBeDefined();
    expect(formBodyError({ content: "x".repeat(2001) })).toBeDefined();
    const button = (id: string) => ({ type: 2, style: 2, label: "b", custom_id: id });
    expect(
      formBodyError({ components: [{ type: 1, components: ["1", "2", "3", "4", "5", "6"].map(button) }] }),
    ).toBeDefined();
    expect(formBodyError({ components: [{ type: 1, components: [button("x".repeat(101))] }] })).toBeDefined();
    expect(formBodyError({ components: [{ type: 1, components: [button("a"), button("a")] }] })).toBeDefined();
    expect(formBodyError(embed({ title: "x".repeat(256), description: "y".repeat(4096) }))).toBeUndefined();
  });
});
