// One source of truth for the data model: both providers' schemas are generated from
// prisma/models, and each provider's migrations end at the current models.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error plain .mjs helper shared with the npm scripts
import { schemaText, providers } from "../../scripts/prisma-shared.mjs";

const root = join(import.meta.dirname, "..", "..");
const read = (p: string) => readFileSync(join(root, p), "utf8");
const modelsOnly = (schema: string) => schema.slice(schema.indexOf("\n// ---- "));

describe("schema drift", () => {
  it.each(providers as string[])(
    "prisma/%s/schema.prisma is generated from prisma/models (run npm run db:schema)",
    (p) => {
      expect(read(`prisma/${p}/schema.prisma`)).toBe(schemaText(p));
    },
  );

  it("both providers share the same models", () => {
    expect(modelsOnly(read("prisma/sqlite/schema.prisma"))).toBe(modelsOnly(read("prisma/postgresql/schema.prisma")));
  });

  it.each(providers as string[])(
    "%s migrations are up to date with the models (run npm run db:migration -- <name>)",
    (p) => {
      expect(read(`prisma/${p}/migrations/schema.snapshot.prisma`)).toBe(schemaText(p));
    },
  );
});
