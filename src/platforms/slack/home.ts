// App Home: the viewer's upcoming sessions, their own mentoring hours and their team's next
// agenda, as the home service summarizes them.
import type { WorkspaceInfo } from "../../core/context.js";
import { fmt } from "../../core/rich.js";
import type { Tx } from "../../services/database.js";
import { homeSummary } from "../../services/home.js";
import { hoursText } from "../../services/mentoring/hours.js";
import { toBlocks, type Block } from "./blocks.js";

export async function homeView(db: Tx, ws: WorkspaceInfo, userId: string, now: Date): Promise<Block> {
  const h = await homeSummary(db, ws, userId, now);
  const lines = [
    "**Your sessions**",
    ...(h.sessions.length
      ? h.sessions.map((s) => `- ${s.title} — ${fmt.time(s.startsAt, "short")} (${s.answer})`)
      : ["- none coming up · /session list all:yes"]),
    "",
    "**Your mentoring this school year** (only you see this)",
    `- ${hoursText(h.mentorMinutes)}${ws.settings.mentorGoalHours ? ` of ${ws.settings.mentorGoalHours} h` : ""} · /mentor hours`,
    ...(ws.settings.menteeConfirmation || h.confirmedMinutes
      ? [
          `- confirmed by mentees: ${hoursText(h.confirmedMinutes)} · not yet confirmed: ${hoursText(h.mentorMinutes - h.confirmedMinutes)}`,
        ]
      : []),
    "",
    "**Your team's next agenda**",
    ...(h.teams.length
      ? h.teams.map((t) =>
          t.next
            ? `- ${t.name}: ${fmt.time(t.next.startsAt, "short")}, ${t.next.items} ` +
              `item(s), ${t.next.itemMinutes} of ${t.minutes} min · /agenda list`
            : `- ${t.name}`,
        )
      : ["- not on an ILT team"]),
  ];
  return {
    type: "home",
    blocks: toBlocks({ to: { kind: "private" }, header: "cadre", text: lines.join("\n") }).blocks,
  };
}
