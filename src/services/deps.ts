// What the services add to the kernel's types: the database client every service takes, and
// the workspace settings commands read. The kernel passes both through without naming them.
import type { Db } from "../db/client.js";
import type { WorkspaceSettings } from "./settings.js";

declare module "../core/context.js" {
  interface Deps {
    db: Db;
  }
  interface WorkspaceInfo {
    settings: WorkspaceSettings;
  }
}
