// One embedded PostgreSQL server for the whole run (real binaries from npm); each test file
// creates its own databases on it. 
import type { TestProject } from "vitest/node";
// @ts-expect-error plain .mjs helper shared with scripts/
import { startEmbeddedPostgres } from "../../scripts/embedded-pg.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const pg = await startEmbeddedPostgres();
  project.provide("pgAdminUrl", pg.url());
  return async () => {
    await pg.stop();
  };
}
