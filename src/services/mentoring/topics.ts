// Topics come from the workspace's taxonomy; people type them loosely ("planning",
// "class mgmt", "data"), so each word is matched to the one topic it clearly names. The
// matching is shared by every topic list (mentoring's, sessions' PD topics); each brings its aliases.
export type TopicAliases = Readonly<Record<string, string>>;

const ALIASES: TopicAliases = {
  planning: "instructional planning",
  "lesson planning": "instructional planning",
  "class management": "classroom management",
  "class mgmt": "classroom management",
  behavior: "classroom management",
  behaviour: "classroom management",
  data: "assessment and data",
  assessment: "assessment and data",
  grading: "assessment and data",
  content: "content knowledge",
  families: "family communication",
  parents: "family communication",
  logistics: "school logistics",
  wellbeing: "emotional support",
  "well-being": "emotional support",
  growth: "professional growth",
};

/** The taxonomy topic a phrase names, or undefined when none or several match. */
export function matchTopic(
  phrase: string,
  taxonomy: readonly string[],
  aliases: TopicAliases = ALIASES,
): string | undefined {
  const p = phrase.trim().toLowerCase().replace(/\s+/g, " ");
  if (!p) return undefined;
  const exact = taxonomy.find((t) => t.toLowerCase() === p);
  if (exact) return exact;
  const alias = Object.hasOwn(aliases, p) ? aliases[p] : undefined;
  if (alias && taxonomy.includes(alias)) return alias;
  const hits = taxonomy.filter(
    (t) =>
      t.toLowerCase().startsWith(p) ||
      t
        .toLowerCase()
        .split(" ")
        .some((w) => w.length > 3 && (w === p || (w.startsWith(p) && p.length >= 4))),
  );
  return hits.length === 1 ? hits[0] : undefined;
}

/**
 * Splits "classroom management, planning and data" into topics; unknown phrases are returned
 * apart. A part that names a topic whole ("assessment and data") is not split at its "and".
 */
export function matchTopics(
  list: string,
  taxonomy: readonly string[],
  aliases: TopicAliases = ALIASES,
): { topics: string[]; unknown: string[] } {
  const topics: string[] = [];
  const unknown: string[] = [];
  const add = (p: string) => {
    const t = matchTopic(p, taxonomy, aliases);
    if (!t) unknown.push(p);
    else if (!topics.includes(t)) topics.push(t);
  };
  for (const part of list
    .split(/[,;&/]/)
    .map((s) => s.trim())
    .filter(Boolean)) {
    if (matchTopic(part, taxonomy, aliases)) add(part);
    else
      for (const p of part
        .split(/\band\b/i)
        .map((s) => s.trim())
        .filter(Boolean))
        add(p);
  }
  return { topics, unknown };
}
