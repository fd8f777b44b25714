// The calendar file for a session (RFC 5545 via ical-generator), in UTC so every calendar
// app places it right whatever its own zone.
import ical from "ical-generator";
import { endOf, type SessionRow } from "./sessions.js";

export function sessionIcs(s: SessionRow, workspaceName = "cadre"): string {
  const cal = ical({ name: workspaceName, prodId: { company: "cadre", product: "cadre", language: "EN" } });
  cal.createEvent({
    id: `${s.id}@cadre`,
    start: s.startsAt,
    end: endOf(s),
    summary: s.status === "cancelled" ? `CANCELLED: ${s.title}` : s.title,
    location: s.location ?? undefined,
    url: s.link ?? undefined,
    description: [s.notes, s.link ? `Join: ${s.link}` : undefined].filter(Boolean).join("\n") || undefined,
    stamp: s.updatedAt,
  });
  return cal.toString();
}
