// Database round trips, counted per dispatched command: the database client reports each
// statement it sends (BEGIN and COMMIT included), and whoever wants a figure (the dispatcher's
// debug line, a test, a bench) measures a piece of work. Counts are exact, so a test may pin
// them; they follow the work through awaits (AsyncLocalStorage), so concurrent commands don't mix.
import { AsyncLocalStorage } from "node:async_hooks";

interface Scope {
  n: number;
  /** The statements' SQL (placeholders, never values), when asked for. */
  sql?: string[];
  parent?: Scope;
}

const scopes = new AsyncLocalStorage<Scope>();
let total = 0;

/** Called by the database client once per statement sent to the database. */
export function countRoundTrip(sql: string): void {
  total++;
  for (let s = scopes.getStore(); s; s = s.parent) {
    s.n++;
    s.sql?.push(sql);
  }
}

/** Every round trip this process made (a debug counter). */
export const totalRoundTrips = (): number => total;

/**
 * Runs `fn` and counts the round trips made on its behalf (nested measures each count theirs);
 * with `statements`, also lists their SQL, to see which ones a regression added.
 */
export async function measureRoundTrips<T>(
  fn: () => Promise<T>,
  opts: { statements?: boolean } = {},
): Promise<{ value: T; roundTrips: number; statements: string[] }> {
  const scope: Scope = { n: 0, sql: opts.statements ? [] : undefined, parent: scopes.getStore() };
  // Awaited inside the scope: a Prisma query is lazy and starts when it is first awaited.
  const value = await scopes.run(scope, async () => await fn());
  return { value, roundTrips: scope.n, statements: scope.sql ?? [] };
}

/**
 * Runs `fn` outside every measure: work it starts for later (a timer) is not counted as the
 * measured command's, though the process total still counts it.
 */
export const unmeasured = <T>(fn: () => T): T => scopes.exit(fn);
