// The operators' HTTP endpoints on CADRE_HTTP_PORT: GET /healthz (database reachable, platforms
// running, scheduler lag; 503 when the database is not) and GET /metrics in Prometheus text
// (prom-client). Labels are command names, outcomes and delivery statuses only: never a user id
// or message text.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { App } from "../../app.js";
import { databaseReachable, DELIVERY_STATUSES, outboxStats } from "../../services/health.js";

/** The outbox may be this far behind before /healthz says so (the scheduler ticks every few seconds). */
const LAG_WARNING_SECONDS = 300;

export function metricsRegistry(app: App): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "cadre_" });
  const commands = new Counter({
    name: "cadre_commands_total",
    help: "Commands, button presses and DMs handled, by command tree and outcome",
    labelNames: ["command", "kind", "outcome"] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: "cadre_answer_seconds",
    help: "Time from a command arriving to its answer being ready",
    labelNames: ["kind"] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  app.dispatcher.onOutcome((o) => {
    commands.inc({ command: o.command, kind: o.kind, outcome: o.outcome });
    latency.observe({ kind: o.kind }, o.seconds);
  });
  // Read from the database once per scrape (every gauge below shares it), so every instance
  // reports the shared outbox; a database that does not answer reads as down.
  let scrape: { at: number; stats: Promise<Awaited<ReturnType<typeof outboxStats>> | undefined> } | undefined;
  const current = () => {
    if (!scrape || Date.now() - scrape.at > 1000)
      scrape = {
        at: Date.now(),
        stats: databaseReachable(app.deps.db).then((up) =>
          up ? outboxStats(app.deps.db, app.deps.clock.now()).catch(() => undefined) : undefined,
        ),
      };
    return scrape.stats;
  };
  new Gauge({
    name: "cadre_deliveries",
    help: "Outbox rows by status",
    labelNames: ["status"] as const,
    registers: [registry],
    async collect() {
      const stats = await current();
      for (const s of DELIVERY_STATUSES) this.set({ status: s }, stats?.byStatus[s] ?? 0);
    },
  });
  new Gauge({
    name: "cadre_outbox_lag_seconds",
    help: "How late the oldest due, unsent delivery is",
    registers: [registry],
    async collect() {
      this.set((await current())?.lagSeconds ?? 0);
    },
  });
  new Gauge({
    name: "cadre_deliveries_rate_limited",
    help: "Pending deliveries waiting out a platform rate limit (Retry-After, or held back to stay within it)",
    registers: [registry],
    async collect() {
      this.set((await current())?.rateLimited ?? 0);
    },
  });
  new Gauge({
    name: "cadre_database_up",
    help: "1 when the database answered the scrape",
    registers: [registry],
    async collect() {
      this.set((await current()) ? 1 : 0);
    },
  });
  return registry;
}

export async function health(app: App): Promise<{ ok: boolean; body: Record<string, unknown> }> {
  const database = await databaseReachable(app.deps.db);
  const outbox = database ? await outboxStats(app.deps.db, app.deps.clock.now()).catch(() => undefined) : undefined;
  const lag = outbox?.lagSeconds ?? 0;
  const platforms = Object.fromEntries(
    [...app.transports.keys()].sort().map((p) => [p, app.connections.get(p)?.() ?? "connected"]),
  );
  // A lost platform link is "degraded", not down: cadre reconnects by itself, and a probe
  // that restarted it meanwhile would only lose the deliveries in flight.
  const linkLost = Object.values(platforms).some((s) => s === "reconnecting");
  return {
    ok: database,
    body: {
      status: database ? (lag > LAG_WARNING_SECONDS || linkLost ? "degraded" : "ok") : "down",
      database: database ? "up" : "down",
      platforms,
      scheduler: outbox ? { due: outbox.due, lagSeconds: Math.round(lag) } : "unknown",
    },
  };
}

/** Listens on `port` (0: any free one); closed when the app stops. */
export async function startOpsServer(app: App, port: number): Promise<{ server: Server; port: number }> {
  const registry = metricsRegistry(app);
  const server = createServer((req, res) => {
    const path = (req.url ?? "").split("?")[0];
    if (req.method !== "GET" || (path !== "/healthz" && path !== "/metrics")) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found: GET /healthz or /metrics\n");
      return;
    }
    const answer =
      path === "/healthz"
        ? health(app).then((h) => {
            res.writeHead(h.ok ? 200 : 503, { "content-type": "application/json" }).end(JSON.stringify(h.body) + "\n");
          })
        : registry.metrics().then((text) => {
            res.writeHead(200, { "content-type": registry.contentType }).end(text);
          });
    answer.catch((e) => {
      app.deps.log.warn({ err: (e as Error).message, path }, "ops endpoint failed");
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, () => resolve());
  });
  app.onStop(() => new Promise<void>((resolve) => server.close(() => resolve())));
  app.deps.log.info({ port: (server.address() as AddressInfo).port }, "health and metrics listening");
  return { server, port: (server.address() as AddressInfo).port };
}
