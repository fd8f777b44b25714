// Changing a workspace's time zone keeps what repeats at its wall-clock time: repeating
// reminders, ILT meetings not yet posted and weekly mentoring nudges are placed again in the
// new zone (7:45 stays 7:45 there). One-off times (sessions, one-off reminders) are instants
// people were already told and stay where they are.
import type { Db } from "../db/client.js";
import type { WorkspaceInfo } from "../core/context.js";
import { rezoneTeams } from "./agenda/meetings.js";
import { rezoneNudges } from "./mentoring/nudge.js";
import { rezoneReminders } from "./reminders/reminders.js";
import { updateWorkspace } from "./workspaces.js";

export interface ZoneMoved {
  workspace: WorkspaceInfo;
  reminders: number;
  meetings: number;
  nudges: number;
}

export async function changeTimeZone(db: Db, workspaceId: string, zone: string, now: Date): Promise<ZoneMoved> {
  return db.$transaction(async (tx) => {
    const workspace = await updateWorkspace(tx, workspaceId, { timeZone: zone });
    return {
      workspace,
      reminders: await rezoneReminders(tx, workspaceId, zone, now),
      meetings: await rezoneTeams(tx, workspaceId, zone, now),
      nudges: await rezoneNudges(tx, workspaceId, zone, now),
    };
  });
}
