// The agenda's rows as the services hand them out: statuses are literal unions, checked with
// zod when a row is read (the columns are plain strings in both databases), and the three
// roles map to their columns explicitly.
import { z } from "zod";
import type { Db } from "../../db/client.js";
import { ROLE_NAMES, type Assignment, type MeetingRole } from "./rotation.js";

/** A meeting is upcoming until its agenda is posted (by hand or by the scheduler), then closed. */
export const meetingStatus = z.enum(["upcoming", "published", "closed"]);
export type MeetingStatus = z.infer<typeof meetingStatus>;
/** Items are open until discussed (done) or withdrawn; a carried item stays open (carriedFromId is set). */
export const itemStatus = z.enum(["open", "done", "withdrawn"]);
export type ItemStatus = z.infer<typeof itemStatus>;
export const actionStatus = z.enum(["open", "done"]);
export type ActionStatus = z.infer<typeof actionStatus>;

type StoredMeeting = NonNullable<Awaited<ReturnType<Db["meeting"]["findFirst"]>>>;
type StoredItem = NonNullable<Awaited<ReturnType<Db["agendaItem"]["findFirst"]>>>;
type StoredAction = NonNullable<Awaited<ReturnType<Db["actionItem"]["findFirst"]>>>;

export type MeetingRow = Omit<StoredMeeting, "status"> & { status: MeetingStatus };
export type ItemRow = Omit<StoredItem, "status"> & { status: ItemStatus };
export type ActionRow = Omit<StoredAction, "status"> & { status: ActionStatus };

export const meetingRow = (m: StoredMeeting): MeetingRow => ({ ...m, status: meetingStatus.parse(m.status) });
export const itemRow = (i: StoredItem): ItemRow => ({ ...i, status: itemStatus.parse(i.status) });
export const actionRow = (a: StoredAction): ActionRow => ({ ...a, status: actionStatus.parse(a.status) });

/** Which Meeting column holds each role. */
export const ROLE_COLUMN = {
  facilitator: "facilitatorId",
  recorder: "recorderId",
  timekeeper: "timekeeperId",
} as const satisfies Record<MeetingRole, keyof StoredMeeting>;
type RoleColumn = (typeof ROLE_COLUMN)[MeetingRole];

export function rolesOf(m: Pick<MeetingRow, RoleColumn>): Assignment {
  return {
    facilitator: m[ROLE_COLUMN.facilitator] ?? undefined,
    recorder: m[ROLE_COLUMN.recorder] ?? undefined,
    timekeeper: m[ROLE_COLUMN.timekeeper] ?? undefined,
  };
}

/** The column values that write the given roles (a role given as undefined is cleared). */
export function roleColumns(a: Partial<Assignment>): Partial<Record<RoleColumn, string | null>> {
  const out: Partial<Record<RoleColumn, string | null>> = {};
  for (const role of ROLE_NAMES) if (role in a) out[ROLE_COLUMN[role]] = a[role] ?? null;
  return out;
}
