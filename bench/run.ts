// npm run bench — every benchmark beside its baseline measured in the same run, printed as a
// Markdown table. Pass names to run a subset: npm run bench -- startup
import { table, type Row } from "./lib.js";
import { startupBench } from "./startup.js";
import { schedulerBench } from "./scheduler.js";

const benches: Record<string, () => Promise<Row | Row[]>> = {
  startup: () => startupBench(),
  queries: async () => (await import("./queries.js")).queriesBench(),
  slack: async () => (await import("./slack-latency.js")).slackLatencyBench(),
  "slack-socket": async () => (await import("./slack-socket-latency.js")).slackSocketLatencyBench(),
  discord: async () => (await import("./discord-latency.js")).discordLatencyBench(),
  scheduler: () => schedulerBench(),
  mentor: async () => (await import("./mentor-report.js")).mentorReportBench(),
  program: async () => (await import("./program-reports.js")).programReportsBench(),
  memory: async () => (await import("./memory.js")).memoryBench(),
  fanout: async () => (await import("./fanout.js")).fanoutBench(),
  cards: async () => (await import("./card-burst.js")).cardBurstBench(),
  "follow-ups": async () => (await import("./follow-ups.js")).followUpsBench(),
  series: async () => (await import("./series.js")).seriesBench(),
};

const wanted = process.argv.slice(2);
const rows: Row[] = [];
for (const [name, run] of Object.entries(benches)) {
  if (wanted.length && !wanted.includes(name)) continue;
  process.stderr.write(`running ${name}...\n`);
  try {
    const r = await run();
    rows.push(...(Array.isArray(r) ? r : [r]));
  } catch (e) {
    rows.push({
      benchmark: name,
      figure: "failed: " + String((e as Error).message).slice(0, 120),
      baseline: "",
      ratio: "",
      target: "",
      met: false,
    });
  }
}
console.log(table(rows));
console.log(`\nMachine: ${(await import("node:os")).cpus().length} cores, Node ${process.version}.`);
