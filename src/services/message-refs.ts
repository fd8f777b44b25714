// Where cadre's own posts live on a platform, by a key the service chose ("session:7K2Q"),
// so later changes (RSVP counts, cancellation) edit the same message.
//
// A card's edits are state: a change bumps editSeq; the card editor claims a changed ref (one
// edit in flight per message, across instances, claimed as deliveries are), re-renders it and
// records the seq it had read before rendering in editedSeq. A change during the edit leaves
// editSeq ahead, so the ref is edited again with the newer state: the last state always lands.
import type { Db, Tx } from "../db/client.js";
import type { MessageLocation, MessageRefStore } from "../core/deliver.js";

export type { MessageLocation };

export async function saveMessageRef(db: Tx, workspaceId: string, key: string, loc: MessageLocation): Promise<void> {
  await db.messageRef.upsert({
    where: { workspaceId_key: { workspaceId, key } },
    create: { workspaceId, key, ...loc },
    update: loc,
  });
}

export async function findMessageRef(db: Tx, workspaceId: string, key: string): Promise<MessageLocation | undefined> {
  const r = await db.messageRef.findUnique({ where: { workspaceId_key: { workspaceId, key } } });
  return r ? { channelId: r.channelId, messageId: r.messageId } : undefined;
}

/** Marks a tracked message as changed; false when there is no such message to edit. */
export async function markCardChanged(db: Tx, workspaceId: string, key: string): Promise<boolean> {
  const r = await db.messageRef.updateMany({ where: { workspaceId, key }, data: { editSeq: { increment: 1 } } });
  return r.count > 0;
}

export interface ClaimedCard extends MessageLocation {
  id: string;
  workspaceId: string;
  key: string;
  /** The change this edit covers (read before rendering). */
  seq: number;
  attempts: number;
  lease: string;
}

/**
 * Claims up to `limit` changed cards for `lease` until `until`: those not being edited by
 * anyone (or whose editor's lease expired) and not waiting after a failure. The conditional
 * update re-checks the condition, so one instance wins each card.
 */
export async function claimChangedCards(
  db: Db,
  lease: string,
  now: Date,
  until: Date,
  limit: number,
  /** Edit budgets waiting out a 429: whole workspaces, or one channel of a workspace. */
  skip: { workspaceId: string; channelId?: string }[] = [],
): Promise<ClaimedCard[]> {
  const free = {
    editSeq: { gt: db.messageRef.fields.editedSeq },
    AND: [
      { OR: [{ editClaimedUntil: null }, { editClaimedUntil: { lt: now } }] },
      { OR: [{ editRetryAt: null }, { editRetryAt: { lte: now } }] },
      ...skip.map((k) => ({
        NOT: k.channelId ? { workspaceId: k.workspaceId, channelId: k.channelId } : { workspaceId: k.workspaceId },
      })),
    ],
  };
  const due = await db.messageRef.findMany({
    where: free,
    select: { id: true },
    take: limit,
    orderBy: { updatedAt: "asc" },
  });
  if (!due.length) return [];
  await db.messageRef.updateMany({
    where: { ...free, id: { in: due.map((d) => d.id) } },
    data: { editClaimedBy: lease, editClaimedUntil: until },
  });
  const mine = await db.messageRef.findMany({ where: { editClaimedBy: lease } });
  return mine.map((r) => ({
    id: r.id,
    workspaceId: r.workspaceId,
    key: r.key,
    channelId: r.channelId,
    messageId: r.messageId,
    seq: r.editSeq,
    attempts: r.editAttempts,
    lease,
  }));
}

/** The edit of `c.seq` is on the platform (or there was nothing left to show): done up to that change. */
export async function cardEdited(db: Db, c: ClaimedCard): Promise<void> {
  await db.messageRef.updateMany({
    where: { id: c.id, editClaimedBy: c.lease },
    data: {
      editedSeq: c.seq,
      editClaimedBy: null,
      editClaimedUntil: null,
      editRetryAt: null,
      editAttempts: 0,
      editError: null,
    },
  });
}

/**
 * Gives the card back unedited: to be tried again after `retryAt` (a failure, counted in
 * editAttempts when `failed`), or at once by whoever claims it next (rate limited: the
 * editor waits on its own budget, so the card is not held).
 */
export async function cardNotEdited(
  db: Db,
  c: ClaimedCard,
  opts: { retryAt?: Date; failed?: boolean; error?: string },
): Promise<void> {
  await db.messageRef.updateMany({
    where: { id: c.id, editClaimedBy: c.lease },
    data: {
      editClaimedBy: null,
      editClaimedUntil: null,
      editRetryAt: opts.retryAt ?? null,
      ...(opts.failed ? { editAttempts: { increment: 1 } } : {}),
      ...(opts.error !== undefined ? { editError: opts.error.slice(0, 300) } : {}),
    },
  });
}

/** The store the kernel's deliver uses; `changed` is told when a card was marked changed. */
export const messageRefStore = (
  db: Db,
  opts: { hasRenderer?: (key: string) => boolean; changed?: () => void } = {},
): MessageRefStore => ({
  find: (workspaceId, key) => findMessageRef(db, workspaceId, key),
  save: (workspaceId, key, at) => saveMessageRef(db, workspaceId, key, at),
  async markChanged(workspaceId, key) {
    if (!opts.hasRenderer?.(key)) return "not-a-card";
    if (!(await markCardChanged(db, workspaceId, key))) return "not-found";
    opts.changed?.();
    return "queued";
  },
});
