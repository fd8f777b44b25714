// Typed text in a Markdown file shows as typed: every character Markdown acts on (links,
// autolinks and Slack-style mentions in <…>, emphasis, code, headings, tables) is escaped, and
// removing the escapes gives back what was typed, on one line.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { markdownText } from "../../src/core/markdown-file.js";

const ACTIVE = "\\`*_[]()<>#!|~";

describe("markdownText", () => {
  it("escapes a link, an autolink, a mention and emphasis", () => {
    expect(markdownText("[label](https://x.y)")).toBe("\\[label\\]\\(https://x.y\\)");
    expect(markdownText("<!channel> read <https://x.y>")).toBe("\\<\\!channel\\> read \\<https://x.y\\>");
    expect(markdownText("**bold** _it_ `code`")).toBe("\\*\\*bold\\*\\* \\_it\\_ \\`code\\`");
    expect(markdownText("line one\n# not a heading")).toBe("line one \\# not a heading");
  });

  it("property: no active character is left bare, and unescaping gives back the typed text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (typed) => {
        const out = markdownText(typed);
        for (let i = 0; i < out.length; i++)
          if (ACTIVE.includes(out[i]!)) {
            expect(out[i], `at ${i} of ${JSON.stringify(out)}`).toBe("\\");
            i++; // the escaped character itself
          }
        expect(out.replace(/\\(.)/g, "$1")).toBe(typed.replace(/\s+/g, " "));
      }),
    );
  });
});
