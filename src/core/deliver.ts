// Turns Replies into platform calls through a Transport, the one interface every adapter
// implements. Used for direct answers and by the scheduler for deliveries.
import type { Source, WorkspaceInfo, Platform } from "./context.js";
import type { Reply } from "./reply.js";
import { ChannelRefusedError, RateLimitedError } from "./errors.js";
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
  /**
   * Card edits as state: marks the tracked message changed so the card editor re-renders and
   * edits it (latest state wins, within the platform's edit budget). "not-a-card" when no
   * renderer knows the key (then the reply's own content is sent), "not-found" when nothing
   * was posted under it.
   */
  markChanged?(workspaceId: string, key: string): Promise<"queued" | "not-found" | "not-a-card">;
  /** An edit of a pressed message the platform refused for now (429): tried again after `afterMs`, latest content wins. */
  retryEdit?(transport: Transport, workspace: WorkspaceInfo, at: MessageLocation, reply: Reply, afterMs: number): void;
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
   * Where the platform counts message edits: Slack's chat.update budget is per workspace,
   * Discord's per channel. A platform with a budget gets tracked cards edited as state (the
   * card editor, coalesced); one without (the console) has each edit sent at once.
   */
  readonly editBudget?: "workspace" | "channel";
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
  /**
   * Editing the pressed message costs no edit budget (Discord's interaction callback): a
   * tracked card that is the pressed message is also edited at once with this answer's
   * content, besides being marked changed for the card editor's latest state.
   */
  originEditIsFree?: boolean;
}

/**
 * Delivers replies in order, each on its own: one that fails (a rate-limited card edit, a
 * refused post) never stops the others, so a person's private answer always goes. Edits of
 * tracked cards are marked as changed state for the card editor when the platform has an edit
 * budget. An edit of the pressed message that the platform refuses for now is retried later
 * and its content sent privately meanwhile (it may be the whole answer, as a draft's "Saved").
 * When the platform refuses a channel post of an answer, the person is told privately why and
 * how to fix it. Returns where each landed (undefined for ephemeral ones and failures); after
 * delivering the rest, throws the first failure, so the scheduler (one reply per delivery)
 * retries exactly the one that failed.
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
  const later: Reply[] = [];
  const failures: unknown[] = [];
  const post = async (channelId: string, r: Reply): Promise<MessageLocation | undefined> => {
    try {
      return await transport.post(workspace, channelId, r, opts.progress);
    } catch (e) {
      if (!(e instanceof ChannelRefusedError) || !src) throw e;
      later.push(refusalNotice(transport, { channelId: e.channelId, reason: e.reason, reply: r }));
      return undefined;
    }
  };
  const privately = async (r: Reply): Promise<MessageLocation | undefined> => {
    if (!src) throw new Error("a private reply needs the source it answers");
    if (opts.respond) await opts.respond(r);
    else if (src.isDM) return transport.post(workspace, src.channelId, r);
    else await transport.ephemeral(workspace, src, r);
    return undefined;
  };
  const update = async (r: Reply & { to: { kind: "update" } }): Promise<MessageLocation | undefined> => {
    const ref = r.to.ref;
    if (ref !== "origin" && transport.editBudget && refs.markChanged) {
      const at = await refs.find(workspace.id, ref);
      if (!at) return undefined;
      const o = src?.origin;
      const free = opts.originEditIsFree && o?.channelId === at.channelId && o.messageId === at.messageId;
      // The pressed card itself, where an edit is free: edited at once, and marked changed
      // only after, so the card editor's edit of the latest state lands after this one (and
      // makes up for this one failing).
      if (free) await transport.update(workspace, at, r).catch(() => undefined);
      const queued = await refs.markChanged(workspace.id, ref);
      if (queued !== "not-a-card" || free) return at;
    }
    const at = ref === "origin" ? src?.origin : await refs.find(workspace.id, ref);
    if (!at) return undefined;
    try {
      await transport.update(workspace, at, r);
    } catch (e) {
      if (!(e instanceof RateLimitedError) || ref !== "origin" || !src || !refs.retryEdit) throw e;
      refs.retryEdit(transport, workspace, at, r, e.retryAfterMs);
      const { track: _, ...content } = r;
      later.push({ ...content, to: { kind: "private" } });
      return undefined;
    }
    return at;
  };
  for (const r of replies) {
    let loc: MessageLocation | undefined;
    try {
      switch (r.to.kind) {
        case "private":
          loc = await privately(r);
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
        case "update":
          loc = await update(r as Reply & { to: { kind: "update" } });
          break;
      }
      if (r.track && loc && r.to.kind !== "update") await refs.save(workspace.id, r.track, loc);
    } catch (e) {
      failures.push(e);
      loc = undefined;
    }
    out.push(loc);
  }
  if (later.length) await deliver(refs, transport, workspace, later, opts);
  if (failures.length) throw failures[0];
  return out;
}
