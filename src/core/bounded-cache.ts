// A cache bounded by its number of entries that takes memory only for the entries it holds.
// lru-cache given `max` allocates its arrays for all `max` entries when it is built (its
// documented trade of memory for speed): a 50,000-entry cache holds ~1.5 MB before its first
// entry, and cadre's platform caches are sized for a district's busiest day. Counted with
// `maxSize` (each entry size 1) instead, the same bound holds and the arrays grow as entries come.
import { LRUCache } from "lru-cache";

type Options<K extends {}, V extends {}> = Omit<
  LRUCache.OptionsMaxLimit<K, V, unknown>,
  "max" | "maxSize" | "sizeCalculation" | "maxEntrySize"
>;

export function boundedCache<K extends {}, V extends {}>(
  entries: number,
  options: Partial<Options<K, V>> = {},
): LRUCache<K, V> {
  return new LRUCache<K, V>({ ...options, maxSize: entries, sizeCalculation: () => 1 });
}
