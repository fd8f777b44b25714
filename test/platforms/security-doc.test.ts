// SECURITY.md is what a district's IT review reads: every Slack scope, Discord intent and
// permission cadre asks for has its "why" there, and every database table its inventory row.
// Adding a scope, intent, permission or table without an entry fails here.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { commands } from "../../commands/index.js";
import { Prisma } from "../../src/generated/sqlite/client.js";
import { DISCORD_INTENTS, DISCORD_PERMISSIONS } from "../../src/platforms/discord/client.js";
import { slackManifest } from "../../src/platforms/slack/manifest.js";

const doc = readFileSync(join(import.meta.dirname, "..", "..", "SECURITY.md"), "utf8");

/** The backticked names in the first column of the table under `heading`, and whether each has a reason. */
function entries(markdown: string, heading: string): Map<string, string> {
  const start = markdown.split("\n").findIndex((l) => /^#+ /.test(l) && l.replace(/^#+ /, "").trim() === heading);
  if (start < 0) return new Map();
  const found = new Map<string, string>();
  for (const line of markdown.split("\n").slice(start + 1)) {
    if (/^#+ /.test(line)) break;
    const cells = line.split("|").map((c) => c.trim());
    if (cells.length < 4 || /^-+$/.test(cells[1]!)) continue;
    for (const name of cells[1]!.matchAll(/`([^`]+)`/g)) found.set(name[1]!, cells.slice(2, -1).join(" | "));
  }
  return found;
}

/** What is declared but has no entry with a reason (empty when the document covers everything). */
const missing = (declared: readonly string[], documented: Map<string, string>) =>
  declared.filter((d) => !(documented.get(d) ?? "").match(/\w{3,}/));

const scopes = (manifest: Record<string, unknown>) =>
  (manifest as { oauth_config: { scopes: { bot: string[] } } }).oauth_config.scopes.bot;

describe("SECURITY.md", () => {
  it("justifies exactly the Slack bot scopes the manifest asks for", () => {
    const documented = entries(doc, "Slack scopes");
    const declared = scopes(slackManifest(commands));
    expect(missing(declared, documented)).toEqual([]);
    expect([...documented.keys()].filter((s) => !declared.includes(s))).toEqual([]); // no stale entries
  });

  it("justifies exactly the Discord gateway intents and bot permissions cadre asks for", () => {
    const intents = entries(doc, "Discord gateway intents");
    const permissions = entries(doc, "Discord bot permissions");
    expect(missing(Object.keys(DISCORD_INTENTS), intents)).toEqual([]);
    expect(missing(Object.keys(DISCORD_PERMISSIONS), permissions)).toEqual([]);
    expect([...intents.keys()].sort()).toEqual(Object.keys(DISCORD_INTENTS).sort());
    expect([...permissions.keys()].sort()).toEqual(Object.keys(DISCORD_PERMISSIONS).sort());
  });

  it("has an inventory row for every database table", () => {
    expect(missing(Object.values(Prisma.ModelName), entries(doc, "Data inventory"))).toEqual([]);
  });

  it("would fail for a scope or intent added without an entry, or an entry without a reason", () => {
    const sample = ["## Slack scopes", "", "| scope | why |", "| --- | --- |", "| `commands` | slash commands |"];
    const documented = entries([...sample, "| `chat:write` |  |", "## Next"].join("\n"), "Slack scopes");
    expect(missing(["commands", "chat:write", "users:read"], documented)).toEqual(["chat:write", "users:read"]);
    expect(missing(["Guilds", "GuildMembers"], entries(doc, "Discord gateway intents"))).toEqual(["GuildMembers"]);
  });

  it("names the vulnerability report route and the key's custody on both databases", () => {
    expect(doc).toMatch(/## Reporting a vulnerability/);
    expect(doc).toMatch(/CADRE_ENCRYPTION_KEY/);
    expect(doc).toMatch(/data\/cadre\.key/);
    expect(doc).toMatch(/PostgreSQL/);
  });
});
