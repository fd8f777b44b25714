// The announcement card: what, when (each viewer sees their own zone), how long, where, and
// live RSVP counts with buttons. Rebuilt and edited in place on every change.
import type { Reply } from "../../core/reply.js";
import { fmt } from "../../core/rich.js";
import { formatDuration } from "../../core/duration.js";
import type { Tx } from "../../db/client.js";
import { counts, KIND_LABEL, rsvps, type RsvpRow, type SessionRow } from "./sessions.js";
import { BUTTON, cardKey, rsvpValue } from "./keys.js";
import { sessionTopics } from "./topics.js";
import { CHECKIN_OPENS_MIN } from "./checkin.js";
import { checkoutPhase } from "./checkout.js";
import { minuteOf } from "../../core/clock.js";

/**
 * Check out is offered from when check-in opens until check-out closes (2 h after the end), so
 * the card keeps to five buttons (one Discord row) the rest of the time.
 */
const offersCheckout = (s: SessionRow, now: Date): boolean =>
  minuteOf(now) >= minuteOf(new Date(s.startsAt.getTime() - CHECKIN_OPENS_MIN * 60_000)) && checkoutPhase(s, now) <= 0;

/**
 * The card as of `now`, which decides whether Check out shows. The card is shared by the whole
 * channel, so its buttons depend only on the session and the time, never on who caused the redraw.
 */
export function sessionCard(s: SessionRow, rows: RsvpRow[], now: Date): Omit<Reply, "to"> {
  const c = counts(rows);
  const cancelled = s.status === "cancelled";
  const kind = KIND_LABEL[s.kind] ?? "Session";
  const title = s.title.toLowerCase();
  const topics = sessionTopics(s);
  const fields = [
    {
      label: "When",
      value: `${fmt.time(s.startsAt)}${s.moves > 0 && !cancelled ? " (new time)" : ""}`,
      inline: true,
    },
    { label: "Length", value: formatDuration(s.minutes), inline: true },
    ...(s.location ? [{ label: "Where", value: s.location, inline: true }] : []),
    ...(s.link ? [{ label: "Link", value: s.link, inline: true }] : []),
    ...(topics.length ? [{ label: "Topics", value: topics.join(", "), inline: true }] : []),
    ...(s.requiresTrained ? [{ label: "Who", value: "Trained scorers (this school year)", inline: true }] : []),
    {
      label: "Answers",
      value:
        `Going ${c.going}${s.capacity ? ` of ${s.capacity}` : ""} · Maybe ${c.maybe} ` +
        `· Can't go ${c.no}${c.waitlist ? ` · Waitlist ${c.waitlist}` : ""}` +
        `${c.cameFromWaitlist ? ` · Came from the waitlist ${c.cameFromWaitlist}` : ""}`,
    },
  ];
  return {
    header: `${cancelled ? "❌ CANCELLED — " : "📅 "}${s.title}`,
    // The kind is a word in the footer, not a second title (and not at all when the title says it).
    text: [cancelled && s.cancelReason ? `Cancelled: ${s.cancelReason}` : undefined, s.notes]
      .filter(Boolean)
      .join("\n"),
    fields,
    context: [
      title.includes(kind.toLowerCase()) ? undefined : kind,
      s.seriesIndex && s.seriesSize ? `${s.seriesIndex} of ${s.seriesSize} in a series` : undefined,
      cancelled ? `Session ${s.shortId} was cancelled.` : `Session ${s.shortId} · /session show ${s.shortId}`,
    ]
      .filter(Boolean)
      .join(" · "),
    buttons: cancelled
      ? []
      : [
          BUTTON.rsvp.button("Going", rsvpValue(s, "going"), "primary"),
          BUTTON.rsvp.button("Maybe", rsvpValue(s, "maybe")),
          BUTTON.rsvp.button("Can't go", rsvpValue(s, "no")),
          BUTTON.ics.button("Add to calendar", s.shortId),
          BUTTON.checkin.button("Check in", s.shortId),
          ...(offersCheckout(s, now) ? [BUTTON.checkout.button("Check out", s.shortId)] : []),
        ],
    track: cardKey(s),
  };
}

/** The card a "session:<id>" key shows now, read from the database (the card editor's renderer). */
export async function renderSessionCard(
  db: Tx,
  workspaceId: string,
  key: string,
  now: Date,
): Promise<Omit<Reply, "to"> | undefined> {
  const shortId = key.slice("session:".length);
  const s = await db.session.findFirst({ where: { workspaceId, shortId } });
  return s ? sessionCard(s, await rsvps(db, s.id), now) : undefined;
}
