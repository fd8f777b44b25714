// The layer rule, part two (part one is dependency-cruiser in `npm test`: who may import
// what): only src/services, src/db and src/scheduler call the database. A call counts when
// the method it calls is declared by the generated Prisma client, whatever the receiver is
// called (ctx.db, q.db, a client passed in), so renaming a variable cannot hide one.
import { join, relative } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");
const generated = join(root, "src", "generated");
const mayNotCall = [/^commands\//, /^src\/platforms\//, /^src\/core\//, /^src\/app\.ts$/, /^src\/main\.ts$/];

function databaseCalls(): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(root, "tsconfig.json"),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
      },
    },
  )!;
  const checked = config.fileNames.filter((f) => mayNotCall.some((r) => r.test(relative(root, f))));
  const program = ts.createProgram(checked, config.options);
  const checker = program.getTypeChecker();
  const found: string[] = [];
  for (const file of program.getSourceFiles()) {
    const rel = relative(root, file.fileName);
    if (!mayNotCall.some((r) => r.test(rel))) continue;
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
        const decls = checker.getSymbolAtLocation(node.expression.name)?.declarations ?? [];
        if (decls.some((d) => d.getSourceFile().fileName.startsWith(generated))) {
          const { line } = file.getLineAndCharacterOfPosition(node.getStart());
          found.push(`${rel}:${line + 1} ${node.expression.getText().slice(0, 60)}`);
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
    expect(databaseCalls()).toEqual([]);
  });
});
