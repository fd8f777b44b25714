// Named leases in the database, so that one instance at a time does something that must not
// happen twice (hold the Discord gateway). Times are the instances' own clocks, so their
// skew must stay well under the lease's length (NTP keeps it to milliseconds).
import type { Db } from "../db/client.js";

/** The database the leases live in, for callers outside the services. */
export type LeaseDb = Db;

/**
 * Takes or renews the lease for `ttlMs` from `now` if it is free, expired or already ours.
 * One conditional UPDATE (or the first INSERT): two instances cannot both win.
 */
export async function acquireLease(db: Db, name: string, holder: string, ttlMs: number, now: Date): Promise<boolean> {
  const until = new Date(now.getTime() + ttlMs);
  const r = await db.lease.updateMany({
    where: { name, OR: [{ holder }, { until: { lt: now } }] },
    data: { holder, until },
  });
  if (r.count) return true;
  if (await db.lease.findUnique({ where: { name }, select: { name: true } })) return false;
  try {
    await db.lease.create({ data: { name, holder, until } });
    return true;
  } catch (e) {
    if ((e as { code?: string }).code === "P2002") return false; // another instance inserted it first
    throw e;
  }
}

/** Gives the lease up (a clean stop), so another instance takes it at once. */
export async function releaseLease(db: Db, name: string, holder: string): Promise<void> {
  await db.lease.deleteMany({ where: { name, holder } });
}
