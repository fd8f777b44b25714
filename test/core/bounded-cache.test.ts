import { describe, expect, it } from "vitest";
import { boundedCache } from "../../src/core/bounded-cache.js";

describe("boundedCache", () => {
  it("keeps at most its number of entries, dropping the least recently used", () => {
    const cache = boundedCache<string, number>(3);
    for (const k of ["a", "b", "c"]) cache.set(k, k.charCodeAt(0));
    expect(cache.get("a")).toBe(97); // a is now the most recently used
    cache.set("d", 100);
    expect(cache.size).toBe(3);
    expect(cache.has("b")).toBe(false);
    expect([...cache.keys()].sort()).toEqual(["a", "c", "d"]);
  });

  it("holds its bound over many more entries than it keeps", () => {
    const cache = boundedCache<number, number>(1_000);
    for (let i = 0; i < 25_000; i++) cache.set(i, i);
    expect(cache.size).toBe(1_000);
    expect(cache.get(24_999)).toBe(24_999);
    expect(cache.get(23_999)).toBeUndefined();
  });

  it("expires entries after their ttl on the clock it is given", () => {
    let now = 1_000;
    const cache = boundedCache<string, string>(10, { ttl: 500, ttlResolution: 0, perf: { now: () => now } });
    cache.set("x", "kept");
    now += 499;
    expect(cache.get("x")).toBe("kept");
    now += 2;
    expect(cache.get("x")).toBeUndefined();
  });

  it("is bounded by size, not by `max`, so lru-cache reserves nothing up front", () => {
    // lru-cache documents that `max` allocates storage for that many entries when built.
    const cache = boundedCache<string, true>(200_000);
    expect(cache.max).toBe(0);
    expect(cache.maxSize).toBe(200_000);
  });
});
