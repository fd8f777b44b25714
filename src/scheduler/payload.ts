// A Delivery's stored Reply, read back with zod: the outbox is a boundary (rows written by
// older versions, or by hand). An unreadable payload fails the row at once instead of retrying.
import { z } from "zod";
import type { Audience, Reply } from "../core/reply.js";

const text = z.string().max(20_000);

export const storedReply = z.object({
  header: text.optional(),
  text: text.optional(),
  fields: z
    .array(z.object({ label: text, value: text, inline: z.boolean().optional() }))
    .max(50)
    .optional(),
  context: text.optional(),
  buttons: z
    .array(
      z.object({
        label: text,
        action: z.string().max(100),
        value: z.string().max(100),
        style: z.enum(["primary", "danger"]).optional(),
      }),
    )
    .max(25)
    .optional(),
  files: z
    .array(
      z.object({
        filename: z.string().max(200),
        contentType: z.enum(["text/csv", "text/calendar", "text/markdown", "text/plain"]),
        content: z.string(),
      }),
    )
    .max(10)
    .optional(),
  track: z.string().max(200).optional(),
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

/** Where a row goes, as a Reply audience. */
export function audienceOf(targetKind: string, targetId: string): Audience | undefined {
  if (targetKind === "dm") return { kind: "dm", userId: targetId };
  if (targetKind === "channel") return { kind: "channel", channelId: targetId };
  if (targetKind === "update") return { kind: "update", ref: targetId };
  return undefined;
}
