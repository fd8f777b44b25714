// What to do after a delivery is settled, by the kind of source that queued it (a repeating
// reminder's next occurrence, a published agenda's meeting marked published). Runs in the same
// transaction that marks the delivery settled, so a repeat can never be lost in between.
// Features add their entry here.
import type { Tx } from "../db/client.js";
import type { Enqueue, SourceKind } from "../services/outbox.js";
import { planAfterDelivery } from "../services/reminders/reminders.js";
import { nextNudge } from "../services/mentoring/nudge.js";
import { scheduledPublicationSettled } from "../services/agenda/publication.js";
import { seriesCardPosted } from "../services/sessions/series.js";

/** How the delivery was settled: sent, skipped as stale, or failed for good. */
export type Outcome = "sent" | "skipped" | "failed";

export type FollowUp = (
  tx: Tx,
  d: { sourceId: string | null; dueAt: Date },
  now: Date,
  outcome: Outcome,
) => Promise<Enqueue | undefined>;

const none = Promise.resolve(undefined);

export const followUps: Partial<Record<SourceKind, FollowUp>> = {
  reminder: (tx, d, now) => (d.sourceId ? planAfterDelivery(tx, d.sourceId, d.dueAt, now) : none),
  "mentor-nudge": (tx, d, now) => (d.sourceId ? nextNudge(tx, d.sourceId, d.dueAt, now) : none),
  "session-card": (tx, d, now, outcome) =>
    d.sourceId && outcome === "sent" ? seriesCardPosted(tx, d.sourceId, now) : none,
  "agenda-publish": async (tx, d, now, outcome) => {
    if (d.sourceId) await scheduledPublicationSettled(tx, d.sourceId, outcome, now);
    return undefined;
  },
};

/** The follow-up of a stored delivery's source kind (a plain string in the database), if any. */
export const followUpOf = (sourceKind: string | null): FollowUp | undefined =>
  sourceKind && Object.hasOwn(followUps, sourceKind) ? followUps[sourceKind as SourceKind] : undefined;
