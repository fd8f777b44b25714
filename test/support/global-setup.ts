// One embedded PostgreSQL server for the whole run (real binaries from npm, in a child
// process); each test file creates its own databases on it.
import type { TestProject } from "vitest/node";
import { startPgServer } from "./pg-server.js";

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const pg = await startPgServer();
  project.provide("pgAdminUrl", pg.url);
  return () => pg.stop();
}
