// The calendar file for a session (RFC 5545 via ical-generator), in UTC so every calendar
// app places it right whatever its own zone. The UID is stable and SEQUENCE is the session's
// revision, so opening the file sent after a reschedule or cancellation replaces the event
// instead of adding a second one. A cancelled session's file is a CANCEL (METHOD:CANCEL,
// STATUS:CANCELLED): opening it removes the event from the calendar.
import ical, { ICalCalendarMethod, ICalEventStatus } from "ical-generator";
import { endOf, type SessionRow } from "./sessions.js";

export function sessionIcs(s: SessionRow, calendarName = "cadre"): string {
  const cal = ical({ name: calendarName, prodId: { company: "cadre", product: "cadre", language: "EN" } });
  const cancelled = s.status === "cancelled";
  cal.method(cancelled ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.PUBLISH);
  cal.createEvent({
    id: `${s.id}@cadre`,
    sequence: s.revision,
    status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    start: s.startsAt,
    end: endOf(s),
    summary: cancelled ? `CANCELLED: ${s.title}` : s.title,
    location: s.location ?? undefined,
    url: s.link ?? undefined,
    description: [s.notes, s.link ? `Join: ${s.link}` : undefined].filter(Boolean).join("\n") || undefined,
    stamp: s.updatedAt,
  });
  return cal.toString();
}

export const icsFile = (s: SessionRow) => ({
  filename: `${s.shortId}.ics`,
  contentType: "text/calendar" as const,
  content: sessionIcs(s),
});
