// Turns Replies into platform calls through a Transport, the one interface every adapter
// implements. Used for direct answers and by the scheduler for deliveries.
import type { Source, WorkspaceInfo, Platform } from "./context.js";
import type { Reply } from "./reply.js";
import { ChannelRefusedError } from "./errors.js";
import { refusalNotice, type RefusalWording } from "./refusal-notice.js";

/** Where a posted message is on its platform. */
export interface MessageLocation {
  channelId: string;
  messageId: string;
}

/**
 * Where cadre's own posts are kept by a key the service chose ("session:7K2Q"), so a later
 * reply can edit the same message. The app wires in the database-backed store.
 */
export interface MessageRefStore {
  find(workspaceId: string, key: string): Promise<MessageLocation | undefined>;
  save(workspaceId: string, key: string, at: MessageLocation): Promise<void>;
}

/**
 * The DM conversation with each member, remembered by the app (database-backed) so a
 * platform that charges for opening one (Slack's conversations.open) pays once per person.
 */
export interface DmChannelStore {
  find(workspaceId: string, userId: string): Promise<string | undefined>;
  save(workspaceId: string, userId: string, channelId: string): Promise<void>;
}

/**
 * The steps of one delivery already done, in the order the transport takes them (Slack: the
 * message, then each file; Discord: each message of a split reply): `posted` is where the
 * first message landed.
 */
export interface DeliveryProgress {
  posted?: MessageLocation;
  steps: number;
}

/**
 * A delivery's record of its steps (the scheduler keeps it on the outbox row): a retry after
 * a failed upload posts no second message and uploads only the files still missing.
 */
export interface ProgressLog {
  readonly done: DeliveryProgress;
  record(p: DeliveryProgress): Promise<void>;
}

export interface Transport extends RefusalWording {
  readonly platform: Platform;
  /** Posts a message everyone in the channel (or DM conversation) sees; `progress` skips steps already done. */
  post(workspace: WorkspaceInfo, channelId: string, reply: Reply, progress?: ProgressLog): Promise<MessageLocation>;
  /** Opens (or reuses) the DM with a user and posts there. */
  dm(workspace: WorkspaceInfo, userId: string, reply: Reply, progress?: ProgressLog): Promise<MessageLocation>;
  /** A message only `source.userId` sees, where they acted. */
  ephemeral(workspace: WorkspaceInfo, source: Source, reply: Reply): Promise<void>;
  /** Replaces an earlier message's content. */
  update(workspace: WorkspaceInfo, at: MessageLocation, reply: Reply): Promise<void>;
  /**
   * Whether a person could post in a channel themselves (Slack: they are a member of it;
   * Discord: View Channel and Send Messages there), so cadre never posts for them where they
   * cannot. "unknown" when the platform cannot say (cadre cannot see the channel, or the
   * platform did not answer).
   */
  canPost(workspace: WorkspaceInfo, userId: string, channelId: string): Promise<boolean | "unknown">;
}

export interface DeliverOptions {
  /** Where the replies answer an action; required for private, here and origin replies. */
  source?: Source;
  /** Adapter hook for private replies inside an interaction (Slack respond, Discord interaction reply). */
  respond?: (reply: Reply) => Promise<void>;
  /** For a single channel or DM reply (an outbox row): the steps already done, and where to record more. */
  progress?: ProgressLog;
}

/**
 * Delivers replies in order; returns where each landed (undefined for ephemeral ones). When
 * the platform refuses a channel post of an answer (cadre not in the channel, no permission),
 * the other replies still go and the person is told privately why and how to fix it; the
 * scheduler (no source) gets the error and retries.
 */
export async function deliver(
  refs: MessageRefStore,
  transport: Transport,
  workspace: WorkspaceInfo,
  replies: readonly Reply[],
  opts: DeliverOptions = {},
): Promise<(MessageLocation | undefined)[]> {
  const out: (MessageLocation | undefined)[] = [];
  const src = opts.source;
  const refusals: Reply[] = [];
  const post = async (channelId: string, r: Reply): Promise<MessageLocation | undefined> => {
    try {
      return await transport.post(workspace, channelId, r, opts.progress);
    } catch (e) {
      if (!(e instanceof ChannelRefusedError) || !src) throw e;
      refusals.push(refusalNotice(transport, { channelId: e.channelId, reason: e.reason, reply: r }));
      return undefined;
    }
  };
  for (const r of replies) {
    let loc: MessageLocation | undefined;
    switch (r.to.kind) {
      case "private":
        if (!src) throw new Error("a private reply needs the source it answers");
        if (opts.respond) await opts.respond(r);
        else if (src.isDM) loc = await transport.post(workspace, src.channelId, r);
        else await transport.ephemeral(workspace, src, r);
        break;
      case "here":
        if (!src) throw new Error("a 'here' reply needs the source it answers");
        loc = await post(src.channelId, r);
        break;
      case "channel":
        loc = await post(r.to.channelId, r);
        break;
      case "dm":
        loc = await transport.dm(workspace, r.to.userId, r, opts.progress);
        break;
      case "update": {
        const at = r.to.ref === "origin" ? src?.origin : await refs.find(workspace.id, r.to.ref);
        if (at) {
          await transport.update(workspace, at, r);
          loc = at;
        }
        break;
      }
    }
    if (r.track && loc) await refs.save(workspace.id, r.track, loc);
    out.push(loc);
  }
  if (refusals.length) await deliver(refs, transport, workspace, refusals, opts);
  return out;
}
