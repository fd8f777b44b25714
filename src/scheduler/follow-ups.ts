// What to queue after a delivery is settled, by the kind of source that queued it (a repeating
// reminder's next occurrence). Runs in the same transaction that marks the delivery done,
// so a repeat can never be lost in between. Features add their entry here.
import type { Tx } from "../db/client.js";
import type { Enqueue } from "../services/outbox.js";
import { planAfterDelivery } from "../services/reminders/reminders.js";
import { nextNudge } from "../services/mentoring/nudge.js";

export type FollowUp = (tx: Tx, d: { sourceId: string | null; dueAt: Date }, now: Date) => Promise<Enqueue | undefined>;

export const followUps: Record<string, FollowUp> = {
  reminder: (tx, d, now) => (d.sourceId ? planAfterDelivery(tx, d.sourceId, d.dueAt, now) : Promise.resolve(undefined)),
  "mentor-nudge": (tx, d, now) => (d.sourceId ? nextNudge(tx, d.sourceId, d.dueAt, now) : Promise.resolve(undefined)),
};
