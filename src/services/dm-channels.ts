// The DM conversation cadre has with each member, so a platform that charges a rate-limited
// call to open one (Slack's conversations.open, about 50 a minute) pays it once per person,
// not once per process or per instance.
import type { Tx } from "../db/client.js";
import type { DmChannelStore } from "../core/deliver.js";

export async function findDmChannel(db: Tx, workspaceId: string, userId: string): Promise<string | undefined> {
  const r = await db.dmChannel.findUnique({ where: { workspaceId_userId: { workspaceId, userId } } });
  return r?.channelId;
}

/** Safe to repeat (two instances opening the same DM at once agree on the channel). */
export async function saveDmChannel(db: Tx, workspaceId: string, userId: string, channelId: string): Promise<void> {
  await db.dmChannel.upsert({
    where: { workspaceId_userId: { workspaceId, userId } },
    create: { workspaceId, userId, channelId },
    update: { channelId },
  });
}

/** The store platform adapters reach through the kernel's port. */
export const dmChannelStore = (db: Tx): DmChannelStore => ({
  find: (workspaceId, userId) => findDmChannel(db, workspaceId, userId),
  save: (workspaceId, userId, channelId) => saveDmChannel(db, workspaceId, userId, channelId),
});
