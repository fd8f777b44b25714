// What a Discord person does when Discord refuses one of cadre's posts (see core/refusal-notice.ts).
import type { RefusalReason } from "../../core/errors.js";

const FIX: Record<RefusalReason, string> = {
  "not-in-channel": "In the channel's settings → Permissions, let cadre's role View Channel and Send Messages.",
  "no-permission":
    "In the channel's settings → Permissions, let cadre's role Send Messages, Embed Links and Attach Files.",
  archived: "Choose another channel.",
  "not-found": "Choose another channel.",
};

export const discordRefusalFix = (reason: RefusalReason): string => FIX[reason];
