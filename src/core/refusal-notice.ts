// What the person is told when a platform refused one of their command's channel posts:
// which post, where, why, and how to fix it on that platform. The command's own work is
// saved by then, so the notice says so instead of inviting a retry that would do it twice.
// The scheduler tells whoever scheduled a post the same when its last attempt is refused.
import type { RefusalReason } from "./errors.js";
import { to, type Reply } from "./reply.js";
import { fmt } from "./rich.js";

/** The platform's part of the wording: its Transport's fix for each reason. */
export interface RefusalWording {
  refusalFix(reason: RefusalReason): string;
}

const WHY: Record<RefusalReason, string> = {
  "not-in-channel": "cadre is not in that channel",
  "no-permission": "cadre is not allowed to post there",
  archived: "that channel is archived",
  "not-found": "that channel no longer exists (or cadre cannot see it)",
};

/** Why, and what to do about it on the transport's platform: "cadre is not in that channel. Add cadre …". */
export function refusalHelp(platform: RefusalWording, reason: RefusalReason): { why: string; fix: string } {
  return { why: WHY[reason], fix: platform.refusalFix(reason) };
}

/** Whether fixing it on the platform lets the same channel take the post (else it must go elsewhere). */
const FIXABLE: Record<RefusalReason, boolean> = {
  "not-in-channel": true,
  "no-permission": true,
  archived: false,
  "not-found": false,
};

export function refusalNotice(
  platform: RefusalWording,
  refused: { channelId: string; reason: RefusalReason; reply: Reply },
): Reply {
  const what = refused.reply.header ? `“${refused.reply.header}”` : "the message";
  const again = FIXABLE[refused.reason] ? refused.reply.repost : refused.reply.repostElsewhere;
  const { why, fix } = refusalHelp(platform, refused.reason);
  return {
    to: to.private,
    tone: "warning",
    text:
      `⚠️ I couldn't post ${what} in ${fmt.channel(refused.channelId)}: ${why}. ` +
      `Everything else was done and saved, so there is no need to run the command again.`,
    context: fix + (again ? ` Then post it with \`${again}\`.` : ""),
  };
}
