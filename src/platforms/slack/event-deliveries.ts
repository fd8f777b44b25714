// Slack redelivers an Events API event it thinks was not answered in time (up to three
// retries over about five minutes), each with a fresh timestamp and signature but the same
// event_id and an X-Slack-Retry-Num header. The signature check cannot tell a retry from a new
// event, so a retry of an event already taken is answered 200 (Slack stops) and not handled.
import { boundedCache } from "../../core/bounded-cache.js";

/** Slack's retries end about five minutes after the first delivery; an hour leaves room for slow ones. */
export const EVENT_WINDOW_MS = 60 * 60 * 1000;

export class EventDeliveries {
  /** event_ids taken, bounded both in count and in time. */
  private readonly seen = boundedCache<string, true>(100_000, { ttl: EVENT_WINDOW_MS });

  /**
   * True the first time an event callback's event_id is seen; false for a redelivery. Bodies
   * that are not Events API callbacks (slash commands, interactions, url_verification) are
   * always first deliveries: Slack does not retry those.
   */
  first(contentType: string | undefined, body: Buffer): boolean {
    const id = eventId(contentType, body);
    if (!id) return true;
    if (this.seen.has(id)) return false;
    this.seen.set(id, true);
    return true;
  }
}

function eventId(contentType: string | undefined, body: Buffer): string | undefined {
  if (!contentType?.toLowerCase().startsWith("application/json")) return undefined;
  try {
    const parsed = JSON.parse(body.toString("utf8")) as { type?: unknown; event_id?: unknown; team_id?: unknown };
    if (parsed.type !== "event_callback" || typeof parsed.event_id !== "string") return undefined;
    // event_ids are unique per workspace; the team keeps two installations' ids apart.
    return `${typeof parsed.team_id === "string" ? parsed.team_id : ""}:${parsed.event_id}`;
  } catch {
    return undefined;
  }
}
