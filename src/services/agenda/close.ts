// Closing a meeting: a summary for the channel (decisions, action items with owners), items
// not discussed carried to the next meeting marked as carried, each owner DMed their
// follow-ups, and a reminder queued the day before each due date.
import { DateTime } from "luxon";
import type { Db } from "../../db/client.js";
import type { Reply } from "../../core/reply.js";
import { fmt } from "../../core/rich.js";
import { UserError } from "../../core/errors.js";
import { enqueue } from "../outbox.js";
import { actionReminderKey, AGENDA_SOURCE } from "./keys.js";
import { meetingAfter } from "./meetings.js";
import { loadAgenda, refreshScheduledPublish } from "./publication.js";
import { discussedOnly } from "./view.js";
import { actionRow, type ItemStatus, type MeetingRow, type MeetingStatus } from "./rows.js";
import type { TeamWithMembers } from "./teams.js";

export interface Closed {
  summary: Omit<Reply, "to">;
  dms: { userId: string; reply: Omit<Reply, "to"> }[];
  carried: number;
  next: MeetingRow;
}

export async function closeMeeting(db: Db, team: TeamWithMembers, meeting: MeetingRow, now: Date): Promise<Closed> {
  const next = await meetingAfter(db, team, meeting, now);
  const { items, followUps } = await loadAgenda(db, team, meeting);
  const actions = (
    await db.actionItem.findMany({ where: { meetingId: meeting.id }, orderBy: { createdAt: "asc" } })
  ).map(actionRow);
  const open = items.filter((i) => i.status === ("open" satisfies ItemStatus));
  await db.$transaction(async (tx) => {
    // Pressed twice at once: the second finds it closed and changes nothing.
    const claimed = await tx.meeting.updateMany({
      where: { id: meeting.id, status: { not: "closed" satisfies MeetingStatus } },
      data: { status: "closed" satisfies MeetingStatus, closedAt: now },
    });
    if (claimed.count === 0)
      throw new UserError(`The ${fmt.time(meeting.startsAt, "short")} meeting is already closed.`, "/agenda list");
    const carriedIn = await tx.agendaItem.findMany({ where: { meetingId: next.id }, orderBy: { position: "asc" } });
    // Carried items go first on the next agenda, in their old order.
    for (const [n, i] of carriedIn.entries())
      await tx.agendaItem.update({ where: { id: i.id }, data: { position: open.length + n + 1 } });
    for (const [n, i] of open.entries()) {
      await tx.agendaItem.update({
        where: { id: i.id },
        data: { meetingId: next.id, position: n + 1, carriedFromId: meeting.id },
      });
    }
  });
  for (const a of actions) {
    if (!a.dueOn) continue;
    const at = DateTime.fromJSDate(a.dueOn, { zone: team.timeZone })
      .minus({ days: 1 })
      .set({ hour: 9, minute: 0 })
      .toJSDate();
    if (at > now)
      await enqueue(db, {
        workspaceId: team.workspaceId,
        dedupeKey: actionReminderKey(a.id, a.dueOn),
        dueAt: at,
        target: { kind: "dm", id: a.ownerId },
        reply: { text: `⏰ Follow-up for ${team.name} due ${fmt.time(a.dueOn, "date")}: ${a.task}` },
        sourceKind: AGENDA_SOURCE,
        sourceId: a.id,
      });
  }
  await refreshScheduledPublish(db, await loadAgenda(db, team, next));
  const decisions = items.filter((i) => i.decision);
  const summary: Omit<Reply, "to"> = {
    header: `${team.name} — meeting closed`,
    text: [
      "**Decisions**",
      ...(decisions.length ? decisions.map((i) => `- ${i.text}: ${i.decision}`) : ["- none recorded"]),
      "",
      ...discussedOnly(items),
      "**Action items**",
      ...(actions.length
        ? actions.map(
            (a) => `- ${fmt.user(a.ownerId)}: ${a.task}${a.dueOn ? ` (due ${fmt.time(a.dueOn, "date")})` : ""}`,
          )
        : ["- none"]),
      "",
      ...(followUps.length
        ? [
            "**Open follow-ups from earlier meetings**",
            ...followUps.map(
              (a) => `- ${fmt.user(a.ownerId)}: ${a.task}${a.dueOn ? ` (due ${fmt.time(a.dueOn, "date")})` : ""}`,
            ),
            "",
          ]
        : []),
      open.length
        ? `Carried to the next meeting (${fmt.time(next.startsAt, "short")}): ${open.map((i) => i.text).join("; ")}`
        : "Every item was discussed.",
    ].join("\n"),
  };
  const owners = [...new Set(actions.map((a) => a.ownerId))];
  const dms = owners.map((userId) => ({
    userId,
    reply: {
      header: `Your follow-ups from ${team.name}`,
      text: actions
        .filter((a) => a.ownerId === userId)
        .map((a) => `- ${a.task}${a.dueOn ? ` (due ${fmt.time(a.dueOn, "date")})` : ""}`)
        .join("\n"),
      context: "They open the next meeting's agenda. You will get a reminder the day before each due date.",
    },
  }));
  return { summary, dms, carried: open.length, next };
}
