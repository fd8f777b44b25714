// Fair rotation of facilitator, recorder and timekeeper. For each role, the available member
// (not away that day, not already holding a role that meeting) who has served that role
// least is chosen; ties go to fewer roles overall, then to whoever comes next in team order
// after this meeting's number, so turns go round-robin.
export const ROLE_NAMES = ["facilitator", "recorder", "timekeeper"] as const;
export type MeetingRole = (typeof ROLE_NAMES)[number];
export type Assignment = Record<MeetingRole, string | undefined>;

export interface History {
  /** role -> user -> times served */
  byRole: Record<MeetingRole, Map<string, number>>;
  total: Map<string, number>;
}

export function emptyHistory(): History {
  return { byRole: { facilitator: new Map(), recorder: new Map(), timekeeper: new Map() }, total: new Map() };
}

export function record(h: History, a: Partial<Assignment>): void {
  for (const role of ROLE_NAMES) {
    const u = a[role];
    if (!u) continue;
    h.byRole[role].set(u, (h.byRole[role].get(u) ?? 0) + 1);
    h.total.set(u, (h.total.get(u) ?? 0) + 1);
  }
}

/** Assigns the three roles for meeting number `seq` among `members` (team order). */
export function assign(members: readonly string[], away: ReadonlySet<string>, h: History, seq: number): Assignment {
  const out: Assignment = { facilitator: undefined, recorder: undefined, timekeeper: undefined };
  const taken = new Set<string>();
  const n = members.length;
  for (const [ri, role] of ROLE_NAMES.entries()) {
    const candidates = members
      .map((u, i) => ({ u, turn: (i - seq - ri + n * 1000) % n }))
      .filter(({ u }) => !away.has(u) && !taken.has(u));
    candidates.sort(
      (a, b) =>
        (h.byRole[role].get(a.u) ?? 0) - (h.byRole[role].get(b.u) ?? 0) ||
        (h.total.get(a.u) ?? 0) - (h.total.get(b.u) ?? 0) ||
        a.turn - b.turn,
    );
    const pick = candidates[0]?.u;
    out[role] = pick;
    if (pick) taken.add(pick);
  }
  return out;
}

/**
 * Who takes `role` at meeting `seq` when its holder cannot: the available member (not in
 * `excluded`: away, or holding another role) the rotation would pick, by the same order.
 */
export function substitute(
  members: readonly string[],
  excluded: ReadonlySet<string>,
  h: History,
  seq: number,
  role: MeetingRole,
): string | undefined {
  const n = members.length;
  const ri = ROLE_NAMES.indexOf(role);
  const candidates = members
    .map((u, i) => ({ u, turn: (i - seq - ri + n * 1000) % n }))
    .filter(({ u }) => !excluded.has(u));
  candidates.sort(
    (a, b) =>
      (h.byRole[role].get(a.u) ?? 0) - (h.byRole[role].get(b.u) ?? 0) ||
      (h.total.get(a.u) ?? 0) - (h.total.get(b.u) ?? 0) ||
      a.turn - b.turn,
  );
  return candidates[0]?.u;
}
