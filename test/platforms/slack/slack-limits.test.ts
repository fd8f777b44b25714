// Reply -> Block Kit at adversarial sizes: whatever cadre renders passes the fake's Block Kit
// validation (Slack's documented limits, test/fakes/slack/block-kit.ts), and no text is lost
// without a visible note saying so (property-tested), plus the cases measured on real cards.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Reply } from "../../../src/core/reply.js";
import { mrkdwn, plain, toBlocks, type Block } from "../../../src/platforms/slack/blocks.js";
import { buildModal } from "../../../src/platforms/slack/modal.js";
import { messageRejection, viewRejection } from "../../fakes/slack/block-kit.js";
import { commands } from "../../../commands/index.js";

const squash = (s: string) => s.replace(/\s+/g, "");
/** Letters, spaces, line breaks, an emoji (a surrogate pair) and the characters Slack escapes. */
const text = (max: number) =>
  fc.string({ unit: fc.constantFrom("a", "b", " ", " ", "\n", "é", "-", "🙂", "&", "<", ">"), maxLength: max });
const sized = (small: number, big: number) => fc.oneof(text(small), text(big));

const replyArb: fc.Arbitrary<Reply> = fc.record({
  to: fc.constant({ kind: "here" } as const),
  header: fc.option(
    fc.tuple(fc.constantFrom("", "📅 ", "❌ CANCELLED — "), sized(60, 400)).map(([p, t]) => p + t),
    { nil: undefined },
  ),
  text: fc.option(sized(300, 20_000), { nil: undefined }),
  fields: fc.option(
    fc.array(fc.record({ label: text(80), value: sized(100, 2600), inline: fc.boolean() }), { maxLength: 60 }),
    { nil: undefined },
  ),
  context: fc.option(sized(200, 4000), { nil: undefined }),
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

const texts = (blocks: Block[]): string[] =>
  blocks.flatMap((b) => [
    ...(b.type === "header" ? [] : b.text?.text ? [b.text.text] : []),
    ...(b.fields ?? []).map((f: Block) => f.text),
    ...(b.type === "context" ? b.elements.map((e: Block) => e.text) : []),
  ]);
const shortened = (blocks: Block[]) => texts(blocks).some((t) => t.includes("shortened to fit one Slack message"));

describe("Slack rendering within Block Kit's limits", () => {
  it("any reply passes Slack's validation, and keeps all its text unless it says it shortened it", () => {
    fc.assert(
      fc.property(replyArb, (r) => {
        const out = toBlocks(r);
        expect(messageRejection(out)).toBeUndefined();
        const body = squash(texts(out.blocks).join(""));
        const buttons = out.blocks.filter((b) => b.type === "actions").flatMap((b) => b.elements);
        expect(buttons.map((b: Block) => b.action_id)).toEqual([
          ...new Set((r.buttons ?? []).map((b) => `${b.action}|${b.value}`)),
        ]);
        const header = out.blocks.find((b) => b.type === "header");
        // ("<>" is Slack markup with nothing in it: it reads as nothing, so no header.)
        if (r.header?.trim() && !/[<>]/.test(r.header)) expect(header).toBeDefined();
        if (header) {
          // The prefix always survives: only the title after it is cut.
          if (!/[<>]/.test(r.header!))
            expect(header.text.text.startsWith(r.header!.trim().slice(0, 15).trim())).toBe(true);
        }
        if (shortened(out.blocks)) {
          if (r.overflow) expect(body).toContain(squash(`All of it: ${r.overflow}.`));
          return;
        }
        if (header && header.text.text.endsWith("…")) expect(body).toContain(squash(plain(r.header!)));
        if (r.text) expect(body).toContain(squash(mrkdwn(r.text)));
        for (const f of r.fields ?? []) expect(body).toContain(squash(`*${plain(f.label)}*${mrkdwn(f.value)}`));
        if (r.context) expect(body).toContain(squash(mrkdwn(r.context)));
      }),
      { numRuns: 300 },
    );
  });

  it("a 150-character title keeps its prefix and is shown whole under the header", () => {
    // 150 characters: with either prefix, past the header's 150.
    const title = ("Scoring training for grade 3–5 writing " + "x".repeat(110)).slice(0, 146) + " END";
    for (const prefix of ["📅 ", "❌ CANCELLED — "]) {
      const { blocks } = toBlocks({ to: { kind: "here" }, header: prefix + title, text: "Thu 3 Dec" });
      expect(messageRejection({ blocks })).toBeUndefined();
      expect(blocks[0]!.text.text.startsWith(prefix)).toBe(true);
      expect(blocks[0]!.text.text).toHaveLength(150);
      expect(blocks[0]!.text.text.endsWith("…")).toBe(true);
      expect(blocks[1]!.text.text).toBe(`*${prefix}${title}*`);
    }
  });

  it("a 2,000-character mentor note is shown whole in a section, not cut in a field", () => {
    const note = ("We looked at exit tickets and planned small groups. ".repeat(40) + "LAST WORDS").slice(-2000);
    const { blocks } = toBlocks({
      to: { kind: "dm", userId: "U1" },
      header: "Mentoring log — draft",
      fields: [
        { label: "Time", value: "45 min", inline: true },
        { label: "Notes", value: note },
      ],
    });
    expect(messageRejection({ blocks })).toBeUndefined();
    const notes = blocks.find((b) => b.type === "section" && b.text?.text.startsWith("*Notes*"));
    expect(notes!.text.text).toBe(`*Notes*\n${note}`);
    expect(notes!.text.text.endsWith("LAST WORDS")).toBe(true);
    expect(blocks.find((b) => b.fields)!.fields).toHaveLength(1); // the short field stays a field
  });

  it("a reply past 50 blocks or Slack's total says how much it left out and where to read all of it", () => {
    const r: Reply = {
      to: { kind: "here" },
      header: "Agenda",
      fields: Array.from({ length: 60 }, (_, i) => ({ label: `Item ${i + 1}`, value: "y".repeat(1500 + i) })),
      buttons: [{ label: "Done", action: "agenda.done", value: "K7M2" }],
      overflow: "`/agenda export`",
    };
    const { blocks } = toBlocks(r);
    expect(messageRejection({ blocks })).toBeUndefined();
    const note = texts(blocks).find((t) => t.includes("shortened"))!;
    expect(note).toMatch(
      /^_… \d+ more lines not shown \(shortened to fit one Slack message\)\. All of it: `\/agenda export`\._$/,
    );
    expect(blocks.at(-1)!.type).toBe("actions");
  });

  it("the fake refuses what Slack refuses", () => {
    const section = (n: number) => ({ type: "section", text: { type: "mrkdwn", text: "x".repeat(n) } });
    expect(messageRejection({ blocks: [section(3001)] })?.error).toBe("invalid_blocks");
    expect(messageRejection({ blocks: Array.from({ length: 51 }, () => section(1)) })?.error).toBe("invalid_blocks");
    expect(messageRejection({ blocks: Array.from({ length: 5 }, () => section(2500)) })?.error).toBe(
      "msg_blocks_too_long",
    );
    expect(messageRejection({ text: "x".repeat(40_001) })?.error).toBe("msg_too_long");
    expect(
      messageRejection({ blocks: [{ type: "header", text: { type: "plain_text", text: "x".repeat(151) } }] })?.error,
    ).toBe("invalid_blocks");
    expect(messageRejection({ blocks: [section(3000)] })).toBeUndefined();
  });

  it("every modal cadre can open passes Slack's view validation", () => {
    for (const cmd of commands)
      for (const [name, s] of Object.entries(cmd.subcommands))
        expect(viewRejection(buildModal(cmd, name, s, "{}")), `/${cmd.name} ${name}`).toBeUndefined();
  });
});
