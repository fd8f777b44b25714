// What a person's home page shows (Slack's App Home): their upcoming sessions, their own
// mentoring minutes this school year and their teams' next agendas. Minutes are sums only:
// nothing confidential is decrypted here.
import type { Tx } from "../db/client.js";
import type { WorkspaceInfo } from "../core/context.js";
import { dayToDate, schoolYearStart } from "./school-year.js";
import { confirmedMinutes } from "./mentoring/confirm.js";

export interface HomeSummary {
  /** The next five sessions they answered Going, Maybe or joined the waitlist of, soonest first. */
  sessions: { title: string; startsAt: Date; answer: string }[];
  /** Minutes they logged as a mentor since the school year started. */
  mentorMinutes: number;
  /** Of those, the minutes their paired mentees confirmed (mentee confirmation). */
  confirmedMinutes: number;
  /** Teams they are on, each with its next meeting that is not closed, if any. */
  teams: { name: string; minutes: number; next?: { startsAt: Date; items: number; itemMinutes: number } }[];
}

export async function homeSummary(db: Tx, ws: WorkspaceInfo, userId: string, now: Date): Promise<HomeSummary> {
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
  const mentored = await db.mentorEntry.aggregate({
    where: { workspaceId: ws.id, mentorId: userId, occurredOn: { gte: from } },
    _sum: { minutes: true },
  });
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
  return {
    sessions: mine.map((r) => ({ title: r.session.title, startsAt: r.session.startsAt, answer: r.answer })),
    mentorMinutes: mentored._sum.minutes ?? 0,
    confirmedMinutes: await confirmedMinutes(db, { workspaceId: ws.id, mentorId: userId, from }),
    teams: teams.map((t) => {
      const m = t.meetings[0];
      return {
        name: t.name,
        minutes: t.minutes,
        next: m && {
          startsAt: m.startsAt,
          items: m.items.length,
          itemMinutes: m.items.reduce((s, i) => s + i.minutes, 0),
        },
      };
    }),
  };
}
