// For a describe block that is a story in steps (each `it` builds on the state the one before
// left): once a step fails, the later steps are skipped with a note naming it, instead of
// failing in confusing ways of their own. Call it inside the describe.sequential block.
import { beforeEach } from "vitest";

export function skipAfterFirstFailure(): void {
  let failed: string | undefined;
  beforeEach(({ skip, onTestFailed, task }) => {
    if (failed) skip(`an earlier step failed: "${failed}"`);
    onTestFailed(() => {
      failed = task.name;
    });
  });
}
