// The platform-neutral Reply a handler returns. Adapters render it as Block Kit (Slack),
// embeds + components (Discord) or text (console).

/** Who sees a reply. */
export type Audience =
  | { kind: "private" } // only the person who acted (ephemeral; a DM message when already in a DM)
  | { kind: "here" } // everyone in the conversation where the command ran
  | { kind: "channel"; channelId: string }
  | { kind: "dm"; userId: string }
  /** Edit an earlier message: a MessageRef key, or "origin" for the message whose button was pressed. */
  | { kind: "update"; ref: string };

export interface Button {
  label: string;
  /** "<command>.<action>", routed back to that command's action handler. */
  action: string;
  /** Short string validated by the action's schema (Discord allows 100 chars for the whole id). */
  value: string;
  style?: "primary" | "danger";
}

export interface Attachment {
  filename: string;
  contentType: "text/csv" | "text/calendar" | "text/markdown" | "text/plain" | "application/pdf";
  /** The text itself, or with `encoding: "base64"` the bytes of a binary file (a PDF). */
  content: string;
  /** Binary files travel as base64 so a Reply stays JSON the outbox can store. */
  encoding?: "base64";
}

/** The bytes of an attachment, whichever way it carries them. */
export function attachmentBytes(f: Attachment): Buffer {
  return Buffer.from(f.content, f.encoding === "base64" ? "base64" : "utf8");
}

export interface Field {
  label: string;
  value: string;
  inline?: boolean;
}

/**
 * A form to fill, opened by a button press: a modal on Slack and Discord, questions one by one
 * in the console. Submitting it runs `/command sub` with `preset` and the answers. The Reply
 * that carries it is what a platform shows when it cannot open the form (its text says the
 * command to type).
 */
export interface Form {
  command: string;
  sub: string;
  title: string;
  /** Options already known, not asked (the session's id). */
  preset: Record<string, string>;
  /** The options asked, in order; each is labelled with its description. */
  ask: string[];
}

export interface Reply {
  to: Audience;
  header?: string;
  /** Markdown subset: **bold**, _italic_, `code`, [text](url), "- " bullets, and fmt tokens. */
  text?: string;
  fields?: Field[];
  /** A small line under the body. */
  context?: string;
  buttons?: Button[];
  files?: Attachment[];
  /** Remember where this message lands under this key so it can be updated later. */
  track?: string;
  /** A command that posts this again, offered when a channel refuses it ("/session repost id:7K2Q"). */
  repost?: string;
  /** The same for a channel that is gone or archived: posts it somewhere else ("/session repost id:7K2Q channel:#…"). */
  repostElsewhere?: string;
  /**
   * Where all of this reply can be read when a platform must shorten it to fit one message
   * ("`/agenda export`", "the attached CSV"): named in the note that says it was shortened.
   */
  overflow?: string;
  /** Marks a reply that reports a problem (adapters may style it). */
  tone?: "error" | "warning";
  /** Open this form instead of showing the reply, where the platform can (a button press). */
  form?: Form;
  /** For a rejected form: the message for each option at fault (Slack modals show them on the fields). */
  fieldErrors?: Record<string, string>;
}

export const to = {
  private: { kind: "private" } as Audience,
  here: { kind: "here" } as Audience,
  channel: (channelId: string): Audience => ({ kind: "channel", channelId }),
  dm: (userId: string): Audience => ({ kind: "dm", userId }),
  update: (ref: string): Audience => ({ kind: "update", ref }),
  origin: { kind: "update", ref: "origin" } as Audience,
};

/** A private reply: the most common answer. */
export const privately = (text: string, extra: Omit<Reply, "to" | "text"> = {}): Reply => ({
  to: to.private,
  text,
  ...extra,
});

export type HandlerResult = Reply | Reply[] | void;

export const asReplies = (r: HandlerResult): Reply[] => (r ? (Array.isArray(r) ? r : [r]) : []);

/** The first form among replies, and the replies without it (what is shown besides the open form). */
export function takeForm(replies: Reply[]): { form?: Form; fallback?: Reply; rest: Reply[] } {
  const i = replies.findIndex((r) => r.form);
  if (i < 0) return { rest: replies };
  const { form: _form, ...fallback } = replies[i]!;
  return { form: replies[i]!.form, fallback, rest: replies.filter((_, j) => j !== i) };
}
