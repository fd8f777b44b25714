// DMs about a session (a seat opened, it moved, it was cancelled) go through the outbox in
// the same transaction as the change: each one is sent once, retried on its own, and a DM
// that fails (someone blocked the bot) neither stops the others nor undoes the change.
import type { Tx } from "../../db/client.js";
import type { Reply } from "../../core/reply.js";
import { cancelPending, enqueue, enqueueAll, type Enqueue } from "../outbox.js";
import type { SessionRow } from "./sessions.js";
import { NOTICE_SOURCE, noticeKey } from "./keys.js";

export { NOTICE_SOURCE };

export interface Notice {
  session: SessionRow;
  /** Who is told (by DM). */
  userId: string;
  /** Makes it unique per event: one of keys.ts's noticeEvent, e.g. "r2:moved". */
  key: string;
  reply: Omit<Reply, "to">;
  now: Date;
  /** Who caused it. */
  by: string;
}

const rowOf = (n: Notice): Enqueue => ({
  workspaceId: n.session.workspaceId,
  dedupeKey: noticeKey(n.session, n.key, n.userId),
  dueAt: n.now,
  target: { kind: "dm", id: n.userId },
  reply: n.reply,
  createdBy: n.by,
  sourceKind: NOTICE_SOURCE,
  sourceId: n.session.id,
});

/** Queues a DM due now. */
export async function queueNotice(db: Tx, n: Notice): Promise<void> {
  await enqueue(db, rowOf(n));
}

/** Queues many DMs due now in a few statements (everyone who answered a session that moved). */
export async function queueNotices(db: Tx, ns: readonly Notice[]): Promise<void> {
  await enqueueAll(db, ns.map(rowOf));
}

/** Drops notices not sent yet (a cancellation supersedes a pending "moved" or "seat opened"). */
export const cancelNotices = (db: Tx, sessionId: string): Promise<number> =>
  cancelPending(db, NOTICE_SOURCE, sessionId);
