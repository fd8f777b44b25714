// Reply -> Discord messages: native mentions and timestamps where Discord renders them,
// readable text where it does not, and any size of output split within Discord's limits
// without losing text, buttons or files (property-tested).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fmt } from "../../../src/core/rich.js";
import type { Reply } from "../../../src/core/reply.js";
import {
  embedSize,
  renderMessages,
  renderSingle,
  splitText,
  type DiscordMessage,
  type PlainNames,
} from "../../../src/platforms/discord/render.js";

const names: PlainNames = {
  zone: "America/New_York",
  user: (id) => (id === "42" ? "Maria" : undefined),
  channel: (id) => (id === "7" ? "scoring" : undefined),
};

function checkLimits(m: DiscordMessage): void {
  expect(m.embeds.length).toBeLessThanOrEqual(10);
  expect(m.embeds.reduce((n, e) => n + embedSize(e), 0)).toBeLessThanOrEqual(6000);
  for (const e of m.embeds) {
    expect(e.title?.length ?? 0).toBeLessThanOrEqual(256);
    expect(e.description?.length ?? 0).toBeLessThanOrEqual(4096);
    expect(e.fields?.length ?? 0).toBeLessThanOrEqual(25);
    for (const f of e.fields ?? []) {
      expect(f.name.length).toBeGreaterThan(0);
      expect(f.name.length).toBeLessThanOrEqual(256);
      expect(f.value.length).toBeGreaterThan(0);
      expect(f.value.length).toBeLessThanOrEqual(1024);
    }
    expect(e.footer?.text.length ?? 0).toBeLessThanOrEqual(2048);
    expect(Boolean(e.title || e.description || e.fields?.length || e.footer)).toBe(true);
  }
  expect(m.components.length).toBeLessThanOrEqual(5);
  const ids = m.components.flatMap((r) => r.components.map((b) => (b as { custom_id: string }).custom_id));
  expect(new Set(ids).size).toBe(ids.length);
  for (const row of m.components) {
    expect(row.components.length).toBeGreaterThan(0);
    expect(row.components.length).toBeLessThanOrEqual(5);
    for (const b of row.components) {
      expect((b as { label: string }).label.length).toBeLessThanOrEqual(80);
      expect((b as { label: string }).label.trim()).not.toBe("");
      expect((b as { custom_id: string }).custom_id.length).toBeLessThanOrEqual(100);
    }
  }
  expect(m.files.length).toBeLessThanOrEqual(10);
  expect(m.embeds.length + m.components.length + m.files.length + (m.content ? 1 : 0)).toBeGreaterThan(0);
}

const squash = (s: string) => s.replace(/\s+/g, "");

const text = (max: number) => fc.string({ unit: fc.constantFrom("a", "b", " ", "\n", "é", "-", "*"), maxLength: max });

const replyArb: fc.Arbitrary<Reply> = fc.record({
  to: fc.constant({ kind: "here" } as const),
  header: fc.option(text(400), { nil: undefined }),
  text: fc.option(fc.oneof(text(200), text(20_000)), { nil: undefined }),
  fields: fc.option(
    fc.array(fc.record({ label: text(300), value: text(2500), inline: fc.boolean() }), { maxLength: 40 }),
    { nil: undefined },
  ),
  context: fc.option(text(2500), { nil: undefined }),
  buttons: fc.option(
    fc.array(
      fc.record({
        label: text(100),
        action: fc.constantFrom("session.rsvp", "mentor.save"),
        value: fc.stringMatching(/^[A-Z0-9]{1,20}$/),
      }),
      { maxLength: 30 },
    ),
    { nil: undefined },
  ),
  files: fc.option(
    fc.array(
      fc.record({
        filename: fc.stringMatching(/^[a-z]{1,8}\.csv$/),
        contentType: fc.constant("text/csv" as const),
        content: text(50),
      }),
      { maxLength: 12 },
    ),
    { nil: undefined },
  ),
});

describe("Discord rendering", () => {
  it("renders mentions and date-times natively in text and field values, readably in titles, footers and labels", () => {
    const at = new Date("2026-12-03T14:00:00Z");
    const [m] = renderMessages(
      {
        to: { kind: "here" },
        header: `Session with ${fmt.user("42")} on ${fmt.time(at, "date")}`,
        text: `${fmt.user("42")} posted in ${fmt.channel("7")} for ${fmt.time(at)} (${fmt.time(at, "relative")}), **bold**`,
        fields: [{ label: `For ${fmt.user("42")}`, value: `${fmt.time(at, "short")} in ${fmt.channel("7")}` }],
        context: `Starts ${fmt.time(at, "time")} in ${fmt.channel("99")}`,
        buttons: [
          { label: "Going", action: "session.rsvp", value: "7K2Q:going", style: "primary" },
          { label: "No", action: "session.rsvp", value: "7K2Q:no", style: "danger" },
          { label: "Maybe", action: "session.rsvp", value: "7K2Q:maybe" },
        ],
        tone: "error",
      },
      names,
    );
    const e = m!.embeds[0]!;
    expect(e.title).toBe("Session with @Maria on Thu 3 Dec 2026");
    expect(e.description).toBe("<@42> posted in <#7> for <t:1796306400:F> (<t:1796306400:R>), **bold**");
    expect(e.fields).toEqual([{ name: "For @Maria", value: "<t:1796306400:f> in <#7>", inline: false }]);
    expect(e.footer!.text).toBe("Starts 9:00 AM EST in #99");
    expect(e.color).toBe(0xed4245);
    expect(m!.components[0]!.components.map((b: any) => [b.custom_id, b.style])).toEqual([
      ["session.rsvp|7K2Q:going", 1],
      ["session.rsvp|7K2Q:no", 4],
      ["session.rsvp|7K2Q:maybe", 2],
    ]);
  });

  it("splits long text at line breaks", () => {
    const lines = Array.from({ length: 400 }, (_, i) => `line ${i} ${"x".repeat(30)}`);
    const parts = splitText(lines.join("\n"), 4096);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(4096);
      expect(p.split("\n").every((l) => /^line \d+ x{30}$/.test(l))).toBe(true);
    }
    expect(parts.join("\n")).toBe(lines.join("\n"));
  });

  it("any reply becomes messages within every limit, keeping all text, buttons and files", () => {
    fc.assert(
      fc.property(replyArb, (r) => {
        const msgs = renderMessages(r, names);
        msgs.forEach(checkLimits);
        const embeds = msgs.flatMap((m) => m.embeds);
        // A title too long for the embed's 256 is shortened, and shown whole at the top of the body.
        const cut = (r.header?.trim().length ?? 0) > 256 ? `**${r.header}**` : "";
        expect(squash(embeds.map((e) => e.description ?? "").join(""))).toBe(squash(cut + (r.text ?? "")));
        expect(
          squash(
            embeds
              .flatMap((e) => e.fields ?? [])
              .map((f) => f.value)
              .join(""),
          ),
        ).toBe(squash((r.fields ?? []).map((f) => (f.value.trim() ? f.value : "—")).join("")));
        const ids = msgs.flatMap((m) => m.components.flatMap((row) => row.components.map((b: any) => b.custom_id)));
        expect(new Set(ids)).toEqual(new Set((r.buttons ?? []).map((b) => `${b.action}|${b.value}`)));
        expect(msgs.flatMap((m) => m.files.map((f) => f.name))).toEqual((r.files ?? []).map((f) => f.filename));
        checkLimits(renderSingle(r, names));
      }),
      { numRuns: 150 },
    );
  });

  it("an edit that cannot fit one message is shortened with a note, keeping its buttons", () => {
    const r: Reply = {
      to: { kind: "here" },
      header: "Agenda",
      text: "item\n".repeat(3000),
      buttons: [{ label: "Done", action: "agenda.done", value: "K7M2" }],
    };
    const one = renderSingle(r, names);
    checkLimits(one);
    expect(one.embeds.at(-1)!.description).toMatch(/shortened to fit one Discord message\)$/);
    expect(one.components).toHaveLength(1);
  });
});
