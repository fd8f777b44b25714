// What a Slack person does when Slack refuses one of cadre's posts (see core/refusal-notice.ts).
import type { RefusalReason } from "../../core/errors.js";

const FIX: Record<RefusalReason, string> = {
  "not-in-channel": "Add cadre to the channel: type `/invite @cadre` there.",
  "no-permission": "Ask a workspace admin to let apps post in that channel, or choose another channel.",
  archived: "Unarchive it, or choose another channel.",
  "not-found": "Choose another channel.",
};

export const slackRefusalFix = (reason: RefusalReason): string => FIX[reason];
