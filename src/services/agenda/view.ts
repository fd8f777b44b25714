// What an agenda shows: roles, open follow-ups first, items in order, and the time budget
// (total against the meeting, teacher-raised minutes against the reserve). Anonymous items
// show no submitter anywhere; nothing here can reveal one, since none is stored. Rendering
// only: the agenda is loaded (and published) by publication.ts.
import { markdownText } from "../../core/markdown-file.js";
import type { Reply } from "../../core/reply.js";
import { fmt, formatInZone } from "../../core/rich.js";
import { formatDuration } from "../../core/duration.js";
import { deadlineOf } from "./cadence.js";
import { agendaMessageKey } from "./keys.js";
import { rolesOf, type ActionRow, type ItemRow, type MeetingRow } from "./rows.js";
import { ROLE_NAMES } from "./rotation.js";
import type { TeamWithMembers } from "./teams.js";

export interface AgendaView {
  team: TeamWithMembers;
  meeting: MeetingRow;
  items: ItemRow[];
  followUps: ActionRow[];
  /** Items already on the meeting after, added after this one's deadline (read for /agenda list). */
  later?: { count: number; startsAt: Date };
}

export const TYPE_LABEL: Record<string, string> = {
  discussion: "discussion",
  decision: "decision",
  information: "information",
  "student-work": "looking at student work",
};

export function budget(v: AgendaView): {
  total: number;
  teacher: number;
  overBy: number;
  reserveShort: number;
  /** Minutes of the teacher reserve that facilitator items take. */
  reserveEaten: number;
} {
  const total = v.items.reduce((s, i) => s + i.minutes, 0);
  const teacher = v.items.filter((i) => i.teacherRaised).reduce((s, i) => s + i.minutes, 0);
  const reserve = v.team.reserveMinutes;
  return {
    total,
    teacher,
    overBy: Math.max(0, total - v.team.minutes),
    reserveShort: Math.max(0, teacher - reserve),
    reserveEaten: Math.min(reserve, Math.max(0, total - teacher - (v.team.minutes - reserve))),
  };
}

/** The private warning for facilitators when their items eat into the teacher reserve ("" when not). */
export function reserveWarning(v: AgendaView): string {
  const b = budget(v);
  if (!b.reserveEaten) return "";
  const r = v.team.reserveMinutes;
  return (
    `⚠️ Facilitator items take ${b.total - b.teacher} min, leaving ${r - b.reserveEaten} min of the ${r}-minute teacher reserve. ` +
    "Shorten one with /agenda edit item:<id> minutes:<n>, or move one to a later meeting."
  );
}

const submitter = (i: ItemRow) => (i.submitterId ? fmt.user(i.submitterId) : "anonymous");

export function itemLine(i: ItemRow, n: number): string {
  const carried = i.carriedFromId ? " _(carried from last meeting)_" : "";
  const done = i.status === "done" ? " ✅" + (i.decision ? ` Decision: ${i.decision}` : "") : "";
  const link = i.link ? ` [link](${i.link})` : "";
  const kind = TYPE_LABEL[i.type] ?? i.type;
  return `${n}. **${i.text}** — ${i.minutes} min, ${kind}, from ${submitter(i)}${link} \`${i.shortId}\`${carried}${done}`;
}

export function rolesLine(m: MeetingRow): string {
  const r = rolesOf(m);
  return ROLE_NAMES.map(
    (role) => `${role[0]!.toUpperCase() + role.slice(1)}: ${r[role] ? fmt.user(r[role]!) : "—"}`,
  ).join(" · ");
}

export function agendaReply(v: AgendaView, opts: { published?: boolean } = {}): Omit<Reply, "to"> {
  const b = budget(v);
  const lines: string[] = [rolesLine(v.meeting), ""];
  if (v.followUps.length) {
    lines.push("**Follow-ups from last meeting**");
    for (const a of v.followUps)
      lines.push(
        `- ${fmt.user(a.ownerId)}: ${a.task}${a.dueOn ? ` (due ${fmt.time(a.dueOn, "date")})` : ""} \`${a.shortId}\``,
      );
    lines.push("");
  }
  lines.push("**Items**");
  if (!v.items.length) lines.push("_No items yet. Add one with /agenda add <item> minutes:10_");
  v.items.forEach((i, n) => lines.push(itemLine(i, n + 1)));
  if (v.later && !opts.published)
    lines.push(
      `_${v.later.count} ${v.later.count === 1 ? "item waits" : "items wait"} for the meeting of ` +
        `${fmt.time(v.later.startsAt, "short")} (added after this one's deadline)._`,
    );
  const warnings: string[] = [];
  if (b.overBy)
    warnings.push(
      `⚠️ Over time: ${b.total} min of items for a ${v.team.minutes}-minute meeting (${b.overBy} min over). ` +
        "Move items, or shorten one with /agenda edit item:<id> minutes:<n>.",
    );
  // The posted agenda shows the reserve as a plain figure (the fields); warnings are for facilitators.
  if (!opts.published) {
    if (b.reserveShort)
      warnings.push(
        `⚠️ Teacher-raised items take ${b.teacher} min, ${b.reserveShort} min more than the ${v.team.reserveMinutes}-minute reserve.`,
      );
    const eaten = reserveWarning(v);
    if (eaten) warnings.push(eaten);
  }
  return {
    header:
      `${v.team.name} — ${opts.published ? "agenda" : "next meeting"}, ` +
      formatInZone(v.meeting.startsAt, v.team.timeZone, "short"),
    text: lines.join("\n") + (warnings.length ? "\n\n" + warnings.join("\n") : ""),
    fields: [
      { label: "When", value: fmt.time(v.meeting.startsAt), inline: true },
      { label: "Time budget", value: `${b.total} / ${v.team.minutes} min`, inline: true },
      { label: "Teacher-raised", value: `${b.teacher} / ${v.team.reserveMinutes} min reserved`, inline: true },
    ],
    context:
      `Items are due ${formatInZone(deadlineOf(v.team, v.meeting), v.team.timeZone, "short")} · ` +
      `${formatDuration(v.team.minutes)} every ${v.team.intervalWeeks === 1 ? "week" : `${v.team.intervalWeeks} weeks`}`,
    tone: warnings.length ? "warning" : undefined,
    overflow: "`/agenda export`",
  };
}

/** The agenda as posted to the team channel, by /agenda publish or by the scheduler; tracked for later edits. */
export function publishedPost(v: AgendaView): Omit<Reply, "to"> {
  return { ...agendaReply(v, { published: true }), track: agendaMessageKey(v.meeting.id) };
}

export function agendaMarkdown(v: AgendaView, actions: ActionRow[], names: Map<string, string>): string {
  // Everything typed (names, items, decisions, tasks) shows as typed in the file: no link or mention comes alive.
  const t = markdownText;
  const who = (id: string | null | undefined) => (id ? `@${t(names.get(id) ?? id)}` : "anonymous");
  const r = rolesOf(v.meeting);
  const out = [
    `# ${t(v.team.name)} — ${formatInZone(v.meeting.startsAt, v.team.timeZone)}`,
    "",
    `Facilitator: ${who(r.facilitator)} · Recorder: ${who(r.recorder)} · Timekeeper: ${who(r.timekeeper)}`,
    "",
    "## Agenda",
    "",
    ...v.items.map(
      (i, n) =>
        `${n + 1}. ${t(i.text)} (${i.minutes} min, ${TYPE_LABEL[i.type] ?? i.type}, ` +
        `from ${who(i.submitterId)})${i.status === "done" ? " — discussed" : ""}`,
    ),
    "",
    "## Decisions",
    "",
    ...v.items
      .filter((i) => i.decision)
      .map((i) => `- ${t(i.text)}: ${t(i.decision ?? "")}`)
      .concat(v.items.some((i) => i.decision) ? [] : ["- none recorded"]),
    "",
    ...discussedOnly(v.items, "## Discussed without a decision\n", t),
    "## Action items",
    "",
    ...(actions.length
      ? actions.map(
          (a) =>
            `- ${who(a.ownerId)}: ${t(a.task)}${a.dueOn ? ` (due ${formatInZone(a.dueOn, v.team.timeZone, "date")})` : ""}`,
        )
      : ["- none"]),
    "",
    ...(v.followUps.length
      ? [
          "## Open follow-ups",
          "",
          ...v.followUps.map(
            (a) =>
              `- ${who(a.ownerId)}: ${t(a.task)}${a.dueOn ? ` (due ${formatInZone(a.dueOn, v.team.timeZone, "date")})` : ""}`,
          ),
          "",
        ]
      : []),
  ];
  return out.join("\n");
}

/** The minutes' lines for items discussed with no decision recorded (none: no lines). */
export function discussedOnly(
  items: ItemRow[],
  heading = "**Discussed without a decision**",
  text: (typed: string) => string = (typed) => typed,
): string[] {
  const plain = items.filter((i) => i.status === "done" && !i.decision);
  return plain.length ? [heading, ...plain.map((i) => `- ${text(i.text)}`), ""] : [];
}
