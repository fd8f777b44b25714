// A loopback Transport that records what the scheduler sends (the test's "platform"). It can
// be told to fail or to answer 429 for the next sends, to test retries and Retry-After.
import type { Source, WorkspaceInfo, Platform } from "../../src/core/context.js";
import type { MessageLocation, Transport } from "../../src/core/deliver.js";
import type { Clock } from "../../src/core/clock.js";
import type { Reply } from "../../src/core/reply.js";

export interface Sent {
  kind: "post" | "dm" | "ephemeral" | "update";
  /** Channel id for posts, user id for DMs. */
  to: string;
  reply: Reply;
  /** The sender's clock when it arrived. */
  at: Date;
  workspaceId: string;
}

export class RecordingTransport implements Transport {
  readonly sent: Sent[] = [];
  /** Called before each send; throw from it to make the send fail. */
  before?: (kind: Sent["kind"], to: string, reply: Reply) => void | Promise<void>;
  private seq = 0;
  refusalFix = (): string => "Choose another channel.";
  /** People who may not post in a channel, as "userId channelId"; "?" as the user makes the platform unable to say. */
  readonly cannotPost = new Set<string>();

  constructor(
    private readonly clock: Clock,
    readonly platform: Platform = "console",
  ) {}

  private async record(kind: Sent["kind"], ws: WorkspaceInfo, to: string, reply: Reply): Promise<MessageLocation> {
    await this.before?.(kind, to, reply);
    this.sent.push({ kind, to, reply, at: this.clock.now(), workspaceId: ws.id });
    return { channelId: to, messageId: `r${++this.seq}` };
  }

  post(ws: WorkspaceInfo, channelId: string, reply: Reply): Promise<MessageLocation> {
    return this.record("post", ws, channelId, reply);
  }
  dm(ws: WorkspaceInfo, userId: string, reply: Reply): Promise<MessageLocation> {
    return this.record("dm", ws, userId, reply);
  }
  async ephemeral(ws: WorkspaceInfo, source: Source, reply: Reply): Promise<void> {
    await this.record("ephemeral", ws, source.userId, reply);
  }
  async update(ws: WorkspaceInfo, at: MessageLocation, reply: Reply): Promise<void> {
    await this.record("update", ws, at.messageId, reply);
  }

  async canPost(_ws: WorkspaceInfo, userId: string, channelId: string): Promise<boolean | "unknown"> {
    if (this.cannotPost.has(`? ${channelId}`)) return "unknown";
    return !this.cannotPost.has(`${userId} ${channelId}`);
  }

  /** Sends whose text contains `needle`. */
  matching(needle: string): Sent[] {
    return this.sent.filter((s) => (s.reply.text ?? "").includes(needle));
  }
}
