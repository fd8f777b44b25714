// Assembles a running cadre: configuration -> database (migrated) -> keyring -> dispatcher.
// Platforms and the scheduler attach to the App; tests build Apps the same way.
import type pino from "pino";
import { commands as allCommands } from "../commands/index.js";
import type { Clock } from "./core/clock.js";
import { systemClock } from "./core/clock.js";
import type { CommandDef } from "./core/command.js";
import type { Deps, Platform } from "./core/context.js";
import type { DmChannelStore, MessageRefStore, Transport } from "./core/deliver.js";
import { Dispatcher } from "./core/dispatcher.js";
import type { RateLimit } from "./core/rate-limit.js";
import { Keyring } from "./core/keyring.js";
import { createLogger } from "./core/log.js";
import type { Env } from "./config/env.js";
import { loadKeyring } from "./config/keys.js";
import { openDatabase, type Database } from "./db/client.js";
import { migrate } from "./db/migrate.js";
import { keyIdsInUse } from "./services/encrypted-keys.js";
import { flushCheckpoint } from "./services/mentoring/shred.js";
import { messageRefStore } from "./services/message-refs.js";
import { dmChannelStore } from "./services/dm-channels.js";
import { actorLookup } from "./services/workspaces.js";
import { CardRenderers } from "./core/cards.js";
import { registerCards } from "./services/cards.js";
import { CardEditor } from "./scheduler/card-edits.js";

export interface App {
  env: Env;
  deps: Deps;
  database: Database;
  dispatcher: Dispatcher;
  /** Where tracked posts are, for deliver (database-backed). */
  messageRefs: MessageRefStore;
  /** DM conversations already opened, per member (database-backed). */
  dmChannels: DmChannelStore;
  /** One per running platform; the scheduler delivers through these. */
  transports: Map<Platform, Transport>;
  /** How each started platform's live connection is doing, as /healthz reports it. */
  connections: Map<Platform, () => ConnectionState>;
  /** Renderers of tracked cards by key prefix, registered by services. */
  cards: CardRenderers;
  /** Edits changed cards to their latest state (kicked by each change and by the scheduler's ticks). */
  cardEditor: CardEditor;
  /** Called in reverse order by stop(). */
  onStop(fn: () => Promise<void> | void): void;
  stop(): Promise<void>;
}

/**
 * A platform's live link: "connected" (events arrive), "reconnecting" (lost, retrying),
 * "standby" (another instance holds the link, as Discord's gateway lease allows one), or
 * "connecting" (not up yet).
 */
export type ConnectionState = "connected" | "reconnecting" | "standby" | "connecting";

export interface AppOptions {
  clock?: Clock;
  logDestination?: pino.DestinationStream;
  keyring?: Keyring;
  commands?: readonly CommandDef[];
  poolSize?: number;
  /** Commands per person (default 20 per 10 s); false turns the limit off. */
  rateLimit?: RateLimit | false;
}

export async function createApp(env: Env, opts: AppOptions = {}): Promise<App> {
  const log = createLogger(env.LOG_LEVEL, opts.logDestination);
  const applied = await migrate(env.DATABASE_URL);
  if (applied.length) log.info({ applied }, "database migrated");
  const database = await openDatabase(env.DATABASE_URL, { poolSize: opts.poolSize });
  let keys: Keyring;
  try {
    // A keyring given by the caller (tests, tools) is trusted; one from the environment must
    // read every stored ciphertext.
    keys = opts.keyring ?? loadKeyring(env, log, await keyIdsInUse(database.db));
  } catch (e) {
    await database.close();
    throw e;
  }
  const deps: Deps = {
    db: database.db,
    clock: opts.clock ?? systemClock,
    log,
    keys,
    defaultTimeZone: env.CADRE_TIMEZONE,
  };
  const transports = new Map<Platform, Transport>();
  const dispatcher = new Dispatcher(deps, opts.commands ?? allCommands, actorLookup(database.db, env.CADRE_TIMEZONE), {
    rateLimit: opts.rateLimit,
    transports,
  });
  const cards = new CardRenderers();
  registerCards(cards);
  const cardEditor = new CardEditor(deps, transports, cards);
  // Run in reverse: a pending checkpoint of confidential changes just before the database closes.
  const stops: (() => Promise<void> | void)[] = [
    () => database.close(),
    () => flushCheckpoint(database.db),
    () => cardEditor.stop(),
  ];
  let stopped = false;
  return {
    env,
    deps,
    database,
    dispatcher,
    messageRefs: {
      ...messageRefStore(database.db, { hasRenderer: (key) => !!cards.find(key), changed: () => cardEditor.kick() }),
      retryEdit: (transport, ws, at, reply, afterMs) => cardEditor.retryOrigin(transport, ws, at, reply, afterMs),
    },
    dmChannels: dmChannelStore(database.db),
    transports,
    connections: new Map(),
    cards,
    cardEditor,
    onStop: (fn) => void stops.push(fn),
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const fn of stops.reverse()) {
        try {
          await fn();
        } catch (e) {
          log.warn({ err: (e as Error).message }, "error while stopping");
        }
      }
    },
  };
}
