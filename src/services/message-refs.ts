// Where cadre's own posts live on a platform, by a key the service chose ("session:7K2Q"),
// so later changes (RSVP counts, cancellation) edit the same message.
import type { Tx } from "../db/client.js";
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

/** The store the kernel's deliver uses. */
export const messageRefStore = (db: Tx): MessageRefStore => ({
  find: (workspaceId, key) => findMessageRef(db, workspaceId, key),
  save: (workspaceId, key, at) => saveMessageRef(db, workspaceId, key, at),
});
