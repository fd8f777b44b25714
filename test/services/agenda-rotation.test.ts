// Role rotation is fair: over ten meetings of a five-member team with one member away for
// some of them, each role's and each member's counts differ by at most one.
import { describe, expect, it } from "vitest";
import { assign, emptyHistory, record, ROLE_NAMES } from "../../src/services/agenda/rotation.js";

function simulate(members: string[], awayAt: (seq: number) => Set<string>, meetings: number) {
  const h = emptyHistory();
  const seen: Record<string, string | undefined>[] = [];
  for (let seq = 1; seq <= meetings; seq++) {
    const a = assign(members, awayAt(seq), h, seq);
    record(h, a);
    seen.push(a);
  }
  return { h, seen };
}

const spread = (m: Map<string, number>, members: string[]) => {
  const v = members.map((u) => m.get(u) ?? 0);
  return Math.max(...v) - Math.min(...v);
};

describe("role rotation", () => {
  const members = ["ana", "ben", "cy", "dee", "eve"];

  it("is fair over ten meetings with one member away twice", () => {
    const { h, seen } = simulate(members, (seq) => new Set(seq === 3 || seq === 7 ? ["dee"] : []), 10);
    for (const role of ROLE_NAMES) expect(spread(h.byRole[role], members)).toBeLessThanOrEqual(1);
    expect(spread(h.total, members)).toBeLessThanOrEqual(1);
    // Nobody holds two roles in one meeting, and the away member holds none that day.
    for (const a of seen) expect(new Set(Object.values(a)).size).toBe(3);
    expect(Object.values(seen[2]!)).not.toContain("dee");
    expect(Object.values(seen[6]!)).not.toContain("dee");
  });

  it("rotates the facilitator round-robin when nobody is away", () => {
    const { seen } = simulate(members, () => new Set(), 5);
    expect(new Set(seen.map((a) => a.facilitator)).size).toBe(5);
  });

  it("stays within one for every member away at any one of the first seven meetings (exhaustive)", () => {
    // An absence in the last meetings of a window can leave that member a turn behind until
    // the next rotation: the rotation does not look ahead.
    for (const absent of members)
      for (let at = 1; at <= 7; at++) {
        const { h } = simulate(members, (seq) => new Set(seq === at ? [absent] : []), 10);
        for (const role of ROLE_NAMES)
          expect(spread(h.byRole[role], members), `${absent} away at ${at}, ${role}`).toBeLessThanOrEqual(1);
        expect(spread(h.total, members)).toBeLessThanOrEqual(1);
      }
  });
});
