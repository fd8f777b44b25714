// No option name is ever silently swallowed: in every subcommand of every command, a
// `name:value` whose name is a typo of a real option (up to two edits) is refused with the
// nearest real name, never folded into the free text.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { commands } from "../../commands/index.js";
import { UserError } from "../../src/core/errors.js";
import { assignOptions, tokenize } from "../../src/core/text-options.js";

const subs = commands.flatMap((c) =>
  Object.entries(c.subcommands)
    .filter(([, s]) => Object.keys(s.options).length)
    .map(([name, s]) => ({ label: `/${c.name} ${name}`, s })),
);
const letters = "abcdefghijklmnopqrstuvwxyz";
const edit = fc.oneof(
  fc.record({ op: fc.constant("drop" as const), at: fc.nat() }),
  fc.record({ op: fc.constant("swap" as const), at: fc.nat() }),
  fc.record({ op: fc.constant("insert" as const), at: fc.nat(), ch: fc.constantFrom(...letters) }),
  fc.record({ op: fc.constant("replace" as const), at: fc.nat(), ch: fc.constantFrom(...letters) }),
);
function apply(word: string, e: { op: string; at: number; ch?: string }): string {
  const i = e.at % Math.max(1, word.length);
  if (e.op === "drop") return word.slice(0, i) + word.slice(i + 1);
  if (e.op === "swap") return word.slice(0, i) + (word[i + 1] ?? "") + (word[i] ?? "") + word.slice(i + 2);
  if (e.op === "insert") return word.slice(0, i) + e.ch + word.slice(i);
  return word.slice(0, i) + e.ch + word.slice(i + 1);
}
const norm = (n: string) => n.replace(/[-_]/g, "");

describe("option-name typos", () => {
  it("property: a typo of a real option within two edits is refused in every subcommand", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...subs),
        fc.nat(),
        fc.array(edit, { minLength: 1, maxLength: 2 }),
        (t, pick, edits) => {
          const names = Object.keys(t.s.options);
          const typo = edits.reduce(apply, names[pick % names.length]!).toLowerCase();
          fc.pre(/^[a-z][a-z0-9_-]*$/.test(typo) && !names.some((n) => norm(n) === norm(typo)));
          let err: unknown;
          try {
            assignOptions(tokenize(`${typo}:3 "some words"`), t.s, "example");
          } catch (e) {
            err = e;
          }
          expect(err, `${t.label} ${typo}:3`).toBeInstanceOf(UserError);
          expect((err as UserError).message).toContain(`There is no option \`${typo}\``);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("names the option meant, and says how to put `word:` in free text", () => {
    const announce = commands.find((c) => c.name === "session")!.subcommands.announce!;
    expect(() => assignOptions(tokenize('"Scoring training" capacty:3'), announce, "ex")).toThrow(
      "There is no option `capacty` — did you mean `capacity`?",
    );
    const add = commands.find((c) => c.name === "reminder")!.subcommands.add!;
    expect(() => assignOptions(tokenize("when:tomorrow call ext:4411"), add, "ex")).toThrow(
      'put the text in quotes: "… ext:4411 …"',
    );
    // "word: " with a space is plain text, and a quoted text keeps its `word:value`.
    expect(assignOptions(tokenize("when:tomorrow Note: bring the rubric"), add, "ex").text).toBe(
      "Note: bring the rubric",
    );
    expect(assignOptions(tokenize('when:tomorrow "call ext:4411"'), add, "ex").text).toBe("call ext:4411");
  });

  it("a long free text is one option, however many words", () => {
    const add = commands.find((c) => c.name === "reminder")!.subcommands.add!;
    const words = Array.from({ length: 60 }, (_, i) => `word${i}`).join(" ");
    expect(assignOptions(tokenize(`when:tomorrow ${words}`), add, "ex").text).toBe(words);
  });
});
