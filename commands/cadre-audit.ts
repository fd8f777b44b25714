// /cadre audit (admins): the audit log, newest first, filtered by who (did it, or it was about
// them), what (an action or its start) and since (a day), and as a CSV in the admin's DM.
// Entries hold ids and counts, never content; an export of the log is itself an event.
import { DateTime } from "luxon";
import { sub } from "../src/core/command.js";
import { UserError } from "../src/core/errors.js";
import { opt } from "../src/core/options.js";
import { fmt } from "../src/core/rich.js";
import { privately, to, type Reply } from "../src/core/reply.js";
import { audit, auditCsv, findAudit, type AuditRow } from "../src/services/audit.js";
import { readLogDay } from "../src/services/mentoring/log-date.js";
import { todayIn } from "../src/services/school-year.js";

const SHOWN = 25;
const EXAMPLE = "/cadre audit what:privacy since:2026-11-01";

/** The detail as short `key=value` pairs (ids and counts only), zero counts left out. */
function detailText(json: string): string {
  let d: unknown;
  try {
    d = JSON.parse(json);
  } catch {
    return "";
  }
  if (!d || typeof d !== "object") return "";
  const flat = (o: object, prefix = ""): string[] =>
    Object.entries(o).flatMap(([k, v]) =>
      v && typeof v === "object" && !Array.isArray(v)
        ? flat(v as object, `${prefix}${k}.`)
        : v === 0 || v === undefined || v === null
          ? []
          : [`${prefix}${k}=${Array.isArray(v) ? v.join(",") : String(v)}`],
    );
  return flat(d).join(" ").slice(0, 200);
}

function line(e: AuditRow): string {
  const about = e.subjectId && e.subjectId !== e.actorId ? ` about ${fmt.user(e.subjectId)}` : "";
  const detail = detailText(e.detail);
  return `- ${fmt.time(e.createdAt, "short")} · ${fmt.user(e.actorId)} · \`${e.action}\`${about}${detail ? ` · ${detail}` : ""}`;
}

export const auditLog = sub({
  long: true,
  description: "The audit log (admins): who did what and when, with filters, or as a CSV by DM. Never content.",
  minRole: "admin",
  options: {
    who: opt.user({ description: "Only events this person did or that were about them" }),
    what: opt.text({
      description: "Only this action, or actions starting so (privacy, role, retention.run)",
      max: 60,
      example: "privacy",
    }),
    since: opt.dateTime({ description: "Only events from this day on", example: "2026-11-01" }),
    export: opt.boolean({ description: "Send every matching event as a CSV file to your DM" }),
  },
  examples: ["", "who:@alex", "what:privacy since:2026-11-01", "what:mentor.report export:yes"],
  async run(ctx, input) {
    const zone = ctx.workspace.timeZone;
    let since: Date | undefined;
    if (input.since !== undefined) {
      const day = readLogDay(input.since, zone, ctx.clock.now());
      if (!day) throw new UserError(`I could not read "${input.since}" as a day.`, EXAMPLE, "since");
      since = DateTime.fromISO(day, { zone }).toJSDate();
    }
    const what = input.what?.trim().toLowerCase() || undefined;
    if (what && !/^[a-z][a-z0-9.-]*$/.test(what))
      throw new UserError(
        `\`what\` is an action like privacy.export or its start like privacy, not "${what.slice(0, 30)}".`,
        EXAMPLE,
        "what",
      );
    const q = { workspaceId: ctx.workspace.id, who: input.who, what, since };
    const filters = [
      input.who ? `who ${fmt.user(input.who)}` : "",
      what ? `what ${what}` : "",
      since ? `since ${DateTime.fromJSDate(since, { zone }).toISODate()}` : "",
    ].filter(Boolean);
    const filterText = filters.length ? ` (${filters.join(", ")})` : "";
    if (input.export) {
      const { rows } = await findAudit(ctx.db, q);
      await audit(ctx.db, ctx.workspace.id, ctx.member.userId, "audit.export", { events: rows.length }, input.who);
      const dm: Reply = {
        to: to.dm(ctx.member.userId),
        text: `The audit log${filterText}: ${rows.length} events.`,
        files: [
          {
            filename: `cadre-audit-${todayIn(zone, ctx.clock.now())}.csv`,
            contentType: "text/csv",
            content: auditCsv(rows, zone),
          },
        ],
      };
      return ctx.source.isDM ? dm : [privately("Sent the audit log to your DM with cadre."), dm];
    }
    const { rows, total } = await findAudit(ctx.db, { ...q, take: SHOWN });
    if (!rows.length)
      return privately(`No audit events${filterText}.`, {
        context: `Try /cadre audit with fewer filters, e.g. ${EXAMPLE}`,
      });
    return privately(rows.map(line).join("\n"), {
      header: `Audit log${filterText}`,
      context:
        (total > rows.length ? `The newest ${rows.length} of ${total}. ` : "") +
        "All of them as a CSV: /cadre audit export:yes (with the same filters)",
    });
  },
});
