// A card whose edit budget answered 429 is edited when the pause ends, even when the editor
// woke up earlier for something else (another budget's shorter pause) and found it still
// paused. Node can also fire a timer a few ms before Date.now() reaches its time on a busy
// machine, which is the same case: the pass finds the budget paused and must wake again.
import { afterEach, describe, expect, it } from "vitest";
import { CardRenderers } from "../../src/core/cards.js";
import type { MessageLocation, Transport } from "../../src/core/deliver.js";
import { RateLimitedError } from "../../src/core/errors.js";
import type { Reply } from "../../src/core/reply.js";
import { CardEditor } from "../../src/scheduler/card-edits.js";
import { markCardChanged, saveMessageRef } from "../../src/services/message-refs.js";
import { ensureWorkspace } from "../../src/services/workspaces.js";
import { eventually } from "../fakes/slack/server.js";
import { makeApp, PROVIDERS, type TestApp } from "../support/app.js";

let apps: TestApp[] = [];
afterEach(async () => {
  for (const a of apps) await a.stop();
  apps = [];
});

describe.each(PROVIDERS)("card editor wake-ups [%s]", (provider) => {
  it("edits a paused budget's card once its pause ends, after an earlier wake-up found it paused", async () => {
    const app = await makeApp(provider);
    apps.push(app);
    const ws = await ensureWorkspace(app.deps.db, "slack", "T1", "America/New_York");
    const edits: { channelId: string; text: string }[] = [];
    let refusedOnce = false;
    const transport = {
      platform: "slack",
      editBudget: "channel",
      async update(_ws: unknown, at: MessageLocation, reply: Reply) {
        if (at.channelId === "C2" && !refusedOnce) {
          refusedOnce = true;
          throw new RateLimitedError(400);
        }
        edits.push({ channelId: at.channelId, text: String(reply.text) });
      },
    } as unknown as Transport;
    const renderers = new CardRenderers();
    renderers.register("t:", async () => ({ text: "latest" }));
    const editor = new CardEditor(app.deps, new Map([["slack", transport]]), renderers);
    try {
      await saveMessageRef(app.deps.db, ws.id, "t:b", { channelId: "C2", messageId: "2" });
      expect(await markCardChanged(app.deps.db, ws.id, "t:b")).toBe(true);

      editor.kick();
      await editor.idle();
      expect(refusedOnce).toBe(true);
      expect(edits).toEqual([]);
      // Another channel's pressed-message edit is refused for a shorter time: the editor's
      // next wake-up comes before C2's pause ends.
      editor.retryOrigin(transport, ws, { channelId: "C1", messageId: "1" }, { text: "pressed" } as Reply, 50);

      await eventually(() => edits.some((e) => e.channelId === "C1"), 5_000);
      await eventually(() => edits.some((e) => e.channelId === "C2" && e.text === "latest"), 5_000);
      const ref = await app.deps.db.messageRef.findFirstOrThrow({ where: { key: "t:b" } });
      expect(ref.editedSeq).toBe(ref.editSeq);
    } finally {
      await editor.stop();
    }
  });
});
