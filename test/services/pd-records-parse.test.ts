// What people type for PD records, and the arithmetic of hours credited, as properties:
// a certificate code reads back however it is typed, a school year label names one year, and
// hours credited are a rounded share of the session that never exceeds it.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CODE_LENGTH,
  newCertificateCode,
  readCertificateCode,
  showCode,
} from "../../src/services/sessions/certificate-code.js";
import { creditedMinutes, roundMinutes } from "../../src/services/sessions/credit.js";
import { schoolYear } from "../../src/services/sessions/transcript.js";

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const code = fc.string({ unit: fc.constantFrom(...ALPHABET), minLength: CODE_LENGTH, maxLength: CODE_LENGTH });

describe("certificate codes", () => {
  it("read back as stored whatever the case, dashes and spaces, and O/I/L typed for 0/1", () => {
    fc.assert(
      fc.property(code, fc.boolean(), fc.boolean(), (c, lower, spaced) => {
        let typed = showCode(c).replace(/0/g, "O").replace(/1/g, "l");
        if (lower) typed = typed.toLowerCase();
        if (spaced) typed = ` ${typed.replace("-", " - ")} `;
        expect(readCertificateCode(typed)).toBe(c);
      }),
    );
  });

  it("refuses anything that is not 10 code characters", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (s) => {
        const r = readCertificateCode(s);
        if (r !== undefined) {
          expect(r).toHaveLength(CODE_LENGTH);
          expect([...r].every((ch) => ALPHABET.includes(ch))).toBe(true);
        }
      }),
    );
    expect(readCertificateCode("<!channel>")).toBeUndefined();
    expect(readCertificateCode("ABCDE-FGHJ")).toBeUndefined();
    expect(readCertificateCode("ABCDE-FGHJU")).toBeUndefined(); // U is not in the alphabet
  });

  it("are fresh each time: 2,000 new codes, no repeat, all readable", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const c = newCertificateCode();
      expect(readCertificateCode(c)).toBe(c);
      seen.add(c);
    }
    expect(seen.size).toBe(2000);
  });
});

describe("school year labels", () => {
  it("2025-26, 2025/26 and 2025-2026 name the year from the start month there; other pairs are refused", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2000, max: 2090 }), fc.integer({ min: 1, max: 12 }), (y, month) => {
        const now = new Date();
        for (const label of [`${y}-${String(y + 1).slice(2)}`, `${y}/${String(y + 1).slice(2)}`, `${y}-${y + 1}`]) {
          const p = schoolYear(label, now, "America/Chicago", month)!;
          expect(p.label).toBe(`${y}-${String(y + 1).slice(2)}`);
          expect(p.from!.toISOString().slice(0, 7)).toBe(`${y}-${String(month).padStart(2, "0")}`);
          expect(p.to!.getTime() - p.from!.getTime()).toBeGreaterThan(364 * 86_400_000);
        }
        expect(schoolYear(`${y}-${String(y + 2).slice(2)}`, now, "America/Chicago", month)).toBeUndefined();
      }),
    );
  });
});

describe("hours credited", () => {
  const start = new Date("2026-11-10T14:00:00Z");
  it("are a multiple of the rounding, within the session, and never more for a later check-in or earlier check-out", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 15, max: 720 }),
        fc.integer({ min: -60, max: 800 }),
        fc.integer({ min: 0, max: 900 }),
        fc.constantFrom(1, 5, 10, 15, 30, 60),
        (minutes, inAfter, outAfter, step) => {
          const s = { startsAt: start, minutes };
          const at = (m: number) => new Date(start.getTime() + m * 60_000);
          const r = { checkedInAt: at(inAfter), checkedOutAt: at(outAfter), creditMinutes: null, markedBy: null };
          const got = creditedMinutes(s, r, step)!;
          expect(got).toBeGreaterThanOrEqual(0);
          expect(got).toBeLessThanOrEqual(minutes);
          if (got < minutes) expect(got % step).toBe(0);
          const later = creditedMinutes(s, { ...r, checkedInAt: at(inAfter + 7) }, step)!;
          const earlier = creditedMinutes(s, { ...r, checkedOutAt: at(outAfter - 7) }, step)!;
          expect(later).toBeLessThanOrEqual(got);
          expect(earlier).toBeLessThanOrEqual(got);
        },
      ),
    );
  });

  it("round to the nearest step, halves up", () => {
    expect([7, 7.5, 22, 22.5, 127, 142].map((m) => roundMinutes(m, 15))).toEqual([0, 15, 15, 30, 120, 135]);
    expect(roundMinutes(127.4, 1)).toBe(127);
  });

  it("a leader's figure wins, and nobody who did not check in is credited", () => {
    const s = { startsAt: start, minutes: 180 };
    expect(creditedMinutes(s, { checkedInAt: null, checkedOutAt: null, creditMinutes: null, markedBy: null }, 15)).toBe(
      undefined,
    );
    expect(
      creditedMinutes(s, { checkedInAt: start, checkedOutAt: null, creditMinutes: 45, markedBy: "lead" }, 15),
    ).toBe(45);
  });
});
