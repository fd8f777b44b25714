// The Slack adapter: a real Bolt app in Socket Mode (SLACK_APP_TOKEN) or over HTTP
// (SLACK_SIGNING_SECRET). SLACK_API_URL applies to every Web API call and to opening the
// Socket Mode connection. Every request is acknowledged first; the work answers after.
import { LRUCache } from "lru-cache";
import { Agent as HttpAgent, request as httpRequest } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { App as BoltApp, LogLevel, type BlockAction, type ViewSubmitAction } from "@slack/bolt";
import type { App } from "../../app.js";
import type { Source, WorkspaceInfo } from "../../core/context.js";
import { deliver } from "../../core/deliver.js";
import type { Reply } from "../../core/reply.js";
import { ensureWorkspace, unavailableWorkspace } from "../../services/workspaces.js";
import { toBlocks } from "./blocks.js";
import { SlackTransport } from "./transport.js";
import { buildModal, MODAL_CALLBACK, needsModal, readSubmission, type ModalMeta } from "./modal.js";
import { homeView } from "./home.js";
import { tokenize } from "../../core/text-options.js";

export interface SlackOptions {
  botToken: string;
  appToken?: string;
  signingSecret?: string;
  apiUrl?: string;
  port?: number;
}

const PEOPLE_MAX = 20_000;
const PERSON_TTL_MS = 30 * 60_000;

interface Person {
  name: string;
  admin: boolean;
}

export class SlackAdapter {
  readonly bolt: InstanceType<typeof BoltApp>;
  readonly transport: SlackTransport;
  /**
   * Display names and admin flags by user: bounded (a district's staff, not every user ever
   * seen) and re-read after PERSON_TTL_MS, so a Slack admin change reaches cadre without a restart.
   */
  private people = new LRUCache<string, Promise<Person>>({ max: PEOPLE_MAX, ttl: PERSON_TTL_MS });
  /** Workspaces found for answers, by team: Slack rendering reads only the id, which never changes. */
  private workspaces = new Map<string, Promise<WorkspaceInfo>>();
  private readonly agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

  constructor(
    private readonly app: App,
    private readonly o: SlackOptions,
  ) {
    const clientOptions = {
      ...(o.apiUrl ? { slackApiUrl: o.apiUrl.endsWith("/") ? o.apiUrl : o.apiUrl + "/" } : {}),
      rejectRateLimitedCalls: true,
      retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 2000 },
    };
    this.bolt = new BoltApp({
      token: o.botToken,
      ...(o.appToken
        ? { socketMode: true, appToken: o.appToken, installerOptions: { clientOptions } }
        : { signingSecret: o.signingSecret! }),
      clientOptions,
      logLevel: LogLevel.ERROR,
      // cadre keeps no per-conversation state in Bolt; the default store costs a thrown Error per event.
      convoStore: false,
    });
    this.transport = new SlackTransport(this.bolt.client, app.deps.log.child({ platform: "slack" }));
    this.routes();
  }

  async start(): Promise<void> {
    this.app.transports.set("slack", this.transport);
    if (this.o.appToken) await this.bolt.start();
    else await this.bolt.start(this.o.port ?? 3000);
  }

  async stop(): Promise<void> {
    await this.bolt.stop().catch(() => {});
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  /** Display name and admin flag, fetched on first sight and kept for a while. */
  private person(userId: string, fallback: string): Promise<Person> {
    let p = this.people.get(userId);
    if (!p) {
      const fetching: Promise<Person> = this.bolt.client.users
        .info({ user: userId })
        .then((r) => ({
          name: r.user?.profile?.display_name || r.user?.real_name || r.user?.name || fallback,
          admin: Boolean(r.user?.is_admin || r.user?.is_owner),
        }))
        .catch(() => {
          // Answer this once as a non-admin, but ask Slack again next time rather than
          // remembering a guess.
          if (this.people.get(userId) === fetching) this.people.delete(userId);
          return { name: fallback, admin: false };
        });
      this.people.set(userId, (p = fetching));
    }
    return p;
  }

  private async source(
    teamId: string,
    channelId: string,
    userId: string,
    fallbackName: string,
    origin?: Source["origin"],
  ): Promise<Source> {
    const p = await this.person(userId, fallbackName);
    return {
      platform: "slack",
      externalWorkspaceId: teamId,
      channelId,
      isDM: channelId.startsWith("D"),
      userId,
      displayName: p.name,
      isPlatformAdmin: p.admin,
      origin,
    };
  }

  private workspace(teamId: string): Promise<WorkspaceInfo> {
    return ensureWorkspace(this.app.deps.db, "slack", teamId, this.app.deps.defaultTimeZone);
  }

  /** The workspace an answer is delivered in (the dispatcher has just found or created it). */
  private answerWorkspace(teamId: string): Promise<WorkspaceInfo> {
    let w = this.workspaces.get(teamId);
    if (!w) {
      w = this.workspace(teamId);
      this.workspaces.set(teamId, w);
      w.catch(() => this.workspaces.delete(teamId));
    }
    return w;
  }

  /**
   * Posts to a response_url with a keep-alive connection. Bolt's respond() uses fetch, which
   * costs several times the CPU of a plain request: a visible share of a busy process.
   */
  private postToResponseUrl(url: string, msg: Record<string, unknown>): Promise<void> {
    return new Promise((resolve, reject) => {
      const u = new URL(url);
      const secure = u.protocol === "https:";
      const body = JSON.stringify(msg);
      const req = (secure ? httpsRequest : httpRequest)(
        u,
        {
          method: "POST",
          agent: secure ? this.agents.https : this.agents.http,
          timeout: 10_000,
          headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
        },
        (res) => {
          res.resume();
          res.on("end", () =>
            (res.statusCode ?? 0) < 300 ? resolve() : reject(new Error(`response_url answered HTTP ${res.statusCode}`)),
          );
        },
      );
      req.on("timeout", () => req.destroy(new Error("response_url did not answer")));
      req.on("error", reject);
      req.end(body);
    });
  }

  private respondVia(
    url: string | undefined,
    fallback: ((msg: Record<string, unknown>) => Promise<unknown>) | undefined,
  ) {
    return url && /^https?:\/\//.test(url)
      ? (msg: Record<string, unknown>) => this.postToResponseUrl(url, msg)
      : fallback;
  }

  private async answer(
    source: Source,
    replies: Reply[],
    respond?: (msg: Record<string, unknown>) => Promise<unknown>,
  ): Promise<void> {
    // The database is unreachable: render in a stand-in, so error answers still go out.
    const ws = await this.answerWorkspace(source.externalWorkspaceId).catch(() =>
      unavailableWorkspace("slack", source.externalWorkspaceId, this.app.deps.defaultTimeZone),
    );
    await deliver(this.app.messageRefs, this.transport, ws, replies, {
      source,
      respond: respond
        ? async (r) => {
            const { files, ...rest } = r;
            await respond({ response_type: "ephemeral", replace_original: false, ...toBlocks(rest) });
            if (files?.length) await this.transport.files(await this.transport.dmChannel(source.userId), r);
          }
        : undefined,
    });
  }

  private routes(): void {
    const names = this.app.dispatcher.list.map((c) => c.name);
    this.bolt.command(new RegExp(`^/(${names.join("|")})$`), async ({ command, ack, respond, client }) => {
      await ack();
      const name = command.command.slice(1);
      const source = await this.source(command.team_id, command.channel_id, command.user_id, command.user_name);
      const cmd = this.app.dispatcher.commands.get(name)!;
      const tokens = tokenize(command.text ?? "");
      const subName = tokens.length === 1 && tokens[0]!.name === undefined ? tokens[0]!.value.toLowerCase() : undefined;
      const s = subName && Object.hasOwn(cmd.subcommands, subName) ? cmd.subcommands[subName] : undefined;
      if (s && subName && needsModal(s)) {
        const meta: ModalMeta = { command: name, sub: subName, channelId: command.channel_id, isDM: source.isDM };
        await client.views.open({ trigger_id: command.trigger_id, view: buildModal(cmd, subName, s, meta) as never });
        return;
      }
      const replies = await this.app.dispatcher.run({ source, command: name, text: command.text ?? "" });
      await this.answer(source, replies, this.respondVia(command.response_url, respond));
    });

    this.bolt.action<BlockAction>(
      { type: "block_actions", action_id: /^[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*\|/ },
      async ({ ack, body, action, respond }) => {
        await ack();
        // Bolt types the container loosely; a button on a message carries these two.
        const container: { channel_id?: string; message_ts?: string } = body.container;
        const channelId = body.channel?.id ?? container.channel_id ?? "";
        const ts = body.message?.ts ?? container.message_ts;
        const source = await this.source(
          body.team?.id ?? "",
          channelId,
          body.user.id,
          body.user.name ?? body.user.username ?? body.user.id,
          ts ? { channelId, messageId: ts } : undefined,
        );
        const replies = await this.app.dispatcher.press(source, action.action_id);
        await this.answer(source, replies, this.respondVia(body.response_url, respond));
      },
    );

    this.bolt.view<ViewSubmitAction>(
      { type: "view_submission", callback_id: MODAL_CALLBACK },
      async ({ ack, body, view }) => {
        const meta = JSON.parse(view.private_metadata) as ModalMeta;
        const source = await this.source(body.team?.id ?? "", meta.channelId, body.user.id, body.user.name);
        const options = readSubmission(view.state.values);
        const replies = await this.app.dispatcher.run({ source, command: meta.command, sub: meta.sub, options });
        const invalid = replies.find((r) => r.fieldErrors);
        if (
          invalid?.fieldErrors &&
          Object.keys(invalid.fieldErrors).every(
            (k) =>
              k in options ||
              Object.hasOwn(this.app.dispatcher.commands.get(meta.command)!.subcommands[meta.sub]!.options, k),
          )
        ) {
          await ack({ response_action: "errors", errors: invalid.fieldErrors });
          return;
        }
        await ack();
        // A modal has no response_url: private answers go to the person's DM with cadre.
        await this.answer(
          source,
          replies.map((r) =>
            r.to.kind === "private" && !source.isDM ? { ...r, to: { kind: "dm", userId: source.userId } } : r,
          ),
        );
      },
    );

    this.bolt.message(async ({ message: m, body }) => {
      // Only a person's own plain message (no subtype: not an edit, a join or a bot post) in a DM.
      if (m.subtype !== undefined || m.channel_type !== "im" || m.bot_id || !m.user || !m.text) return;
      const teamId = body.team_id ?? "";
      const source = await this.source(teamId, m.channel, m.user, m.user);
      const replies = await this.app.dispatcher.dm(source, m.text);
      await this.answer(source, replies);
    });

    this.bolt.event("app_home_opened", async ({ event, body, client }) => {
      const teamId = body.team_id ?? "";
      const ws = await this.workspace(teamId);
      await client.views.publish({
        user_id: event.user,
        view: (await homeView(this.app.deps.db, ws, event.user, this.app.deps.clock.now())) as never,
      });
    });
  }
}
