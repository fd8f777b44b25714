// A loopback fake of Slack for the real Bolt app: the Web API (recording every call and
// answering the methods cadre uses), response_url endpoints, file uploads, and a Socket Mode
// WebSocket that sends hello and envelopes and collects acks. Slack's rate tiers are enforced
// (rate-tiers.ts); faults (429, 5xx) on demand.
// Optionally seeded with a directory of users (seedUsers) that users.list pages through, and
// Slack Connect guests from another organization (addExternalUser). goDown() closes the
// listening socket, so connections are refused as when Slack is unreachable; comeBack() reopens it.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";
import { RateTiers } from "./rate-tiers.js";
import { FakeChannelMembers } from "./channel-members.js";
import { callRejection, messageRejection, type Rejection } from "./block-kit.js";

export interface Call {
  method: string;
  args: Record<string, any>;
  result?: Record<string, any>;
  /** Answered 429 by the rate tiers. */
  limited?: boolean;
}

function parseBody(req: IncomingMessage, raw: string): Record<string, any> {
  const type = req.headers["content-type"] ?? "";
  if (type.includes("application/json")) return raw ? JSON.parse(raw) : {};
  const out: Record<string, any> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    out[k] = /^[[{]/.test(v)
      ? (() => {
          try {
            return JSON.parse(v);
          } catch {
            return v;
          }
        })()
      : v;
  }
  return out;
}

export interface FakeSlackUser {
  id: string;
  name: string;
  real_name: string;
  is_admin: boolean;
  /** The person's own organization: "T1" (this workspace) unless a Slack Connect guest. */
  team_id: string;
  profile: { display_name: string };
}

/** The file an upload URL received: raw bytes, or the file part of a form (as the Slack SDK posts it). */
async function fileOf(contentType: string | undefined, body: Buffer): Promise<Buffer> {
  if (contentType?.startsWith("multipart/form-data")) {
    const form = await new Request("http://x/", {
      method: "POST",
      headers: { "content-type": contentType },
      body: new Uint8Array(body),
    }).formData();
    for (const v of form.values()) if (typeof v !== "string") return Buffer.from(await v.arrayBuffer());
    const text = [...form.values()][0];
    return Buffer.from(typeof text === "string" ? text : "", "utf8");
  }
  if (contentType?.startsWith("application/x-www-form-urlencoded"))
    return Buffer.from([...new URLSearchParams(body.toString("utf8")).values()][0] ?? "", "utf8");
  return body;
}

export class FakeSlack {
  readonly calls: Call[] = [];
  readonly responses: { path: string; body: Record<string, any>; rejected?: Rejection }[] = [];
  /** Calls and response_url posts refused for breaking Block Kit's limits (block-kit.ts). */
  readonly rejected: { method: string; rejection: Rejection }[] = [];
  /** Uploaded file bodies: as text, and as the bytes themselves (a PDF is not UTF-8). */
  readonly uploads: { id: string; body: string; bytes: Buffer }[] = [];
  /** Files shared by files.completeUploadExternal, by channel (a DM is its D… channel): which file reached whom. */
  private readonly announcedLength = new Map<string, number>();
  readonly filesIn = new Map<string, { id: string; title: string; body: string; bytes: Buffer }[]>();
  readonly acks: { envelope_id: string; payload?: any }[] = [];
  /**
   * The next this-many response_url posts that arrive on a kept-alive connection are met by
   * closing it unanswered: what a client sees when a server closes an idle connection (Slack's
   * do after a while, Node's after 5 s) just as the client reuses it.
   */
  resetReusedResponses = 0;
  /** response_url posts dropped so by resetReusedResponses. */
  resetResponses = 0;
  private readonly requestsOn = new WeakMap<object, number>();
  /** Optional: called as each response_url post arrives (benchmarks timestamp answers with it). */
  onResponse?: (path: string, body: Record<string, any>) => void;
  private server!: Server;
  private wss!: WebSocketServer;
  private sockets = new Set<WebSocket>();
  private ts = 1_700_000_000;
  private fileSeq = 0;
  private faults: { method: string; status: number; retryAfter?: number }[] = [];
  private readonly refusals = new Map<string, string>();
  /** Messages someone deleted ("channel:ts"): chat.update on them answers message_not_found. */
  private readonly deleted = new Set<string>();
  /** Acks by envelope id, resolved as they arrive (a poll over `acks` grows slow with thousands in flight). */
  private ackWaiters = new Map<string, (a: { envelope_id: string; payload?: any }) => void>();
  /** The seeded workspace directory, in users.list order. Empty unless seedUsers was called. */
  readonly users = new Map<string, FakeSlackUser>();
  /** Each message's latest content by "channel:ts" (posted, then replaced by chat.update). */
  readonly messages = new Map<string, { text?: string; blocks?: any[] }>();
  private nextSocket = 0;
  /** Slack's documented rate tiers, enforced on every Web API call (429 + Retry-After). */
  readonly tiers = new RateTiers();
  /** Who is in which channel (conversations.members); channels no test set up have everyone. */
  readonly channelMembers = new FakeChannelMembers(() => this.users.keys());
  /** response_urls and trigger_ids this fake issued: when, and how often used. */
  private readonly issued = new Map<string, { at: number; uses: number }>();
  private slashes = 0;
  /** The response_url and trigger_id of the last slash command sent. */
  lastSlash?: { responseUrl: string; triggerId: string };
  port = 0;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const onSocket = (this.requestsOn.get(req.socket) ?? 0) + 1;
      this.requestsOn.set(req.socket, onSocket);
      if (onSocket > 1 && this.resetReusedResponses > 0 && req.url?.startsWith("/respond/")) {
        this.resetReusedResponses--;
        this.resetResponses++;
        req.socket.destroy();
        return;
      }
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const bytes = Buffer.concat(chunks);
        const raw = bytes.toString("utf8");
        const url = req.url ?? "/";
        if (url.startsWith("/upload/")) {
          void fileOf(req.headers["content-type"], bytes).then((file) => {
            this.uploads.push({ id: url.slice(8), body: file.toString("utf8"), bytes: file });
            res.writeHead(200).end("OK");
          });
          return;
        }
        if (url.startsWith("/respond/")) {
          const spent = this.responseUrlSpent(url);
          if (spent) {
            res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ ok: false, error: spent }));
            return;
          }
          const body = parseBody(req, raw);
          const rejected = messageRejection(body);
          this.responses.push({ path: url, body, ...(rejected ? { rejected } : {}) });
          if (rejected) {
            this.rejected.push({ method: "response_url", rejection: rejected });
            res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ ok: false, ...rejected }));
            return;
          }
          this.onResponse?.(url, body);
          res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
          return;
        }
        const method = url.replace(/^\/api\//, "").split("?")[0]!;
        const args = parseBody(req, raw);
        const call: Call = { method, args };
        this.calls.push(call);
        const fault = this.faults.findIndex((f) => f.method === method || f.method === "*");
        if (fault >= 0) {
          const f = this.faults.splice(fault, 1)[0]!;
          res
            .writeHead(f.status, {
              "content-type": "application/json",
              ...(f.retryAfter !== undefined ? { "retry-after": String(f.retryAfter) } : {}),
            })
            .end('{"ok":false,"error":"ratelimited"}');
          return;
        }
        const retryAfter = this.tiers.take(method, args);
        if (retryAfter !== undefined) {
          call.limited = true;
          res
            .writeHead(429, { "content-type": "application/json", "retry-after": String(retryAfter) })
            .end('{"ok":false,"error":"ratelimited"}');
          return;
        }
        const rejected = callRejection(method, args);
        if (rejected) this.rejected.push({ method, rejection: rejected });
        call.result = rejected
          ? { ok: false, error: rejected.error, detail: rejected.detail }
          : this.answer(method, args);
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(call.result));
      });
    });
    this.wss = new WebSocketServer({ noServer: true });
    this.server.on("upgrade", (req, socket, head) =>
      this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit("connection", ws, req)),
    );
    this.wss.on("connection", (ws) => {
      this.sockets.add(ws);
      ws.on("close", () => this.sockets.delete(ws));
      ws.on("message", (m) => {
        const msg = JSON.parse(String(m));
        if (msg.envelope_id) {
          this.acks.push(msg);
          this.ackWaiters.get(msg.envelope_id)?.(msg);
        }
      });
      ws.send(
        JSON.stringify({
          type: "hello",
          num_connections: 1,
          debug_info: { host: "fake", approximate_connection_time: 18060 },
          connection_info: { app_id: "A1" },
        }),
      );
    });
    await new Promise<void>((r) => this.server.listen(0, "127.0.0.1", r));
    this.port = (this.server.address() as AddressInfo).port;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  get connected(): boolean {
    return this.sockets.size > 0;
  }

  /** The next call to `method` ("*" for any) answers with this HTTP status. */
  fail(method: string, status: number, retryAfter?: number): void {
    this.faults.push({ method, status, retryAfter });
  }

  /** chat.postMessage to `channel` answers `{ ok: false, error }` (e.g. not_in_channel) until refused again with undefined. */
  refuse(channel: string, error: string | undefined): void {
    if (error) this.refusals.set(channel, error);
    else this.refusals.delete(channel);
  }

  /** Someone deletes the message: later chat.update calls on it answer message_not_found. */
  deleteMessage(channel: string, ts: string): void {
    this.deleted.add(`${channel}:${ts}`);
  }

  /** Adds `n` people to the workspace directory (ids U00000001…), answered by users.list and users.info. */
  seedUsers(n: number): FakeSlackUser[] {
    const added: FakeSlackUser[] = [];
    for (let i = this.users.size + 1, end = this.users.size + n; i <= end; i++) {
      const id = `U${String(i).padStart(8, "0")}`;
      const u = {
        id,
        name: `teacher${i}`,
        real_name: `Teacher ${i}`,
        is_admin: false,
        team_id: "T1",
        profile: { display_name: `teacher-${i}` },
      };
      this.users.set(id, u);
      added.push(u);
    }
    return added;
  }

  /** A person of another organization in a shared channel (Slack Connect), admin there if `admin`. */
  addExternalUser(id: string, teamId: string, admin: boolean): FakeSlackUser {
    const u = {
      id,
      name: id.toLowerCase(),
      real_name: `Guest ${id}`,
      is_admin: admin,
      team_id: teamId,
      profile: { display_name: `guest-${id.toLowerCase()}` },
    };
    this.users.set(id, u);
    return u;
  }

  /** Slack becomes unreachable: sockets close and new connections are refused at the TCP level. */
  async goDown(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  /** Slack answers again, on the same port. */
  async comeBack(): Promise<void> {
    await new Promise<void>((r) => this.server.listen(this.port, "127.0.0.1", r));
  }

  /**
   * Slack: a response_url takes 5 posts within 30 minutes; then "used_url" / "expired_url".
   * Only urls this fake issued are counted (a test may hand-build others).
   */
  private responseUrlSpent(path: string): string | undefined {
    const u = this.issued.get(path);
    if (!u) return undefined;
    if (this.tiers.now() - u.at > 30 * 60_000) return "expired_url";
    return ++u.uses > 5 ? "used_url" : undefined;
  }

  /** Slack: a trigger_id opens one modal, within 3 seconds of the interaction. */
  private triggerRefusal(trigger: unknown): string | undefined {
    const t = typeof trigger === "string" ? this.issued.get(`trigger:${trigger}`) : undefined;
    if (!t) return undefined;
    if (t.uses++ > 0) return "exchanged_trigger_id";
    return this.tiers.now() - t.at > 3_000 ? "expired_trigger_id" : undefined;
  }

  callsTo(method: string): Call[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Records a message's content as it now is, and answers with its ts. */
  private keep(channel: string, ts: string, a: Record<string, any>, answer: Record<string, any>): Record<string, any> {
    this.messages.set(`${channel}:${ts}`, { text: a.text, blocks: a.blocks });
    return { ...answer, ts };
  }

  private answer(method: string, a: Record<string, any>): Record<string, any> {
    const ts = () => `${++this.ts}.000100`;
    switch (method) {
      case "auth.test":
        return {
          ok: true,
          url: "https://fake.slack/",
          team: "Fake District",
          user: "cadre",
          team_id: "T1",
          user_id: "UBOT",
          bot_id: "BBOT",
        };
      case "apps.connections.open":
        return { ok: true, url: `ws://127.0.0.1:${this.port}/socket` };
      case "chat.postMessage":
        if (this.refusals.has(a.channel)) return { ok: false, error: this.refusals.get(a.channel) };
        return this.keep(a.channel, ts(), a, { ok: true, channel: a.channel, message: { text: a.text } });
      case "chat.postEphemeral":
        return { ok: true, message_ts: ts() };
      case "chat.update":
        if (this.deleted.has(`${a.channel}:${a.ts}`)) return { ok: false, error: "message_not_found" };
        return this.keep(a.channel, a.ts, a, { ok: true, channel: a.channel });
      case "conversations.open":
        return { ok: true, channel: { id: `D${String(a.users).replace(/^U/, "")}` } };
      case "users.list": {
        if (!this.users.size) return { ok: true };
        const all = [...this.users.values()];
        const from = Number(a.cursor || 0);
        const limit = Math.min(Number(a.limit) || 200, 1000);
        const next = from + limit < all.length ? String(from + limit) : "";
        return { ok: true, members: all.slice(from, from + limit), response_metadata: { next_cursor: next } };
      }
      case "users.info":
        if (this.users.has(a.user)) return { ok: true, user: this.users.get(a.user) };
        return {
          ok: true,
          user: {
            id: a.user,
            name: String(a.user).toLowerCase(),
            real_name: `Person ${a.user}`,
            is_admin: a.user === "UADMIN",
            team_id: "T1",
            profile: { display_name: `person-${String(a.user).toLowerCase()}` },
          },
        };
      case "conversations.members":
        return this.channelMembers.answer(a);
      case "views.open": {
        const refused = this.triggerRefusal(a.trigger_id);
        if (refused) return { ok: false, error: refused };
        return { ok: true, view: { id: "V1" } };
      }
      case "views.publish":
        return { ok: true, view: { id: "V1" } };
      case "files.getUploadURLExternal": {
        const id = `F${++this.fileSeq}`; // unique even when uploads run at once
        this.announcedLength.set(id, Number(a.length));
        return { ok: true, upload_url: `http://127.0.0.1:${this.port}/upload/${id}`, file_id: id };
      }
      case "files.completeUploadExternal": {
        // As Slack: only files whose bytes were uploaded can be completed.
        const files: { id: string; title: string }[] = a.files ?? [];
        const bodies = files.map((f) => this.uploads.find((u) => u.id === f.id));
        if (!files.length || bodies.some((b) => b === undefined)) return { ok: false, error: "file_not_found" };
        // The upload must carry the byte length announced in files.getUploadURLExternal.
        if (bodies.some((b) => this.announcedLength.get(b!.id) !== b!.bytes.length))
          return { ok: false, error: "invalid_file_length" };
        if (a.channel_id) {
          const shared = this.filesIn.get(a.channel_id) ?? [];
          files.forEach((f, i) =>
            shared.push({ id: f.id, title: f.title, body: bodies[i]!.body, bytes: bodies[i]!.bytes }),
          );
          this.filesIn.set(a.channel_id, shared);
        }
        return { ok: true, files: files.map((f) => ({ id: f.id, title: f.title })) };
      }
      default:
        return { ok: true };
    }
  }

  /** Sends a Socket Mode envelope and resolves with Bolt's ack. */
  async envelope(
    type: "slash_commands" | "interactive" | "events_api",
    payload: Record<string, any>,
    /** Sends an envelope id again, as Slack does when it redelivers. */
    envelope_id = `e${Math.random().toString(36).slice(2)}`,
  ): Promise<{ envelope_id: string; payload?: any }> {
    const acked = new Promise<{ envelope_id: string; payload?: any } | undefined>((resolve) => {
      const timer = setTimeout(() => resolve(undefined), 2000);
      this.ackWaiters.set(envelope_id, (a) => (clearTimeout(timer), resolve(a)));
    });
    this.channelMembers.saw(payload);
    // Slack sends each envelope over one of the app's open connections, spreading them.
    const sockets = [...this.sockets];
    sockets[this.nextSocket++ % Math.max(1, sockets.length)]?.send(
      JSON.stringify({ envelope_id, type, payload, accepts_response_payload: type !== "events_api" }),
    );
    const a = await acked;
    this.ackWaiters.delete(envelope_id);
    if (a) return a;
    throw new Error(`no ack for ${type}`);
  }

  slash(
    command: string,
    text: string,
    user = "U1",
    channel = "C1",
    team = "T1",
    envelopeId?: string,
  ): Promise<unknown> {
    // Unique per command, as Slack's are (a burst of commands must not share one response_url).
    const n = `${this.responses.length + this.calls.length}-${++this.slashes}`;
    this.issued.set(`/respond/${n}`, { at: this.tiers.now(), uses: 0 });
    this.issued.set(`trigger:trig${n}`, { at: this.tiers.now(), uses: 0 });
    this.lastSlash = { responseUrl: `http://127.0.0.1:${this.port}/respond/${n}`, triggerId: `trig${n}` };
    return this.envelope(
      "slash_commands",
      {
        token: "t",
        team_id: team,
        team_domain: "fake",
        channel_id: channel,
        channel_name: "general",
        user_id: user,
        user_name: user.toLowerCase(),
        command,
        text,
        api_app_id: "A1",
        response_url: `http://127.0.0.1:${this.port}/respond/${n}`,
        trigger_id: `trig${n}`,
      },
      envelopeId,
    );
  }

  /**
   * A person presses a button on a message (in a DM: channel D…), as Slack sends it: a
   * block_actions envelope with a fresh response_url and a trigger_id that opens one modal
   * within 3 seconds.
   */
  press(
    user: string,
    channel: string,
    message: { ts: string },
    button: { action_id: string; value?: string },
  ): Promise<unknown> {
    const n = `b${this.responses.length + this.calls.length}-${++this.slashes}`;
    this.issued.set(`/respond/${n}`, { at: this.tiers.now(), uses: 0 });
    this.issued.set(`trigger:trig${n}`, { at: this.tiers.now(), uses: 0 });
    return this.envelope("interactive", {
      type: "block_actions",
      team: { id: "T1" },
      user: { id: user, username: user.toLowerCase(), name: user.toLowerCase() },
      api_app_id: "A1",
      token: "t",
      channel: { id: channel },
      container: { type: "message", channel_id: channel, message_ts: message.ts },
      message: { ts: message.ts, text: "" },
      response_url: `http://127.0.0.1:${this.port}/respond/${n}`,
      trigger_id: `trig${n}`,
      actions: [{ type: "button", block_id: "b", action_ts: "1", ...button }],
    });
  }

  async stop(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    this.wss.close();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

/** Waits until `check` returns a value (the adapter answers after acking). */
export async function eventually<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  ms = 5000,
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > until) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 10));
  }
}
