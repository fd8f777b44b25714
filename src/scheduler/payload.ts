// A Delivery's stored Reply, read back with zod: the outbox is a boundary (rows written by
// older versions, or by hand). An unreadable payload fails the row at once instead of retrying.
// Only the shape is checked, never sizes: the outbox keeps any Reply cadre can produce (a
// 40-item agenda of long items), and fitting it to a platform's limits is the renderer's job.
import { z } from "zod";
import type { DeliveryProgress } from "../core/deliver.js";
import type { Audience, Reply } from "../core/reply.js";

const text = z.string();

export const storedReply = z.object({
  header: text.optional(),
  text: text.optional(),
  fields: z.array(z.object({ label: text, value: text, inline: z.boolean().optional() })).optional(),
  context: text.optional(),
  buttons: z
    .array(
      z.object({
        label: text,
        action: z.string(),
        value: z.string(),
        style: z.enum(["primary", "danger"]).optional(),
      }),
    )
    .optional(),
  files: z
    .array(
      z.object({
        filename: z.string(),
        contentType: z.enum(["text/csv", "text/calendar", "text/markdown", "text/plain", "application/pdf"]),
        content: z.string(),
        encoding: z.literal("base64").optional(),
      }),
    )
    .optional(),
  track: z.string().optional(),
  repost: z.string().optional(),
  repostElsewhere: z.string().optional(),
  overflow: z.string().optional(),
  tone: z.enum(["error", "warning"]).optional(),
});

/** The Reply body of a row, or undefined when the payload cannot be read. */
export function readPayload(payload: string): Omit<Reply, "to"> | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(payload);
  } catch {
    return undefined;
  }
  const r = storedReply.safeParse(raw);
  return r.success ? r.data : undefined;
}

const storedProgress = z.object({
  posted: z.object({ channelId: z.string(), messageId: z.string() }).optional(),
  steps: z.number().int().min(0),
});

/** The steps of a row already done (none when it has no record, or one cadre cannot read). */
export function readProgress(progress: string | null): DeliveryProgress {
  if (!progress) return { steps: 0 };
  try {
    const r = storedProgress.safeParse(JSON.parse(progress));
    if (r.success) return r.data;
  } catch {
    // fall through: start from the beginning
  }
  return { steps: 0 };
}

/** Where a row goes, as a Reply audience. */
export function audienceOf(targetKind: string, targetId: string): Audience | undefined {
  if (targetKind === "dm") return { kind: "dm", userId: targetId };
  if (targetKind === "channel") return { kind: "channel", channelId: targetId };
  if (targetKind === "update") return { kind: "update", ref: targetId };
  return undefined;
}
