// parse -> validate -> authorize -> run -> catch. Every failure a user can cause becomes a
// private reply with what was wrong and an example that works; anything else is logged
// with an id that the user is given. The dispatcher never throws.
import type { CommandDef, SubcommandDef } from "./command.js";
import { exampleLine } from "./command.js";
import type { CommandContext, Deps, MemberInfo, Platform, Source, WorkspaceInfo } from "./context.js";
import { UserError, isUnavailable } from "./errors.js";
import { commandHelp, helpFor, overview, subcommandHelp } from "./help.js";
import { asReplies, to, type Reply } from "./reply.js";
import { hasRole, whoCan, type Role } from "./roles.js";
import { shortId } from "./short-id.js";
import { assignOptions, MAX_COMMAND_TEXT, MAX_OPTION_COUNT, tokenize } from "./text-options.js";
import { decodeAction } from "./action-id.js";
import { closest } from "./suggest.js";
import { DEFAULT_RATE_LIMIT, RateLimiter, type RateLimit } from "./rate-limit.js";
import type { Transport } from "./deliver.js";
import { measureRoundTrips } from "./round-trips.js";

/** A record lookup that ignores inherited keys ("constructor", "__proto__" typed by a user). */
function own<T>(rec: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(rec, key) ? rec[key] : undefined;
}

export interface Invocation {
  source: Source;
  command: string;
  /** Everything typed after "/command" (text platforms). */
  text?: string;
  /** Or already split (Discord options, Slack modal submissions). */
  sub?: string;
  options?: Record<string, unknown>;
}

/** Field-level problems, so a form can show each message on its own input. */
export class ValidationError extends UserError {
  constructor(
    readonly fields: Record<string, string>,
    example: string,
  ) {
    const entries = Object.entries(fields);
    super(entries.map(([k, m]) => `\`${k}\`: ${m}`).join("\n"), example, entries[0]?.[0]);
    this.name = "ValidationError";
  }
}

export function errorReply(e: UserError): Reply {
  return {
    to: to.private,
    tone: "error",
    text: `⚠️ ${e.message}`,
    context: e.example ? `Example: \`${e.example}\`` : undefined,
    fieldErrors: e instanceof ValidationError ? e.fields : e.field ? { [e.field]: e.message } : undefined,
  };
}

/** How the kernel learns who is acting; the app wires in the database-backed lookup. */
export interface Actors {
  /**
   * The workspace and member behind a source, created on first contact; with `untracked`, the
   * member is only read (a stand-in with no roles when unknown) and nothing about them is written.
   */
  resolve(source: Source, opts?: { untracked?: boolean }): Promise<{ workspace: WorkspaceInfo; member: MemberInfo }>;
}

/**
 * A platform's rule for someone who lacks the role a subcommand needs (the console makes its
 * first person an admin): the member's roles to go on with, or undefined to refuse.
 */
export type MissingRolePolicy = (ctx: CommandContext, needed: Role) => Promise<Role[] | undefined>;

export interface DispatcherOptions {
  /** Commands, presses and DMs per person (default 20 per 10 s); false turns the limit off. */
  rateLimit?: RateLimit | false;
  /** The running platforms' transports, for ctx.canPost; a platform with none cannot say ("unknown"). */
  transports?: ReadonlyMap<Platform, Transport>;
}

/** How one command, press or DM ended, for metrics: the command's name only, never who or what. */
export interface Outcome {
  /** A defined command tree's name, "dm", or "unknown". */
  command: string;
  kind: "command" | "press" | "dm";
  outcome: "ok" | "user-error" | "unavailable" | "error";
  seconds: number;
}

export class Dispatcher {
  readonly commands: ReadonlyMap<string, CommandDef>;
  private readonly observers: ((o: Outcome) => void)[] = [];
  private readonly missingRole = new Map<Platform, MissingRolePolicy>();
  private readonly limiter?: RateLimiter;
  private readonly transports: ReadonlyMap<Platform, Transport>;

  constructor(
    readonly deps: Deps,
    commands: readonly CommandDef[],
    private readonly actors: Actors,
    opts: DispatcherOptions = {},
  ) {
    this.commands = new Map(commands.map((c) => [c.name, c]));
    if (opts.rateLimit !== false) this.limiter = new RateLimiter(opts.rateLimit ?? DEFAULT_RATE_LIMIT, deps.clock);
    this.transports = opts.transports ?? new Map();
  }

  /** Lets a platform's adapter decide what happens when someone lacks a subcommand's role. */
  onMissingRole(platform: Platform, policy: MissingRolePolicy): void {
    this.missingRole.set(platform, policy);
  }

  get list(): CommandDef[] {
    return [...this.commands.values()];
  }

  /** A command's subcommand by its exact names; undefined when either is unknown (never an inherited key). */
  subcommand(command: string, sub: string | undefined): SubcommandDef | undefined {
    const cmd = this.commands.get(command);
    return cmd && sub !== undefined && Object.hasOwn(cmd.subcommands, sub) ? cmd.subcommands[sub] : undefined;
  }

  /** Runs a slash command. */
  async run(inv: Invocation): Promise<Reply[]> {
    const what: Record<string, unknown> = { command: inv.command, sub: inv.sub };
    return this.guard(what, async () => {
      this.throttle(inv.source, `/${inv.command.replace(/^\//, "")} help`);
      const cmd = this.commands.get(inv.command.replace(/^\//, "").toLowerCase());
      if (!cmd)
        throw new UserError(
          `There is no /${inv.command} command. Commands: ${this.list.map((c) => "/" + c.name).join(", ")}.`,
          "/cadre help",
        );
      let subName = inv.sub;
      let raw: Record<string, unknown> = inv.options ?? {};
      if (inv.text !== undefined) {
        if (inv.text.length > MAX_COMMAND_TEXT)
          throw new UserError(
            `That command is ${inv.text.length.toLocaleString("en-US")} characters long; the limit ` +
              `is ${MAX_COMMAND_TEXT.toLocaleString("en-US")}. Put long text in a file or split it.`,
            `/${cmd.name} help`,
          );
        const tokens = tokenize(inv.text);
        const first = tokens[0];
        if (
          !first ||
          (first.name === undefined &&
            !first.quoted &&
            /^(help|\?)$/i.test(first.value) &&
            !own(cmd.subcommands, "help"))
        )
          return [commandHelp(cmd)];
        if (first.name !== undefined || first.quoted || !own(cmd.subcommands, first.value.toLowerCase())) {
          const typed = (first.name ? first.name + ":" : "") + first.value.slice(0, 30);
          const word = first.value.toLowerCase();
          const renamed =
            first.name === undefined
              ? Object.entries(cmd.subcommands).find(([, x]) => x.formerly?.includes(word))
              : undefined;
          if (renamed) {
            const [now, x] = renamed;
            const other = closest(
              word,
              Object.keys(cmd.subcommands).filter((n) => n !== now),
            );
            throw new UserError(
              `/${cmd.name} ${word} is now /${cmd.name} ${now} — ${x.description}` +
                (other ? ` Not that one? /${cmd.name} ${other} — ${cmd.subcommands[other]!.description}` : ""),
              exampleLine(cmd.name, now, x.examples[0] ?? ""),
            );
          }
          const near = first.name === undefined ? closest(first.value, Object.keys(cmd.subcommands)) : undefined;
          throw new UserError(
            `/${cmd.name} has no subcommand "${typed}"${near ? ` — did you mean \`${near}\`?` : "."} ` +
              `Try one of: ${Object.keys(cmd.subcommands).join(", ")}.`,
            exampleLine(
              cmd.name,
              near ?? Object.keys(cmd.subcommands)[0]!,
              own(cmd.subcommands, near ?? Object.keys(cmd.subcommands)[0]!)!.examples[0] ?? "",
            ),
          );
        }
        subName = first.value.toLowerCase();
        const rest = tokens.slice(1);
        const s = own(cmd.subcommands, subName)!;
        if (
          rest.length === 1 &&
          rest[0]!.name === undefined &&
          !rest[0]!.quoted &&
          /^(help|\?)$/i.test(rest[0]!.value) &&
          !Object.keys(s.options).includes("help")
        )
          return [subcommandHelp(cmd, subName, s)];
        raw = assignOptions(rest, s, exampleLine(cmd.name, subName, s.examples[0] ?? ""));
      }
      if (!subName) return [commandHelp(cmd)];
      const s = own(cmd.subcommands, subName);
      if (!s)
        throw new UserError(
          `/${cmd.name} has no subcommand "${subName}". Try one of: ${Object.keys(cmd.subcommands).join(", ")}.`,
          `/${cmd.name} help`,
        );
      const example = exampleLine(cmd.name, subName, s.examples[0] ?? "");
      if (Object.keys(raw).length > MAX_OPTION_COUNT)
        throw new UserError(`Too many options (${Object.keys(raw).length}).`, example);
      const ctx = await this.context(inv.source, `/${cmd.name} ${subName}`, s.untracked);
      await this.authorize(ctx, cmd, subName, s, example);
      const input = validateOptions(s, raw, example);
      Object.assign(what, { command: cmd.name, sub: subName });
      return asReplies(await s.run(ctx, input as never));
    });
  }

  /** Runs the action behind a pressed button. */
  async press(source: Source, actionId: string): Promise<Reply[]> {
    const d = decodeAction(actionId);
    return this.guard({ command: d?.command, action: d?.action }, async () => {
      // Pressing the same button on the same card again (a double click) is not charged.
      this.throttle(source, "/cadre help", `${source.origin?.messageId ?? source.channelId}:${actionId}`);
      const cmd = d && this.commands.get(d.command);
      const a = d && cmd?.actions ? own(cmd.actions, d.action) : undefined;
      if (!d || !cmd || !a)
        throw new UserError("That button is no longer valid. Run the command again for fresh buttons.", "/cadre help");
      const parsed = a.value.safeParse(d.value);
      if (!parsed.success)
        throw new UserError(
          "That button's data is not valid any more. Run the command again for fresh buttons.",
          `/${cmd.name} help`,
        );
      const ctx = await this.context(source, `/${cmd.name}`, a.untracked);
      return asReplies(await a.run(ctx, parsed.data));
    });
  }

  /** A plain message in a DM with the bot goes to the command that handles DMs. */
  async dm(source: Source, text: string): Promise<Reply[]> {
    return this.guard({ command: "dm" }, async () => {
      this.throttle(source, "/cadre help");
      if (text.length > MAX_COMMAND_TEXT)
        throw new UserError(
          `That message is ${text.length.toLocaleString("en-US")} characters; the limit is ${MAX_COMMAND_TEXT.toLocaleString("en-US")}.`,
          "45 min with J.R. today - classroom management",
        );
      const cmd = this.list.find((c) => c.dm);
      if (!cmd?.dm) return [overview(this.list)];
      const ctx = await this.context({ ...source, isDM: true }, `/${cmd.name}`);
      return asReplies(await cmd.dm.run(ctx, text));
    });
  }

  help(): Reply {
    return overview(this.list);
  }

  /** Refuses (privately, nothing run) a person who used up their commands for now. */
  private throttle(source: Source, example: string, press?: string): void {
    if (!this.limiter) return;
    const wait = this.limiter.take(
      `${source.platform}\u0000${source.externalWorkspaceId}\u0000${source.userId}`,
      press,
    );
    if (!wait) return;
    const { capacity, windowMs } = this.limiter.limit;
    throw new UserError(
      `You're going fast — cadre takes up to ${capacity} commands per ${Math.round(windowMs / 1000)} seconds ` +
        `from one person, so that one was not run. Try again in ${Math.max(1, Math.ceil(wait / 1000))} s.`,
      example,
    );
  }

  private async context(source: Source, invoked: string, untracked = false): Promise<CommandContext> {
    const { workspace, member } = await this.actors.resolve(source, { untracked });
    if (source.isPlatformAdmin && !member.roles.includes("admin")) member.roles = [...member.roles, "admin"];
    const ctx: CommandContext = {
      ...this.deps,
      source,
      workspace,
      member,
      invoked,
      help: (topic) => helpFor(this.list, topic),
      holdsRole: async (min) => {
        if (hasRole(ctx.member.roles, min)) return true;
        const roles = await this.missingRole.get(ctx.source.platform)?.(ctx, min);
        if (!roles || !hasRole(roles, min)) return false;
        ctx.member.roles = roles;
        return true;
      },
      canPost: async (channelId) =>
        (await this.transports.get(source.platform)?.canPost(workspace, source.userId, channelId)) ?? "unknown",
    };
    return ctx;
  }

  private async authorize(
    ctx: CommandContext,
    cmd: CommandDef,
    subName: string,
    s: SubcommandDef,
    example: string,
  ): Promise<void> {
    const where = s.where ?? ["channel", "dm"];
    if (ctx.source.isDM && !where.includes("dm"))
      throw new UserError(`/${cmd.name} ${subName} works in a channel, not in a DM.`, example);
    if (!ctx.source.isDM && !where.includes("channel"))
      throw new UserError(`/${cmd.name} ${subName} works in a DM with cadre.`, example);
    const min = s.minRole ?? "member";
    if (hasRole(ctx.member.roles, min)) return;
    const roles = await this.missingRole.get(ctx.source.platform)?.(ctx, min);
    if (roles && hasRole(roles, min)) {
      ctx.member.roles = roles;
      return;
    }
    throw new UserError(
      `Only ${whoCan(min)} can use /${cmd.name} ${subName}. Ask an admin to give you the role with /cadre role add.`,
      `/cadre role add user:@${ctx.member.userId} role:${min}`,
    );
  }

  /** Called after every command, press and DM with how it ended (metrics). */
  onOutcome(fn: (o: Outcome) => void): void {
    this.observers.push(fn);
  }

  /** Runs fn never throwing, and logs (debug) what it cost: time and database round trips. */
  private async guard(what: Record<string, unknown>, fn: () => Promise<Reply[]>): Promise<Reply[]> {
    const started = performance.now();
    const { value, roundTrips } = await measureRoundTrips(() => this.caught(what, fn));
    this.deps.log.debug({ ...what, ms: Math.round(performance.now() - started), roundTrips }, "command");
    return value;
  }

  /** Runs fn, turning every failure into a private answer, and tells observers how it ended. */
  private async caught(what: Record<string, unknown>, fn: () => Promise<Reply[]>): Promise<Reply[]> {
    const started = performance.now();
    const name = typeof what.command === "string" ? what.command.toLowerCase() : "";
    const command = name === "dm" || this.commands.has(name) ? name : "unknown";
    const kind: Outcome["kind"] = command === "dm" ? "dm" : "action" in what ? "press" : "command";
    let outcome: Outcome["outcome"] = "error";
    try {
      const replies = await fn();
      outcome = replies.some((r) => r.tone === "error") ? "user-error" : "ok";
      return replies;
    } catch (e) {
      if (e instanceof UserError) {
        outcome = "user-error";
        return [errorReply(e)];
      }
      if (isUnavailable(e)) {
        outcome = "unavailable";
        this.deps.log.warn({ ...what, err: describe(e) }, "database unavailable");
        return [
          {
            to: to.private,
            tone: "error",
            text: "⚠️ cadre's database is temporarily unavailable, so nothing was saved. Please try again in a minute.",
          },
        ];
      }
      const id = shortId(6);
      this.deps.log.error({ ...what, errorId: id, err: describe(e) }, "unexpected error");
      return [
        {
          to: to.private,
          tone: "error",
          text:
            `⚠️ Something went wrong on cadre's side (error id ${id}). Nothing was ` +
            `saved. Please try again; if it keeps happening, give this id to your admin.`,
        },
      ];
    } finally {
      const o: Outcome = { command, kind, outcome, seconds: (performance.now() - started) / 1000 };
      for (const fn of this.observers) fn(o);
    }
  }
}

/** An error for the log without content: Prisma messages can echo query arguments. */
function describe(e: unknown): Record<string, unknown> {
  const o = e as { name?: string; code?: string; message?: string; stack?: string };
  const prisma = typeof o?.name === "string" && o.name.startsWith("Prisma");
  return {
    name: o?.name,
    code: o?.code,
    message: prisma ? undefined : o?.message?.slice(0, 300),
    stack: o?.stack?.split("\n").slice(1, 8).join("\n"),
  };
}

/** Validates raw option values against a subcommand's option schemas; collects every problem. */
export function validateOptions(
  s: SubcommandDef,
  raw: Record<string, unknown>,
  example: string,
): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  const problems: Record<string, string> = {};
  for (const key of Object.keys(raw))
    if (!Object.hasOwn(s.options, key))
      problems[key] = `there is no option \`${key}\` (options: ${Object.keys(s.options).join(", ")})`;
  for (const [key, spec] of Object.entries(s.options)) {
    const v = raw[key];
    if (v === undefined || v === null || (typeof v === "string" && v.trim() === "")) {
      if (spec.required)
        problems[key] = `is required — ${spec.description.replace(/\.$/, "")}, e.g. ${key}:${spec.example}`;
      continue;
    }
    const r = spec.schema.safeParse(v);
    if (r.success) input[key] = r.data;
    else problems[key] = `${r.error.issues[0]?.message ?? "is not valid"} (e.g. ${key}:${spec.example})`;
  }
  if (Object.keys(problems).length) throw new ValidationError(problems, example);
  return input;
}
