// App Home: the viewer's upcoming sessions, their own mentoring hours and their team's next
// agenda. Reads the services' tables directly; hours are sums only (no decryption here).
import type { Tx } from "../../db/client.js";
import type { WorkspaceInfo } from "../../core/context.js";
import { fmt } from "../../core/rich.js";
import { dayToDate, schoolYearStart } from "../../services/school-year.js";
import { toBlocks, type Block } from "./blocks.js";

export async function homeView(db: Tx, ws: WorkspaceInfo, userId: string, now: Date): Promise<Block> {
  const mine = await db.rsvp.findMany({
    where: {
      userId,
      answer: { in: ["going", "maybe", "waitlist"] },
      session: { workspaceId: ws.id, status: "scheduled", startsAt: { gte: now } },
    },
    include: { session: true },
    orderBy: { session: { startsAt: "asc" } },
    take: 5,
  });
  const from = dayToDate(schoolYearStart(now, ws.timeZone, ws.settings.schoolYearStartMonth));
  const year =
    (
      await db.mentorEntry.aggregate({
        where: { workspaceId: ws.id, mentorId: userId, occurredOn: { gte: from } },
        _sum: { minutes: true },
      })
    )._sum.minutes ?? 0;
  const teams = await db.team.findMany({
    where: { workspaceId: ws.id, members: { some: { userId } } },
    include: {
      meetings: {
        where: { status: { not: "closed" } },
        orderBy: { seq: "asc" },
        take: 1,
        include: { items: { where: { status: "open" } } },
      },
    },
  });
  const lines = [
    "**Your sessions**",
    ...(mine.length
      ? mine.map((r) => `- ${r.session.title} — ${fmt.time(r.session.startsAt, "short")} (${r.answer})`)
      : ["- none coming up · /session list all:yes"]),
    "",
    "**Your mentoring this school year** (only you see this)",
    `- ${(year / 60).toFixed(1)} h${ws.settings.mentorGoalHours ? ` of ${ws.settings.mentorGoalHours} h` : ""} · /mentor hours`,
    "",
    "**Your team's next agenda**",
    ...(teams.length
      ? teams.map((t) => {
          const m = t.meetings[0];
          return m
            ? `- ${t.name}: ${fmt.time(m.startsAt, "short")}, ${m.items.length} item(s), ${m.items.reduce((s, i) => s + i.minutes, 0)} of ${t.minutes} min · /agenda list`
            : `- ${t.name}`;
        })
      : ["- not on an ILT team"]),
  ];
  return {
    type: "home",
    blocks: toBlocks({ to: { kind: "private" }, header: "cadre", text: lines.join("\n") }).blocks,
  };
}
