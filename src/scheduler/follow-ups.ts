// What to queue after a delivery is done, by the kind of source that queued it (a repeating
// reminder's next occurrence). Runs in the same transaction that marks the delivery done,
// so a repeat can never be lost in between. Features add their entry here.
import type { Db } from "../db/client.js";
import type { Enqueue } from "../services/outbox.js";

export type FollowUp = (tx: Db, d: { sourceId: string | null; dueAt: Date }, now: Date) => Promise<Enqueue | undefined>;

export const followUps: Record<string, FollowUp> = {};
