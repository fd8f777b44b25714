// One embedded PostgreSQL server for the whole run (real binaries from npm, in a child
// process); each test file creates its own databases on it. And the bot built as npm start
// runs it.
import type { TestProject } from "vitest/node";
import { buildBot } from "./bot-process.js";
import { startPgServer } from "./pg-server.js";

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

export default async function setup(project: TestProject) {
  buildBot(); // what npm start runs, for the tests that start the bot as a process
  const pg = await startPgServer();
  project.provide("pgAdminUrl", pg.url);
  return () => pg.stop();
}
