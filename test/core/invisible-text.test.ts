// Invisible controls never reach a post: the option sanitizer strips bidi overrides and
// zero-width characters from what members type (keeping emoji sequences whole), and the
// console shows display names without them.
import { describe, expect, it } from "vitest";
import { opt } from "../../src/core/options.js";
import { fmt } from "../../src/core/rich.js";
import { renderReply } from "../../src/platforms/console/render.js";

describe("invisible controls", () => {
  it("are stripped from typed titles and names, and a teacher emoji keeps its joiner", () => {
    const title = opt.text({ description: "t", required: true }).schema;
    expect(title.parse("Invoice \u202Efdp.exe\u200B\u2066\uFEFF\u0007")).toBe("Invoice fdp.exe");
    expect(title.parse("👩\u200D🏫 ILT")).toBe("👩\u200D🏫 ILT");
    expect(title.parse("a\u200Db")).toBe("ab");
  });

  it("are stripped from display names and text on the console, escape sequences included", () => {
    const out = renderReply(
      { to: { kind: "private" }, text: `${fmt.user("U1")} wrote \u001b[2Jhi\u202E` },
      { zone: "UTC", name: () => "Eve\u202E\u200Bnimda", buttonNumbers: [] },
    );
    expect(out).toBe("@Evenimda wrote [2Jhi");
  });
});
