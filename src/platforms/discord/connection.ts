// The Discord gateway's ups and downs, logged once per change. discord.js reconnects by
// itself (a refused connection is retried every half second, a dropped one resumed), but it
// reports each failed attempt: during an outage that would be a warning twice a second.
import { Events, type Client } from "discord.js";
import type { Logger } from "../../core/log.js";

export type GatewayState = "connecting" | "up" | "down";

/**
 * Starts logging; call `leaving` before cadre itself disconnects, so that is not an outage.
 * `state` is the gateway's as last reported.
 */
export function watchGateway(client: Client, log: Logger): { leaving: () => void; state: () => GatewayState } {
  let state: GatewayState = "connecting";
  let since = 0;
  const lost = (why: Record<string, unknown>) => {
    if (state === "up") {
      state = "down";
      since = Date.now();
      log.warn(why, "discord gateway connection lost; discord.js is reconnecting");
    } else log.debug(why, "discord gateway still unreachable");
  };
  const back = () => {
    if (state === "down") log.info({ downForS: Math.round((Date.now() - since) / 1000) }, "discord reconnected");
    state = "up";
  };
  client.on(Events.ShardError, (e, shard) => lost({ shard, err: e.message }));
  client.on(Events.ShardReconnecting, (shard) => lost({ shard }));
  client.on(Events.ShardReady, back);
  client.on(Events.ShardResume, back);
  // A close Discord will not recover from (bad token, intents): discord.js stops; say so loudly.
  client.on(Events.ShardDisconnect, (ev, shard) => {
    state = "down";
    log.error({ code: ev.code, shard }, "discord gateway closed for good; restart cadre once the cause is fixed");
  });
  return { leaving: () => void (state = "connecting"), state: () => state };
}
