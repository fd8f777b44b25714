// The Slack adapter: a real Bolt app in Socket Mode (SLACK_APP_TOKEN) or over HTTP
// (SLACK_SIGNING_SECRET). SLACK_API_URL applies to every Web API call and to opening the
// Socket Mode connection. Every request is acknowledged first; the work answers after.
import type { LRUCache } from "lru-cache";
import { boundedCache } from "../../core/bounded-cache.js";
import { Agent as HttpAgent, request as httpRequest } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { createServer, type Server } from "node:http";
import {
  App as BoltApp,
  HTTPReceiver,
  LogLevel,
  SocketModeReceiver,
  defaultBodyLimit,
  webApi,
  type BlockAction,
  type Logger as BoltLogger,
  type ViewSubmitAction,
} from "@slack/bolt";
import type { Logger } from "../../core/log.js";
import { PlatformStartError } from "../start-error.js";
import { SocketLink, slackProblem, type ReconnectOptions } from "./connection.js";
import { SignedRequests } from "./signed-requests.js";
import { EventDeliveries } from "./event-deliveries.js";
import type { App } from "../../app.js";
import type { Source, WorkspaceInfo } from "../../core/context.js";
import { deliver } from "../../core/deliver.js";
import { takeForm, type Form, type Reply } from "../../core/reply.js";
import { ensureWorkspace, unavailableWorkspace } from "../../services/workspaces.js";
import { toBlocks } from "./blocks.js";
import { SlackTransport } from "./transport.js";
import {
  buildFormModal,
  buildModal,
  MODAL_CALLBACK,
  needsModal,
  openMeta,
  readSubmission,
  sealMeta,
  type ModalMeta,
} from "./modal.js";
import { homeView } from "./home.js";
import { tokenize } from "../../core/text-options.js";

export interface SlackOptions {
  botToken: string;
  appToken?: string;
  signingSecret?: string;
  apiUrl?: string;
  port?: number;
  /** Socket Mode reconnection backoff (tests shorten it). */
  reconnect?: ReconnectOptions;
}

/** Bolt's and Socket Mode's own logging, one level down: cadre logs connection state itself, once per change. */
function quietLogger(log: Logger): BoltLogger {
  let level = LogLevel.DEBUG;
  const line = (args: unknown[]) => args.map((a) => (a instanceof Error ? a.message : String(a))).join(" ");
  return {
    debug: (...a) => log.debug({ from: "bolt" }, line(a)),
    info: (...a) => log.debug({ from: "bolt" }, line(a)),
    warn: (...a) => log.debug({ from: "bolt" }, line(a)),
    error: (...a) => log.warn({ from: "bolt" }, line(a)),
    setLevel: (l) => (level = l),
    getLevel: () => level,
    setName: () => {},
  };
}

/** Who cadre is in Slack: auth.test for its bot token. */
interface Identity {
  teamId: string;
  botId: string;
  botUserId: string;
}

/** Slack Connect redelivers envelopes it thinks were lost; one handling per envelope id. */
const ENVELOPES_MAX = 50_000;
const ENVELOPE_TTL_MS = 60 * 60_000;

const PEOPLE_MAX = 20_000;
const PERSON_TTL_MS = 30 * 60_000;

interface Person {
  name: string;
  admin: boolean;
}

/** Slack names the problem with an unreachable API or a refused token in one line for an operator. */
function startProblem(e: unknown, apiUrl: string | undefined): PlatformStartError {
  const why = slackProblem(e);
  const api = apiUrl ?? "https://slack.com/api/";
  if (/^(invalid_auth|not_authed|account_inactive|token_revoked|token_expired|not_allowed_token_type)$/.test(why))
    return new PlatformStartError(
      `Slack refused the token (${why}): check SLACK_BOT_TOKEN and SLACK_APP_TOKEN in the app's settings at api.slack.com/apps.`,
    );
  return new PlatformStartError(
    `Slack could not be reached at ${api} (${why}). Check the network (and SLACK_API_URL if set), then start cadre again.`,
  );
}

/** The answer to a modal whose metadata cadre cannot vouch for: nothing is saved; open it again. */
function refusedModal(): Record<string, unknown> {
  return {
    type: "modal",
    title: { type: "plain_text", text: "Not saved" },
    close: { type: "plain_text", text: "Close" },
    blocks: [
      {
        type: "section",
        text: {
          type: "mrkdwn",
          text:
            "⚠️ cadre could not check this form (it was changed, or opened before cadre's keys were rotated), " +
            "so nothing was saved. Run the command again to get a fresh form, for example `/reminder add`.",
        },
      },
    ],
  };
}

export class SlackAdapter {
  readonly bolt: InstanceType<typeof BoltApp>;
  readonly transport: SlackTransport;
  /**
   * Display names and admin flags by user: bounded (a district's staff, not every user ever
   * seen) and re-read after PERSON_TTL_MS, so a Slack admin change reaches cadre without a restart.
   */
  private people: LRUCache<string, Promise<Person>>;
  /**
   * The last answer users.info gave for each person, kept past PERSON_TTL_MS: when Slack
   * throttles users.info during a burst (or cannot be reached), an admin stays an admin.
   */
  private lastKnown = boundedCache<string, Person>(PEOPLE_MAX);
  /** Workspaces found for answers, by team: Slack rendering reads only the id, which never changes. */
  private workspaces = new Map<string, Promise<WorkspaceInfo>>();
  private readonly agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };
  private readonly client: InstanceType<typeof webApi.WebClient>;
  private identityP?: Promise<Identity>;
  private ownTeam = "";
  private link?: SocketLink;
  private server?: Server;
  private readonly envelopes = boundedCache<string, true>(ENVELOPES_MAX, { ttl: ENVELOPE_TTL_MS });
  private readonly log: Logger;

  constructor(
    private readonly app: App,
    private readonly o: SlackOptions,
  ) {
    this.log = app.deps.log.child({ platform: "slack" });
    // Expiry runs on the app's clock (a test's clock can move past it).
    this.people = boundedCache(PEOPLE_MAX, {
      ttl: PERSON_TTL_MS,
      perf: { now: () => app.deps.clock.now().getTime() },
    });
    const clientOptions = {
      ...(o.apiUrl ? { slackApiUrl: o.apiUrl.endsWith("/") ? o.apiUrl : o.apiUrl + "/" } : {}),
      rejectRateLimitedCalls: true,
      retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 2000 },
    };
    const logger = quietLogger(this.log);
    const receiver = o.appToken
      ? new SocketModeReceiver({
          appToken: o.appToken,
          logger,
          // SocketLink reconnects: the library's own reconnect cannot survive a network error.
          autoReconnectEnabled: false,
          // One attempt per apps.connections.open: SocketLink's backoff does the retrying.
          installerOptions: { clientOptions: { ...clientOptions, retryConfig: { retries: 0 } } },
          customPropertiesExtractor: (args: { envelope_id?: string }) => ({ envelopeId: args.envelope_id }),
        })
      : new HTTPReceiver({ signingSecret: o.signingSecret!, logger });
    // The bot token's identity comes from auth.test at start(), not from Bolt's constructor,
    // which would call auth.test at once and leave a rejection nobody handles if Slack is down.
    this.bolt = new BoltApp({
      receiver,
      authorize: async () => ({ botToken: o.botToken, ...(await this.identity()) }),
      clientOptions,
      logger,
      logLevel: LogLevel.ERROR,
      // cadre keeps no per-conversation state in Bolt; the default store costs a thrown Error per event.
      convoStore: false,
    });
    this.client = new webApi.WebClient(o.botToken, { ...clientOptions, logger });
    this.transport = new SlackTransport(this.client, this.log, { clock: app.deps.clock, dmChannels: app.dmChannels });
    if (o.appToken) this.link = new SocketLink((receiver as SocketModeReceiver).client, this.log, o.reconnect);
    this.routes();
  }

  /** auth.test, asked once it succeeds; a failure is not remembered, so the next event asks again. */
  private identity(): Promise<Identity> {
    if (!this.identityP) {
      const p = this.client.auth.test().then((r) => {
        if (!r.team_id || !r.user_id) throw new Error("auth.test named no team or bot user");
        return { teamId: r.team_id, botId: r.bot_id ?? "", botUserId: r.user_id };
      });
      this.identityP = p;
      p.catch(() => this.identityP === p && (this.identityP = undefined));
    }
    return this.identityP;
  }

  async start(): Promise<void> {
    try {
      this.ownTeam = (await this.identity()).teamId;
    } catch (e) {
      throw startProblem(e, this.o.apiUrl);
    }
    this.app.transports.set("slack", this.transport);
    const link = this.link;
    // Over HTTP Slack reaches cadre when it sends an event: listening is being connected.
    this.app.connections.set("slack", () => (link ? link.state : "connected"));
    if (link) {
      await link.start().catch((e) => {
        throw startProblem(e, this.o.apiUrl);
      });
      return;
    }
    await this.listen(this.o.port ?? 3000);
  }

  /**
   * Slack over HTTP: SignedRequests refuses stale, future and replayed requests before Bolt sees them;
   * EventDeliveries answers a redelivered event (same event_id) without handling it again.
   */
  private listen(port: number): Promise<void> {
    const receiver = (this.bolt as unknown as { receiver: HTTPReceiver }).receiver;
    const guard = new SignedRequests(this.o.signingSecret!);
    const events = new EventDeliveries();
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on("data", (c: Buffer) => {
        size += c.length;
        if (size > defaultBodyLimit) req.destroy();
        else chunks.push(c);
      });
      req.on("end", () => {
        const body = Buffer.concat(chunks);
        const header = (n: string) => (typeof req.headers[n] === "string" ? (req.headers[n] as string) : undefined);
        const refused = guard.check(header("x-slack-request-timestamp"), header("x-slack-signature"), body);
        if (refused) {
          this.log.warn({ reason: refused }, "slack request refused");
          res.writeHead(401).end();
          return;
        }
        if (!events.first(header("content-type"), body)) {
          this.log.info(
            { retry: header("x-slack-retry-num"), reason: header("x-slack-retry-reason") },
            "slack event redelivered, already handled",
          );
          res.writeHead(200).end();
          return;
        }
        // Bolt reads a request whose body was already buffered from rawBody.
        Object.assign(req, { rawBody: body });
        receiver.requestListener(req, res);
      });
    });
    return new Promise((resolve, reject) => {
      this.server!.once("error", reject);
      this.server!.listen(port, () => resolve());
    });
  }

  async stop(): Promise<void> {
    await this.link?.stop().catch(() => {});
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
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
          // A Slack Connect guest is an admin of their own organization, not of this one: only
          // people of the team cadre is installed in get admin rights (missing team: none).
          admin: Boolean(r.user?.is_admin || r.user?.is_owner) && r.user?.team_id === this.ownTeam,
        }))
        .then((person) => (this.lastKnown.set(userId, person), person))
        .catch(() => {
          // Throttled or unreachable: answer with what Slack last said about this person
          // (someone never seen is answered once as a non-admin), and ask again next time
          // rather than remembering a guess.
          if (this.people.get(userId) === fetching) this.people.delete(userId);
          return this.lastKnown.get(userId) ?? { name: fallback, admin: false };
        });
      this.people.set(userId, (p = fetching));
    }
    return p;
  }

  /**
   * cadre holds one bot token, so it is installed in one team: every event acts in that
   * team's workspace, whatever team the payload names (a Slack Connect guest's own team is
   * never a workspace of cadre's).
   */
  private async source(
    channelId: string,
    userId: string,
    fallbackName: string,
    origin?: Source["origin"],
  ): Promise<Source> {
    const p = await this.person(userId, fallbackName);
    return {
      platform: "slack",
      externalWorkspaceId: this.ownTeam,
      channelId,
      isDM: channelId.startsWith("D"),
      userId,
      displayName: p.name,
      isPlatformAdmin: p.admin,
      origin,
    };
  }

  private workspace(): Promise<WorkspaceInfo> {
    return ensureWorkspace(this.app.deps.db, "slack", this.ownTeam, this.app.deps.defaultTimeZone);
  }

  /** The workspace an answer is delivered in (the dispatcher has just found or created it). */
  private answerWorkspace(teamId: string): Promise<WorkspaceInfo> {
    let w = this.workspaces.get(teamId);
    if (!w) {
      w = this.workspace();
      this.workspaces.set(teamId, w);
      w.catch(() => this.workspaces.delete(teamId));
    }
    return w;
  }

  /**
   * Posts to a response_url with a keep-alive connection. Bolt's respond() uses fetch, which
   * costs several times the CPU of a plain request: a visible share of a busy process. A kept
   * connection the server closed as it was reused fails before anything was answered, so the
   * post is sent again once, on a new connection, as Node's documentation advises.
   */
  private async postToResponseUrl(url: string, msg: Record<string, unknown>): Promise<void> {
    const body = JSON.stringify(msg);
    try {
      await this.postOnce(url, body, true);
    } catch (e) {
      const err = e as Error & { reusedSocket?: boolean; code?: string };
      if (!err.reusedSocket || err.code !== "ECONNRESET") throw e;
      await this.postOnce(url, body, false);
    }
  }

  private postOnce(url: string, body: string, pooled: boolean): Promise<void> {
    return new Promise((resolve, reject) => {
      const u = new URL(url);
      const secure = u.protocol === "https:";
      const req = (secure ? httpsRequest : httpRequest)(
        u,
        {
          method: "POST",
          agent: pooled ? (secure ? this.agents.https : this.agents.http) : false,
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
      req.on("error", (e) => reject(Object.assign(e, { reusedSocket: req.reusedSocket })));
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
    /** The pressed button is on an ephemeral message, which chat.update cannot edit. */
    ephemeralOrigin = false,
  ): Promise<void> {
    // The database is unreachable: render in a stand-in, so error answers still go out.
    const ws = await this.answerWorkspace(source.externalWorkspaceId).catch(() =>
      unavailableWorkspace("slack", source.externalWorkspaceId, this.app.deps.defaultTimeZone),
    );
    // An edit of an ephemeral message (a list's Next button) replaces it through response_url.
    const inPlace = (r: Reply) => ephemeralOrigin && respond && r.to.kind === "update" && r.to.ref === "origin";
    for (const r of replies.filter(inPlace)) {
      const { files: _files, ...rest } = r;
      await respond!({ response_type: "ephemeral", replace_original: true, ...toBlocks(rest) });
    }
    replies = replies.filter((r) => !inPlace(r));
    await deliver(this.app.messageRefs, this.transport, ws, replies, {
      source,
      respond: respond
        ? async (r) => {
            const { files, ...rest } = r;
            await respond({ response_type: "ephemeral", replace_original: false, ...toBlocks(rest) });
            if (files?.length) await this.transport.files(await this.transport.dmChannel(ws, source.userId), r);
          }
        : undefined,
    });
  }

  /** Opens a button's form as a modal; false when its command is unknown here. */
  private async openForm(triggerId: string, source: Source, form: Form): Promise<boolean> {
    const s = this.app.dispatcher.subcommand(form.command, form.sub);
    if (!s) return false;
    const meta: ModalMeta = {
      command: form.command,
      sub: form.sub,
      channelId: source.channelId,
      isDM: source.isDM,
      userId: source.userId,
      preset: form.preset,
    };
    const sealed = sealMeta(meta, (v) => this.app.deps.keys.hmac(v));
    await this.client.views.open({ trigger_id: triggerId, view: buildFormModal(s, form, sealed) as never });
    return true;
  }

  private routes(): void {
    // Socket Mode redelivers an envelope it thinks was lost: acknowledge it again, handle it once.
    this.bolt.use(async (args) => {
      const id = args.context.envelopeId;
      if (typeof id === "string") {
        if (this.envelopes.has(id)) {
          this.log.debug({ envelope: id }, "slack envelope redelivered; already handled");
          await (args as { ack?: () => Promise<void> }).ack?.();
          return;
        }
        this.envelopes.set(id, true);
      }
      await args.next();
    });
    const names = this.app.dispatcher.list.map((c) => c.name);
    this.bolt.command(new RegExp(`^/(${names.join("|")})$`), async ({ command, ack, respond, client }) => {
      await ack();
      const name = command.command.slice(1);
      const source = await this.source(command.channel_id, command.user_id, command.user_name);
      const cmd = this.app.dispatcher.commands.get(name)!;
      const tokens = tokenize(command.text ?? "");
      const subName = tokens.length === 1 && tokens[0]!.name === undefined ? tokens[0]!.value.toLowerCase() : undefined;
      const s = this.app.dispatcher.subcommand(name, subName);
      if (s && subName && needsModal(s)) {
        const meta: ModalMeta = {
          command: name,
          sub: subName,
          channelId: command.channel_id,
          isDM: source.isDM,
          userId: command.user_id,
        };
        const sealed = sealMeta(meta, (v) => this.app.deps.keys.hmac(v));
        await client.views.open({ trigger_id: command.trigger_id, view: buildModal(cmd, subName, s, sealed) as never });
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
        const container: { channel_id?: string; message_ts?: string; is_ephemeral?: boolean } = body.container;
        const channelId = body.channel?.id ?? container.channel_id ?? "";
        const ts = body.message?.ts ?? container.message_ts;
        const source = await this.source(
          channelId,
          body.user.id,
          body.user.name ?? body.user.username ?? body.user.id,
          ts ? { channelId, messageId: ts } : undefined,
        );
        let replies = await this.app.dispatcher.press(source, action.action_id);
        const { form, fallback, rest } = takeForm(replies);
        if (form && fallback) {
          // A form opens on the pressed button's trigger_id (valid 3 s, once); if Slack refuses
          // it (too late), the reply says what to type instead.
          const opened = await this.openForm(body.trigger_id, source, form).catch((e: unknown) => {
            this.log.warn({ err: slackProblem(e) }, "slack form could not open; answered with the command instead");
            return false;
          });
          replies = opened ? rest : [...rest, fallback];
        }
        await this.answer(
          source,
          replies,
          this.respondVia(body.response_url, respond),
          container.is_ephemeral === true,
        );
      },
    );

    this.bolt.view<ViewSubmitAction>(
      { type: "view_submission", callback_id: MODAL_CALLBACK },
      async ({ ack, body, view }) => {
        const meta = openMeta(view.private_metadata, (v) => this.app.deps.keys.hmac(v));
        const def = meta && this.app.dispatcher.commands.get(meta.command);
        if (!meta || meta.userId !== body.user.id || !def || !Object.hasOwn(def.subcommands, meta.sub)) {
          this.log.warn({ user: body.user.id }, "slack modal with metadata cadre did not sign refused");
          await ack({ response_action: "update", view: refusedModal() as never });
          return;
        }
        const source = await this.source(meta.channelId, body.user.id, body.user.name);
        const options = { ...meta.preset, ...readSubmission(view.state.values) };
        const replies = await this.app.dispatcher.run({ source, command: meta.command, sub: meta.sub, options });
        const invalid = replies.find((r) => r.fieldErrors);
        if (
          invalid?.fieldErrors &&
          Object.keys(invalid.fieldErrors).every(
            // A form's preset options have no field to show an error on.
            (k) =>
              !(meta.preset && k in meta.preset) &&
              (k in options || Object.hasOwn(def.subcommands[meta.sub]!.options, k)),
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
      const source = await this.source(m.channel, m.user, m.user);
      const replies = await this.app.dispatcher.dm(source, m.text);
      await this.answer(source, replies);
    });

    this.bolt.event("app_home_opened", async ({ event, client }) => {
      const ws = await this.workspace();
      await client.views.publish({
        user_id: event.user,
        view: (await homeView(this.app.deps.db, ws, event.user, this.app.deps.clock.now())) as never,
      });
    });
  }
}
