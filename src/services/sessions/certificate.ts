// Completion certificates: one per person and session attended, with a stored random code that
// /session verify confirms. Drawn when sent (with the feedback form's thank-you, or at session
// end with certificate-after-feedback:no; again with /session certificate), always with the
// hours credited at that moment, under the same code.
import { DateTime } from "luxon";
import type { Db, Tx } from "../../db/client.js";
import type { Reply } from "../../core/reply.js";
import { hoursText } from "../../core/duration.js";
import { fmt } from "../../core/rich.js";
import { enqueue, enqueueAll, type Enqueue } from "../outbox.js";
import { pdfAttachment } from "../pdf.js";
import { displayNames, getWorkspace } from "../workspaces.js";
import { newCertificateCode, readCertificateCode, showCode } from "./certificate-code.js";
import { certificatePdf } from "./certificate-pdf.js";
import { creditedMinutes } from "./credit.js";
import { CERTIFICATE_SOURCE, certificateKey } from "./keys.js";
import { endOf, KIND_LABEL, type SessionRow } from "./sessions.js";

/** Who and which session a certificate is for (the shape the feedback flow's hook passes). */
export interface CertificateFor {
  workspaceId: string;
  sessionId: string;
  userId: string;
}

/** The person's certificate row, made with a fresh code the first time and kept at `minutes`. */
async function issue(db: Tx, s: SessionRow, userId: string, minutes: number) {
  const where = { sessionId_userId: { sessionId: s.id, userId } };
  const had = await db.certificate.findUnique({ where });
  if (had) return had.minutes === minutes ? had : db.certificate.update({ where, data: { minutes } });
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.certificate.create({
        data: { workspaceId: s.workspaceId, sessionId: s.id, userId, code: newCertificateCode(), minutes },
      });
    } catch (e) {
      // A code collision (1 in 2^50) tries another; the same person issued twice at once reads the winner's.
      if ((e as { code?: string }).code !== "P2002" || attempt >= 4) throw e;
      const won = await db.certificate.findUnique({ where });
      if (won) return won;
    }
  }
}

/** The session's date as a certificate prints it, in the workspace's zone: "December 3, 2026". */
const longDate = (at: Date, zone: string) => DateTime.fromJSDate(at, { zone }).toFormat("LLLL d, yyyy");

/**
 * The DM carrying one person's certificate for one session (the PDF attached), issuing the
 * certificate the first time; undefined when they did not attend it (or it was cancelled).
 */
export async function certificateReply(db: Tx, f: CertificateFor): Promise<Omit<Reply, "to"> | undefined> {
  const s = await db.session.findFirst({ where: { id: f.sessionId, workspaceId: f.workspaceId } });
  const ws = await getWorkspace(db, f.workspaceId);
  if (!s || !ws || s.status === "cancelled") return undefined;
  const r = await db.rsvp.findUnique({ where: { sessionId_userId: { sessionId: s.id, userId: f.userId } } });
  const minutes = r ? creditedMinutes(s, r, ws.settings.creditRoundingMinutes) : undefined;
  if (minutes === undefined) return undefined;
  const cert = await issue(db, s, f.userId, minutes);
  const names = await displayNames(db, s.workspaceId, [f.userId, s.createdBy]);
  const code = showCode(cert.code);
  const bytes = await certificatePdf({
    name: names.get(f.userId)!,
    title: s.title,
    kind: KIND_LABEL[s.kind] ?? "Session",
    date: longDate(s.startsAt, ws.timeZone),
    place: s.location ?? undefined,
    hours: hoursText(minutes),
    leader: names.get(s.createdBy)!,
    issuer: ws.settings.districtName,
    code,
  });
  return {
    text: `🎓 Your certificate for **${s.title}** (${fmt.time(s.startsAt, "date")}): ${hoursText(minutes)} credited.`,
    context: `Certificate ${code}: anyone can confirm it with /session verify code:${code}. Get it again with /session certificate id:${s.shortId}`,
    files: [pdfAttachment(`certificate-${s.shortId}-${cert.code}.pdf`, bytes)],
  };
}

const queued = (f: CertificateFor, reply: Omit<Reply, "to">, now: Date): Enqueue => ({
  workspaceId: f.workspaceId,
  dedupeKey: certificateKey({ id: f.sessionId }, f.userId),
  dueAt: now,
  target: { kind: "dm", id: f.userId },
  reply,
  sourceKind: CERTIFICATE_SOURCE,
  sourceId: f.sessionId,
});

/**
 * Queues one person's certificate DM for a session, once ever (its outbox key is per person and
 * session, whoever calls it). Returns false when already queued or they did not attend.
 */
export async function deliverCertificate(db: Tx, f: CertificateFor, now: Date): Promise<boolean> {
  if (await db.delivery.findUnique({ where: { dedupeKey: certificateKey({ id: f.sessionId }, f.userId) } }))
    return false;
  const reply = await certificateReply(db, f);
  return reply ? enqueue(db, queued(f, reply, now)) : false;
}

/**
 * The session-end send, in workspaces whose certificates do not wait for the feedback form
 * (certificate-after-feedback:no; otherwise the form's thank-you brings each one, see
 * feedback.ts): every session that ended within `windowMs` and has not had its run gets each
 * checked-in person's certificate queued.
 * The run is claimed first (one row per session), so two instances or a restart never draw a
 * session's certificates twice; the DMs' keys would refuse a second copy anyway. Sessions that
 * ended longer ago (before this existed, or while cadre was off for days) are left alone.
 */
export async function queueEndedSessionCertificates(db: Db, now: Date, windowMs: number): Promise<number> {
  const longest = 12 * 60 * 60_000; // the longest a session can last (announce caps hours at 12)
  const candidates = await db.session.findMany({
    where: {
      status: "scheduled",
      startsAt: { lte: now, gte: new Date(now.getTime() - windowMs - longest) },
    },
    select: { id: true, workspaceId: true, startsAt: true, minutes: true },
  });
  const justEnded = candidates.filter((s) => endOf(s) <= now && endOf(s).getTime() >= now.getTime() - windowMs);
  if (!justEnded.length) return 0;
  const atEnd = new Map<string, boolean>();
  for (const id of new Set(justEnded.map((s) => s.workspaceId)))
    atEnd.set(id, (await getWorkspace(db, id))?.settings.certificateAfterFeedback === false);
  const ended = justEnded.filter((s) => atEnd.get(s.workspaceId));
  if (!ended.length) return 0;
  const done = new Set(
    (
      await db.certificateRun.findMany({
        where: { sessionId: { in: ended.map((s) => s.id) } },
        select: { sessionId: true },
      })
    ).map((r) => r.sessionId),
  );
  let sent = 0;
  for (const s of ended.filter((x) => !done.has(x.id))) {
    const came = await db.rsvp.findMany({
      where: { sessionId: s.id, checkedInAt: { not: null } },
      select: { userId: true },
    });
    // Drawn before the transaction: a page takes milliseconds, and the claim is what makes it once.
    const rows: Enqueue[] = [];
    for (const { userId } of came) {
      const f = { workspaceId: s.workspaceId, sessionId: s.id, userId };
      const reply = await certificateReply(db, f);
      if (reply) rows.push(queued(f, reply, now));
    }
    sent += await db
      .$transaction(async (tx) => {
        if (await tx.certificateRun.findUnique({ where: { sessionId: s.id } })) return 0;
        await tx.certificateRun.create({ data: { sessionId: s.id, at: now } });
        return enqueueAll(tx, rows);
      })
      // Another instance claimed it in the same moment: its transaction queued them.
      .catch((e) => {
        if ((e as { code?: string }).code === "P2002") return 0;
        throw e;
      });
  }
  return sent;
}

export interface Verified {
  userId: string;
  title: string;
  kind: string;
  startsAt: Date;
  minutes: number;
  code: string;
}

/** What a certificate code certifies, or undefined when no certificate of this workspace has it. */
export async function verifyCertificate(db: Tx, workspaceId: string, typed: string): Promise<Verified | undefined> {
  const code = readCertificateCode(typed);
  if (!code) return undefined;
  const c = await db.certificate.findUnique({ where: { code } });
  if (!c || c.workspaceId !== workspaceId) return undefined;
  const s = await db.session.findUnique({ where: { id: c.sessionId } });
  if (!s) return undefined;
  return {
    userId: c.userId,
    title: s.title,
    kind: KIND_LABEL[s.kind] ?? "Session",
    startsAt: s.startsAt,
    minutes: c.minutes,
    code: showCode(c.code),
  };
}
