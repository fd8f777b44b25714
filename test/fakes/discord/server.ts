// A loopback fake of Discord for the real discord.js client: REST under /api/v10 that records
// every call, and a gateway WebSocket (HELLO, IDENTIFY -> READY, GUILD_CREATE, heartbeat ACKs)
// through which tests dispatch INTERACTION_CREATE and MESSAGE_CREATE. It can answer 429 with
// retry_after or 5xx on demand, for resilience tests, and enforces Discord's documented rate
// limits (rate-limits.ts). The first guild can be seeded with
// members (seedMembers): GUILD_CREATE then reports their count, and GET .../members/:id answers.
// Permissions are modelled as Discord computes them: @everyone's base permissions (Discord's
// defaults), roles (addRole, giveRole) and per-channel overwrites (overwrite), as discord.js
// reads them from GUILD_CREATE and GET /channels/:id.
import { EventEmitter } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";
import { formBodyError, messageOf, modalError } from "./validate.js";
import { DiscordRateLimits } from "./rate-limits.js";

/** Discord's interaction deadlines: the initial response within 3 s, follow-ups with the token for 15 min. */
const INTERACTION_ACK_MS = 3_000;
const INTERACTION_TOKEN_MS = 15 * 60_000;

export interface RecordedFile {
  field: string;
  filename: string;
  contentType: string;
  text: string;
  /** The bytes themselves (a PDF is not UTF-8). */
  bytes: Buffer;
}

export interface RecordedCall {
  method: string;
  /** Path after /api/v10, e.g. "/channels/123/messages". */
  path: string;
  query: Record<string, string>;
  /** The JSON body, or payload_json of a multipart body. */
  json: any;
  files: RecordedFile[];
  status: number;
  multipart: boolean;
}

export interface FakeUser {
  id: string;
  username: string;
  global_name?: string | null;
  bot?: boolean;
}

export interface FakeMessage {
  id: string;
  channel_id: string;
  author: FakeUser & { discriminator: string; avatar: null };
  content: string;
  embeds: any[];
  components: any[];
  attachments: { id: string; filename: string; size: number; url: string; proxy_url: string; content_type: string }[];
  flags: number;
  timestamp: string;
  edited_timestamp: string | null;
  type: number;
  tts: boolean;
  mention_everyone: boolean;
  mentions: unknown[];
  mention_roles: unknown[];
  pinned: boolean;
  interaction_id?: string;
}

export interface Failure {
  status: number;
  /** Seconds, for 429. */
  retryAfter?: number;
  /** Discord's JSON error code and message (e.g. 50001 "Missing Access"). */
  code?: number;
  message?: string;
  /** Which requests fail; `json` is the request's body, to pick one post among others. */
  match?: (method: string, path: string, json?: unknown) => boolean;
}

/** Who acts and where; `ageMs`: Discord made the interaction that long before dispatching it. */
export interface InteractionAt {
  user: FakeUser;
  permissions?: string;
  channelId?: string;
  dm?: boolean;
  ageMs?: number;
}

export interface SentInteraction {
  id: string;
  token: string;
}

let snowflakeSeq = 0n;
const DISCORD_EPOCH = 1420070400000n;
/** Discord-shaped ids (numeric strings) that increase, so order is visible. */
export const snowflake = (): string => String(((BigInt(Date.UTC(2026, 0, 1)) - DISCORD_EPOCH) << 22n) + ++snowflakeSeq);
/** An id made at `ms` (Unix time), as Discord's ids carry their creation time. */
const snowflakeAt = (ms: number): string =>
  String(((BigInt(Math.floor(ms)) - DISCORD_EPOCH) << 22n) + (++snowflakeSeq & 0x3fffffn));

const APP_ID = "100000000000000001";

/** Discord's count for its 4,000-character cap on a command: names, descriptions, choices (written out apart from cadre's). */
function commandCharacters(c: any): number {
  const walk = (o: any): number =>
    o.name.length +
    (o.description ?? "").length +
    (o.choices ?? []).reduce((n: number, ch: any) => n + ch.name.length + String(ch.value).length, 0) +
    (o.options ?? []).reduce((n: number, x: any) => n + walk(x), 0);
  return walk(c);
}

export class FakeDiscord extends EventEmitter {
  readonly calls: RecordedCall[] = [];
  readonly applicationId = APP_ID;
  readonly botUser: FakeUser = { id: APP_ID, username: "cadre", global_name: null, bot: true };
  readonly guildId = "200000000000000001";
  readonly channelId = "300000000000000001";
  /** Every message cadre has in a channel (posts, interaction responses, follow-ups), by id. */
  /** Each message's latest content by id (created, then replaced by edits). */
  readonly messages = new Map<string, FakeMessage>();
  /** Discord's documented limits, enforced on every REST call (429 + retry_after). */
  readonly limits = new DiscordRateLimits();
  /** Registered commands: "global" or the guild id -> the body of the last PUT. */
  readonly commands = new Map<string, any[]>();
  readonly identifies: any[] = [];
  /** Users whose privacy settings refuse DMs from the bot (Discord answers 50007). */
  readonly closedDms = new Set<string>();
  heartbeats = 0;
  heartbeatInterval = 41_250;
  /** Guilds announced in READY and GUILD_CREATE. */
  guilds: {
    id: string;
    name: string;
    channels: { id: string; name: string; type: number; permission_overwrites?: FakeOverwrite[] }[];
  }[] = [
    {
      id: this.guildId,
      name: "Lincoln Network",
      channels: [
        { id: this.channelId, name: "general", type: 0 },
        { id: "300000000000000002", name: "scoring", type: 0 },
      ],
    },
  ];
  /** Seeded members of the first guild, by user id. Empty unless seedMembers was called. */
  readonly members = new Map<string, FakeUser>();
  /** People who used cadre in the first guild: members too (GET .../members/:id answers for them). */
  private readonly seen = new Map<string, FakeUser>();
  /** @everyone's permissions in the first guild: Discord's defaults for a new server. */
  everyonePermissions = DEFAULT_EVERYONE;
  /** Roles of the first guild besides @everyone. */
  readonly roles: { id: string; name: string; permissions: string }[] = [];
  /** Role ids of members of the first guild. */
  private readonly memberRoles = new Map<string, string[]>();
  private failures: Failure[] = [];
  private server?: Server;
  private wss?: WebSocketServer;
  private sockets = new Set<WebSocket>();
  private seq = 0;
  private dmChannels = new Map<string, string>(); // user id -> channel id
  private interactions = new Map<
    string,
    {
      id: string;
      token: string;
      messageId?: string;
      channelId: string;
      originalId?: string;
      acked?: boolean;
      at: number;
      /** The interaction's type: 2 command, 3 component, 4 autocomplete, 5 modal submit. */
      type?: number;
    }
  >(); // by token
  /** The clock interaction deadlines run on (a test with a fake clock gives it the app's). */
  now: () => number = Date.now;

  port = 0;

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.wss = new WebSocketServer({ noServer: true });
    this.server.on("upgrade", (req, socket, head) => {
      if (!req.url?.startsWith("/gateway")) return socket.destroy();
      this.wss!.handleUpgrade(req, socket, head, (ws) => this.gateway(ws));
    });
    await new Promise<void>((r) => this.server!.listen(0, "127.0.0.1", r));
    this.port = (this.server!.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.terminate();
    this.wss?.close();
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  /** Discord becomes unreachable: gateway sockets drop and new connections (gateway and REST) are refused. */
  async goDown(): Promise<void> {
    for (const s of this.sockets) s.terminate();
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  /** Discord answers again, on the same port. */
  async comeBack(): Promise<void> {
    await new Promise<void>((r) => this.server!.listen(this.port, "127.0.0.1", r));
  }

  clearFailures(): void {
    this.failures = [];
  }

  /** The next matching requests get this status instead of their answer (once each). */
  failNext(f: Failure, times = 1): void {
    for (let i = 0; i < times; i++) this.failures.push(f);
  }

  /**
   * Adds `n` people to the first guild (ids 500000000000000001…). Like Discord for a bot without
   * the privileged GUILD_MEMBERS intent, GUILD_CREATE carries their count but not the members
   * themselves: a bot learns each one from their interactions (or GET .../members/:id).
   */
  seedMembers(n: number): FakeUser[] {
    const added: FakeUser[] = [];
    for (let i = this.members.size + 1, end = this.members.size + n; i <= end; i++) {
      const u = { id: String(500000000000000000n + BigInt(i)), username: `teacher${i}`, global_name: `Teacher ${i}` };
      this.members.set(u.id, u);
      added.push(u);
    }
    return added;
  }

  /** A role in the first guild with these permissions (a bit field as a decimal string). */
  addRole(name: string, permissions = "0"): string {
    const id = snowflake();
    this.roles.push({ id, name, permissions });
    return id;
  }

  giveRole(userId: string, roleId: string): void {
    this.memberRoles.set(userId, [...(this.memberRoles.get(userId) ?? []), roleId]);
  }

  /**
   * A permission overwrite on a channel of the first guild, for a role (the guild id is
   * @everyone) or a member; set before the bot connects, or followed by CHANNEL_UPDATE here.
   */
  overwrite(channelId: string, o: FakeOverwrite): void {
    const ch = this.guilds[0]!.channels.find((c) => c.id === channelId);
    if (!ch) throw new Error(`no channel ${channelId}`);
    ch.permission_overwrites = [...(ch.permission_overwrites ?? []).filter((x) => x.id !== o.id), o];
    this.dispatch("CHANNEL_UPDATE", { ...ch, guild_id: this.guildId, position: 0 });
  }

  // ---- gateway

  private gateway(ws: WebSocket): void {
    this.sockets.add(ws);
    ws.on("close", () => this.sockets.delete(ws));
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: this.heartbeatInterval }, s: null, t: null }));
    ws.on("message", (raw) => {
      const p = JSON.parse(String(raw)) as { op: number; d: any };
      if (p.op === 1) {
        this.heartbeats++;
        ws.send(JSON.stringify({ op: 11, d: null, s: null, t: null }));
        this.emit("heartbeat");
      } else if (p.op === 2) {
        this.identifies.push(p.d);
        (ws as WebSocket & { identified?: boolean }).identified = true;
        this.send(ws, "READY", {
          v: 10,
          user: { ...this.botUser, discriminator: "0000", avatar: null, verified: true, flags: 0 },
          guilds: this.guilds.map((g) => ({ id: g.id, unavailable: true })),
          session_id: "fake-session",
          resume_gateway_url: `ws://127.0.0.1:${this.port}/gateway`,
          shard: [0, 1],
          application: { id: this.applicationId, flags: 0 },
        });
        for (const g of this.guilds) this.send(ws, "GUILD_CREATE", this.guildPayload(g));
      }
    });
  }

  private guildPayload(g: FakeDiscord["guilds"][number]) {
    return {
      id: g.id,
      name: g.name,
      icon: null,
      owner_id: "400000000000000009",
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      features: [],
      mfa_level: 0,
      system_channel_flags: 0,
      premium_tier: 0,
      preferred_locale: "en-US",
      nsfw_level: 0,
      unavailable: false,
      ...(g.id === this.guildId && this.members.size
        ? { member_count: this.members.size, large: this.members.size > 250 }
        : { member_count: 3, large: false }),
      joined_at: "2026-01-01T00:00:00.000Z",
      roles: [
        {
          id: g.id,
          name: "@everyone",
          permissions: g.id === this.guildId ? this.everyonePermissions : "0",
          position: 0,
          color: 0,
          hoist: false,
          managed: false,
          mentionable: false,
          flags: 0,
        },
        ...(g.id === this.guildId ? this.roles : []).map((r, i) => ({
          ...r,
          position: i + 1,
          color: 0,
          hoist: false,
          managed: false,
          mentionable: false,
          flags: 0,
        })),
      ],
      channels: g.channels.map((c, i) => ({
        ...c,
        guild_id: g.id,
        position: i,
        permission_overwrites: c.permission_overwrites ?? [],
      })),
      members: [],
      voice_states: [],
      presences: [],
      threads: [],
      stage_instances: [],
      guild_scheduled_events: [],
      emojis: [],
      stickers: [],
    };
  }

  private send(ws: WebSocket, t: string, d: unknown): void {
    ws.send(JSON.stringify({ op: 0, t, s: ++this.seq, d }));
  }

  /** Sends a dispatch to every identified gateway connection. */
  dispatch(t: string, d: unknown): void {
    for (const ws of this.sockets) if ((ws as WebSocket & { identified?: boolean }).identified) this.send(ws, t, d);
  }

  // ---- what tests dispatch

  member(user: FakeUser, permissions = "0") {
    return {
      user: userPayload(user),
      roles: this.memberRoles.get(user.id) ?? [],
      permissions,
      joined_at: "2026-01-01T00:00:00.000Z",
      nick: null,
      deaf: false,
      mute: false,
      flags: 0,
    };
  }

  private interactionBase(type: number, at: InteractionAt, data: unknown) {
    // Made when the person acted; `ageMs` earlier for one delivered late (a gateway replay).
    const made = this.now() - (at.ageMs ?? 0);
    const id = snowflakeAt(made);
    const token = `tok-${id}`;
    const channelId = at.dm ? this.dmChannelFor(at.user.id) : (at.channelId ?? this.channelId);
    this.interactions.set(token, { id, token, channelId, at: made, type });
    if (!at.dm) this.seen.set(at.user.id, at.user);
    const where = at.dm
      ? { user: userPayload(at.user), channel: { id: channelId, type: 1 }, context: 1 }
      : {
          guild_id: this.guildId,
          member: this.member(at.user, at.permissions),
          channel: { id: channelId, type: 0, guild_id: this.guildId, name: "general" },
          context: 0,
          guild_locale: "en-US",
        };
    return {
      payload: {
        id,
        application_id: this.applicationId,
        type,
        token,
        version: 1,
        channel_id: channelId,
        data,
        app_permissions: "2248473465835073",
        locale: "en-US",
        entitlements: [],
        authorizing_integration_owners: { "0": this.guildId },
        ...where,
      },
      sent: { id, token },
    };
  }

  /** A slash command: `/command sub option:value…` with typed option values. */
  chatInput(
    at: InteractionAt,
    command: string,
    sub: string,
    options: Record<string, string | number | boolean> = {},
    type = 2,
    focused?: string,
  ): SentInteraction {
    const opts = Object.entries(options).map(([name, value]) => ({
      name,
      value,
      type: typeof value === "boolean" ? 5 : typeof value === "number" ? (Number.isInteger(value) ? 4 : 10) : 3,
      ...(focused === name ? { focused: true } : {}),
    }));
    const data = { id: snowflake(), name: command, type: 1, options: [{ type: 1, name: sub, options: opts }] };
    const { payload, sent } = this.interactionBase(type, at, data);
    this.dispatch("INTERACTION_CREATE", payload);
    return sent;
  }

  /** Autocomplete while typing `focused`. */
  autocomplete(
    at: { user: FakeUser; channelId?: string },
    command: string,
    sub: string,
    options: Record<string, string | number | boolean>,
    focused: string,
  ): SentInteraction {
    return this.chatInput(at, command, sub, options, 4, focused);
  }

  /** Presses a button on a message cadre posted. */
  press(
    at: { user: FakeUser; permissions?: string; dm?: boolean },
    message: FakeMessage,
    customId: string,
  ): SentInteraction {
    const { payload, sent } = this.interactionBase(
      3,
      { ...at, channelId: message.channel_id },
      { custom_id: customId, component_type: 2 },
    );
    Object.assign(payload, { message, channel_id: message.channel_id });
    (payload.channel as { id: string }).id = message.channel_id;
    this.interactions.get(sent.token)!.messageId = message.id;
    this.dispatch("INTERACTION_CREATE", payload);
    return sent;
  }

  /** Submits a modal cadre showed. */
  submitModal(
    at: { user: FakeUser; permissions?: string; channelId?: string },
    customId: string,
    fields: Record<string, string>,
  ): SentInteraction {
    const data = {
      custom_id: customId,
      components: Object.entries(fields).map(([k, v]) => ({
        type: 1,
        components: [{ type: 4, custom_id: k, value: v }],
      })),
    };
    const { payload, sent } = this.interactionBase(5, at, data);
    this.dispatch("INTERACTION_CREATE", payload);
    return sent;
  }

  dmChannelFor(userId: string): string {
    let ch = this.dmChannels.get(userId);
    if (!ch) this.dmChannels.set(userId, (ch = snowflake()));
    return ch;
  }

  /** A user writes to the bot in a DM. */
  dm(user: FakeUser, content: string): { channelId: string; messageId: string } {
    const channelId = this.dmChannelFor(user.id);
    const id = snowflake();
    this.dispatch("MESSAGE_CREATE", {
      id,
      channel_id: channelId,
      channel_type: 1,
      author: userPayload(user),
      content,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: [],
      pinned: false,
      type: 0,
      flags: 0,
      components: [],
    });
    return { channelId, messageId: id };
  }

  // ---- queries for assertions

  /** Resolves with the first recorded call (from `from` on) that matches. */
  waitForCall(
    pred: (c: RecordedCall) => boolean,
    opts: { from?: number; timeoutMs?: number } = {},
  ): Promise<RecordedCall> {
    const found = this.calls.slice(opts.from ?? 0).find(pred);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.off("call", on);
        reject(
          new Error(
            `no matching Discord call; calls so far:\n${this.calls.map((c) => `${c.method} ${c.path}`).join("\n")}`,
          ),
        );
      }, opts.timeoutMs ?? 5000);
      const on = (c: RecordedCall) => {
        if (!pred(c)) return;
        clearTimeout(timer);
        this.off("call", on);
        resolve(c);
      };
      this.on("call", on);
    });
  }

  /** Calls answering one interaction: its callback and webhook (edit, follow-up) calls. */
  callsFor(i: SentInteraction): RecordedCall[] {
    return this.calls.filter((c) => c.path.startsWith(`/interactions/${i.id}/`) || c.path.includes(`/${i.token}`));
  }

  callback(i: SentInteraction, opts: { timeoutMs?: number } = {}): Promise<RecordedCall> {
    return this.waitForCall((c) => c.path === `/interactions/${i.id}/${i.token}/callback`, opts);
  }

  /**
   * The interaction's first real answer as sent: the callback's message (a reply or a button's
   * message update), or the edit of its placeholder when it was deferred.
   */
  async firstAnswer(i: SentInteraction, opts: { timeoutMs?: number } = {}): Promise<Record<string, any>> {
    const cb = await this.callback(i, opts);
    if (cb.json?.type !== 5 && cb.json?.type !== 6) return cb.json?.data ?? {};
    const edit = await this.waitForCall(
      (c) => c.method === "PATCH" && c.path === `/webhooks/${this.applicationId}/${i.token}/messages/@original`,
      opts,
    );
    return edit.json;
  }

  dmChannelOf(userId: string): string | undefined {
    return this.dmChannels.get(userId);
  }

  // ---- REST

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", `http://127.0.0.1:${this.port}`);
    const body = await new Promise<Buffer>((r) => {
      const parts: Buffer[] = [];
      req.on("data", (d: Buffer) => parts.push(d));
      req.on("end", () => r(Buffer.concat(parts)));
    });
    const method = req.method ?? "GET";
    const path = decodeURIComponent(url.pathname).replace(/^\/api\/v10/, "");
    const ctype = String(req.headers["content-type"] ?? "");
    const call: RecordedCall = {
      method,
      path,
      query: Object.fromEntries(url.searchParams),
      json: undefined,
      files: [],
      status: 200,
      multipart: ctype.startsWith("multipart/"),
    };
    if (call.multipart) {
      const form = await new Request("http://x/", {
        method: "POST",
        headers: { "content-type": ctype },
        body: new Uint8Array(body),
      }).formData();
      for (const [field, v] of form.entries()) {
        if (field === "payload_json") call.json = JSON.parse(String(v));
        else if (typeof v !== "string") {
          const bytes = Buffer.from(await v.arrayBuffer());
          call.files.push({ field, filename: v.name, contentType: v.type, text: bytes.toString("utf8"), bytes });
        }
      }
    } else if (body.length) {
      call.json = JSON.parse(body.toString("utf8"));
    }
    const reply = (status: number, payload?: unknown, headers: Record<string, string> = {}) => {
      call.status = status;
      this.calls.push(call);
      res.writeHead(status, payload === undefined ? headers : { "content-type": "application/json", ...headers });
      res.end(payload === undefined ? undefined : JSON.stringify(payload));
      this.emit("call", call);
    };
    if (!url.pathname.startsWith("/api/v10/")) return reply(404, { message: "404: Not Found", code: 0 });
    const fi = this.failures.findIndex((f) => !f.match || f.match(method, path, call.json));
    if (fi >= 0) {
      const f = this.failures.splice(fi, 1)[0]!;
      if (f.status === 429) {
        const secs = f.retryAfter ?? 0.05;
        return reply(
          429,
          { message: "You are being rate limited.", retry_after: secs, global: false },
          { "retry-after": String(secs), "x-ratelimit-scope": "user" },
        );
      }
      return reply(f.status, { message: f.message ?? "Server error", code: f.code ?? 0 });
    }
    const limit = this.limits.take(method, path);
    if (limit.status) return reply(limit.status, limit.body, limit.headers);
    try {
      const [status, payload] = this.route(method, path, call);
      reply(status, payload, limit.headers);
    } catch (e) {
      reply(500, { message: (e as Error).message, code: 0 });
    }
  }

  private route(method: string, path: string, call: RecordedCall): [number, unknown] {
    let m: RegExpExecArray | null;
    const body = call.json ?? {};
    const invalid = formBodyError(messageOf(method, path, body));
    if (invalid) return [400, invalid];
    if (method === "GET" && (path === "/gateway/bot" || path === "/gateway"))
      return [
        200,
        {
          url: `ws://127.0.0.1:${this.port}/gateway`,
          shards: 1,
          session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
        },
      ];
    if (method === "GET" && path === "/users/@me")
      return [200, { ...userPayload(this.botUser), verified: true, flags: 0 }];
    if ((m = /^\/applications\/(\d+)\/(?:guilds\/(\d+)\/)?commands$/.exec(path))) {
      const key = m[2] ?? "global";
      if (method === "PUT") {
        const big = (body as any[]).find((c) => commandCharacters(c) > 4000);
        if (big)
          return [
            400,
            { code: 50035, message: "Invalid Form Body", errors: { [big.name]: "over 4000 characters in all" } },
          ];
        this.commands.set(key, body);
        return [
          200,
          (body as any[]).map((c) => ({ ...c, id: snowflake(), application_id: m![1], version: snowflake() })),
        ];
      }
      if (method === "GET") return [200, this.commands.get(key) ?? []];
    }
    if ((m = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(path)) && method === "POST") {
      const it = this.interactions.get(m[2]!);
      // Discord: the first answer must come within 3 seconds, or the interaction is gone.
      if (!it || it.id !== m[1] || this.now() - it.at > INTERACTION_ACK_MS)
        return [404, { message: "Unknown interaction", code: 10062 }];
      // Like Discord: an interaction is answered once; a second answer (say, from a second
      // instance on the same gateway events) is refused.
      if (it.acked) return [400, { message: "Interaction has already been acknowledged.", code: 40060 }];
      if (body.type === 9) {
        const wrong = modalError(it.type ?? 0, body.data);
        if (wrong) return [400, wrong];
      }
      it.acked = true;
      const data = body.data ?? {};
      let message: FakeMessage | undefined;
      if (body.type === 4 || body.type === 5) {
        message = this.store(it.channelId, data, call, { interaction_id: it.id });
        it.originalId = message.id;
      } else if (body.type === 7 && it.messageId) {
        message = this.edit(it.messageId, data, call);
      } else if (body.type === 6) {
        it.originalId = it.messageId;
      }
      if (call.query.with_response === "true")
        return [
          200,
          {
            interaction: {
              id: it.id,
              type: 2,
              activity_instance_id: null,
              response_message_id: message?.id,
              response_message_loading: body.type === 5,
              response_message_ephemeral: Boolean((data.flags ?? 0) & 64),
            },
            resource: { type: body.type, message },
          },
        ];
      return [204, undefined];
    }
    if ((m = /^\/webhooks\/(\d+)\/([^/]+)(?:\/messages\/([^/]+))?$/.exec(path))) {
      const it = this.interactions.get(m[2]!);
      if (!it) return [404, { message: "Unknown Webhook", code: 10015 }];
      // An interaction token serves follow-ups for 15 minutes.
      if (this.now() - it.at > INTERACTION_TOKEN_MS) return [401, { message: "Invalid Webhook Token", code: 50027 }];
      const target = m[3] === "@original" ? (it.originalId ?? it.messageId) : m[3];
      if (method === "POST" && !m[3]) return [200, this.store(it.channelId, body, call, { interaction_id: it.id })];
      if (method === "PATCH" && target && this.messages.has(target)) return [200, this.edit(target, body, call)];
      if (method === "DELETE" && target && this.messages.delete(target)) return [204, undefined];
      if (method === "GET" && target && this.messages.has(target)) return [200, this.messages.get(target)];
      return [404, { message: "Unknown Message", code: 10008 }];
    }
    if (method === "POST" && path === "/users/@me/channels") {
      const userId = String(body.recipient_id);
      return [
        200,
        {
          id: this.dmChannelFor(userId),
          type: 1,
          recipients: [userPayload({ id: userId, username: `user${userId.slice(-4)}` })],
          last_message_id: null,
        },
      ];
    }
    if ((m = /^\/channels\/(\d+)\/messages$/.exec(path)) && method === "POST") {
      const closed = [...this.closedDms].some((u) => this.dmChannels.get(u) === m![1]);
      if (closed) return [403, { message: "Cannot send messages to this user", code: 50007 }];
      return [200, this.store(m[1]!, body, call)];
    }
    if ((m = /^\/channels\/(\d+)\/messages\/(\d+)$/.exec(path))) {
      const msg = this.messages.get(m[2]!);
      if (!msg || msg.channel_id !== m[1]) return [404, { message: "Unknown Message", code: 10008 }];
      if (method === "PATCH") return [200, this.edit(m[2]!, body, call)];
      if (method === "GET") return [200, msg];
      if (method === "DELETE") {
        this.messages.delete(m[2]!);
        return [204, undefined];
      }
    }
    if ((m = /^\/guilds\/(\d+)\/members\/(\d+)$/.exec(path)) && method === "GET") {
      const u = m[1] === this.guildId ? (this.members.get(m[2]!) ?? this.seen.get(m[2]!)) : undefined;
      return u ? [200, this.member(u)] : [404, { message: "Unknown Member", code: 10007 }];
    }
    if ((m = /^\/channels\/(\d+)$/.exec(path)) && method === "GET") {
      const ch = this.guilds
        .flatMap((g) =>
          g.channels.map((c) => ({ ...c, guild_id: g.id, permission_overwrites: c.permission_overwrites ?? [] })),
        )
        .find((c) => c.id === m![1]);
      return ch ? [200, ch] : [404, { message: "Unknown Channel", code: 10003 }];
    }
    return [404, { message: `fake Discord has no route ${method} ${path}`, code: 0 }];
  }

  private attachmentsOf(call: RecordedCall) {
    return call.files.map((f) => ({
      id: snowflake(),
      filename: f.filename,
      size: Buffer.byteLength(f.text),
      url: `https://cdn.example/${f.filename}`,
      proxy_url: `https://cdn.example/${f.filename}`,
      content_type: f.contentType,
    }));
  }

  private store(channelId: string, body: any, call: RecordedCall, extra: Partial<FakeMessage> = {}): FakeMessage {
    const msg: FakeMessage = {
      id: snowflake(),
      channel_id: channelId,
      author: { ...userPayload(this.botUser), bot: true },
      content: body.content ?? "",
      embeds: body.embeds ?? [],
      components: body.components ?? [],
      attachments: this.attachmentsOf(call),
      flags: body.flags ?? 0,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      type: 0,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      pinned: false,
      ...extra,
    };
    this.messages.set(msg.id, msg);
    return msg;
  }

  private edit(id: string, body: any, call: RecordedCall): FakeMessage {
    const msg = this.messages.get(id)!;
    if (body.content !== undefined) msg.content = body.content;
    if (body.embeds !== undefined) msg.embeds = body.embeds;
    if (body.components !== undefined) msg.components = body.components;
    if (body.attachments !== undefined || call.files.length)
      msg.attachments = [
        ...(body.attachments
          ? msg.attachments.filter((a) => body.attachments.some((b: { id: string }) => b.id === a.id))
          : msg.attachments),
        ...this.attachmentsOf(call),
      ];
    msg.edited_timestamp = new Date().toISOString();
    return msg;
  }
}

/** A channel permission overwrite: type 0 for a role (the guild id is @everyone), 1 for a member. */
export interface FakeOverwrite {
  id: string;
  type: 0 | 1;
  allow: string;
  deny: string;
}

/** View Channel, Send Messages, Read Message History and Use Application Commands, among Discord's @everyone defaults. */
export const DEFAULT_EVERYONE = String((1n << 10n) | (1n << 11n) | (1n << 16n) | (1n << 31n));

export function userPayload(u: FakeUser) {
  return {
    id: u.id,
    username: u.username,
    global_name: u.global_name ?? null,
    discriminator: "0",
    avatar: null,
    ...(u.bot ? { bot: true } : {}),
  };
}

/** Every custom_id of the buttons on a message. */
export function buttonIds(msg: { components?: any[] }): string[] {
  return (msg.components ?? [])
    .flatMap((row) => (row.components ?? []).map((b: { custom_id?: string }) => b.custom_id))
    .filter(Boolean);
}
