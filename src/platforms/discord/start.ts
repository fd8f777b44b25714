// Starts cadre on Discord: registers the slash commands when the command files changed,
// logs in over the gateway when this instance holds the gateway lease (gateway-lease.ts),
// routes interactions and DMs to the kernel, and makes the Discord Transport available to
// the scheduler.
import { once } from "node:events";
import { Events, type Client } from "discord.js";
import type { App } from "../../app.js";
import { createDiscordClient } from "./client.js";
import { DiscordInteractions, type InteractionOptions } from "./interactions.js";
import { registerCommands } from "./register.js";
import { DiscordTransport } from "./transport.js";
import { watchGateway } from "./connection.js";
import { GatewayLease, gatewayLeaseName, type GatewayLeaseOptions } from "./gateway-lease.js";

export interface DiscordAdapter {
  client: Client;
  transport: DiscordTransport;
  interactions: DiscordInteractions;
  /** Which instance holds the gateway (several instances on one database connect one). */
  gateway: GatewayLease;
}

export interface DiscordStartOptions extends InteractionOptions {
  /** How long to wait for the gateway's READY and the servers that follow it. */
  readyTimeoutMs?: number;
  gatewayLease?: GatewayLeaseOptions;
}

export async function startDiscord(app: App, opts: DiscordStartOptions = {}): Promise<DiscordAdapter> {
  const { env } = app;
  const log = app.deps.log.child({ platform: "discord" });
  if (!env.DISCORD_TOKEN || !env.DISCORD_APPLICATION_ID)
    throw new Error("DISCORD_TOKEN and DISCORD_APPLICATION_ID are required for Discord");
  const client = createDiscordClient(env);
  client.rest.setToken(env.DISCORD_TOKEN);
  const transport = new DiscordTransport(client.rest, app.deps.db, log, client, app.dmChannels);
  const interactions = new DiscordInteractions(app, client, transport, opts);

  // Registration failing (a Discord outage, a rate limit) must not keep the bot offline:
  // the commands registered last time keep working, and the next start tries again.
  try {
    const r = await registerCommands(client.rest, env, app.dispatcher.list);
    if (r.changed) log.info({ scope: r.scope, commands: r.payload.length }, "discord commands registered");
  } catch (e) {
    log.error({ err: (e as Error)?.message }, "discord command registration failed; run npm run discord:register");
  }

  client.on(Events.InteractionCreate, (i) => void interactions.onInteraction(i));
  client.on(Events.MessageCreate, (m) => void interactions.onMessage(m));
  client.on(Events.Error, (e) => log.error({ err: e.message }, "discord client error"));
  const watch = watchGateway(client, log);

  const connect = async () => {
    const ready = once(client, Events.ClientReady, { signal: AbortSignal.timeout(opts.readyTimeoutMs ?? 60_000) });
    try {
      await client.login(env.DISCORD_TOKEN);
      await ready;
    } catch (e) {
      await disconnect();
      throw new Error(`could not connect to Discord: ${(e as Error)?.message}`);
    }
    log.info({ user: client.user?.tag, guilds: client.guilds.cache.size }, "discord connected");
  };
  // destroy() also forgets the token REST sends with; the transport keeps sending over REST.
  const disconnect = async () => {
    watch.leaving();
    await client.destroy();
    client.rest.setToken(env.DISCORD_TOKEN!);
  };
  const gateway = new GatewayLease(
    app.deps.db,
    gatewayLeaseName(env.DISCORD_APPLICATION_ID),
    connect,
    disconnect,
    log,
    opts.gatewayLease,
  );
  await gateway.start();

  app.transports.set("discord", transport);
  app.connections.set("discord", () => {
    if (gateway.waiting) return "standby";
    const s = watch.state();
    return s === "up" ? "connected" : s === "down" ? "reconnecting" : "connecting";
  });
  app.onStop(async () => {
    app.transports.delete("discord");
    await gateway.stop();
    watch.leaving();
    await client.destroy();
  });
  return { client, transport, interactions, gateway };
}
