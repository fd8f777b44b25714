// The layer rule, part two (part one is dependency-cruiser in `npm test`: who may import
// what): only src/services, src/db and src/scheduler call the database. A call counts when it
// is a Prisma model method on a model delegate (`<anything>.session.findMany(…)`) or a raw
// query or transaction (`<anything>.$queryRaw…`), whatever the client is called, so renaming
// a variable cannot hide one. Read syntactically (no type check), so it stays fast.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { Prisma } from "../../src/generated/sqlite/client.js";

const root = join(import.meta.dirname, "..", "..");
const checked = ["commands", "src/core", "src/platforms", "src/app.ts", "src/main.ts"];
const delegates = new Set(Object.values(Prisma.ModelName).map((m) => m[0]!.toLowerCase() + m.slice(1)));
const methods = new Set(
  "findMany findFirst findFirstOrThrow findUnique findUniqueOrThrow create createMany createManyAndReturn update updateMany updateManyAndReturn upsert delete deleteMany count aggregate groupBy".split(
    " ",
  ),
);
const raw = /^\$(queryRaw|queryRawUnsafe|executeRaw|executeRawUnsafe|transaction)$/;

const files = (p: string): string[] =>
  p.endsWith(".ts")
    ? [p]
    : readdirSync(join(root, p), { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? files(`${p}/${e.name}`) : e.name.endsWith(".ts") ? [`${p}/${e.name}`] : [],
      );

function databaseCalls(paths: readonly string[], read = (p: string) => readFileSync(join(root, p), "utf8")) {
  const found: string[] = [];
  for (const path of paths.flatMap(files)) {
    const file = ts.createSourceFile(path, read(path), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) || ts.isTaggedTemplateExpression(node)) {
        const callee = ts.isCallExpression(node) ? node.expression : node.tag;
        if (ts.isPropertyAccessExpression(callee)) {
          const name = callee.name.text;
          const target = callee.expression;
          const onModel = methods.has(name) && ts.isPropertyAccessExpression(target) && delegates.has(target.name.text);
          if (onModel || raw.test(name)) {
            const { line } = file.getLineAndCharacterOfPosition(node.getStart());
            found.push(`${relative(root, join(root, path))}:${line + 1} ${callee.getText().slice(0, 60)}`);
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return found;
}

describe("layers", () => {
  it("no file in commands/, src/platforms/ or src/core/ calls the database", () => {
    expect(databaseCalls(checked)).toEqual([]);
  });

  it("would see a call hidden behind any variable name, a raw query or a transaction", () => {
    const sample = [
      "const rows = await handle.session.findMany({});",
      "await x.y.agendaItem.count();",
      "await q.$queryRaw`SELECT 1`;",
      "await db.$transaction(async () => {});",
      "list.map((s) => s.title).filter(Boolean);",
    ].join("\n");
    expect(databaseCalls(["commands/sample.ts"], () => sample).map((f) => f.split(" ")[1])).toEqual([
      "handle.session.findMany",
      "x.y.agendaItem.count",
      "q.$queryRaw",
      "db.$transaction",
    ]);
  });
});
