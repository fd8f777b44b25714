// Prints how many database tests passed on each provider, so a run's output shows that the
// suites ran on both SQLite and PostgreSQL (test names carry "[sqlite]" / "[postgresql]").
import type { Reporter, TestModule } from "vitest/node";

export default class ProviderReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const passed = { sqlite: 0, postgresql: 0 };
    for (const m of modules)
      for (const t of m.children.allTests()) {
        if (t.result().state !== "passed") continue;
        if (t.fullName.includes("[sqlite]")) passed.sqlite++;
        if (t.fullName.includes("[postgresql]")) passed.postgresql++;
      }
    process.stdout.write(
      `\nDatabase tests passed: ${passed.sqlite} on SQLite, ${passed.postgresql} on PostgreSQL (embedded)\n`,
    );
  }
}
