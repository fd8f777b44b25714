// A kept-alive connection to response_url that the server closes just as cadre reuses it (Slack's
// servers close idle connections; so does Node's, after 5 s) must not lose the answer: the post
// fails before anything was answered, and cadre sends it again once on a new connection.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSlackRig, type SlackRig } from "../../support/slack-rig.js";
import { eventually } from "../../fakes/slack/server.js";

describe("Slack response_url on a closed kept-alive connection [sqlite]", () => {
  let rig: SlackRig;
  beforeAll(async () => {
    rig = await startSlackRig();
  });
  afterAll(() => rig.stop());

  const answersTo = (path: string) => rig.slack.responses.filter((r) => r.path === path);

  it("delivers the answer once when the reused connection is reset", async () => {
    // The first answer opens the connection the next one reuses.
    await rig.slack.slash("/session", "list", "U1", "C1");
    const first = rig.slack.lastSlash!.responseUrl.replace(/^http:\/\/[^/]+/, "");
    await eventually(() => answersTo(first).length === 1);

    rig.slack.resetReusedResponses = 1;
    await rig.slack.slash("/reminder", "list", "U1", "C1");
    const second = rig.slack.lastSlash!.responseUrl.replace(/^http:\/\/[^/]+/, "");
    await eventually(() => answersTo(second).length === 1);
    expect(rig.slack.resetResponses).toBe(1);
    expect(JSON.stringify(answersTo(second)[0]!.body)).toMatch(/reminder/i);
    // Sent again once, not more: a moment later there is still one answer.
    await new Promise((r) => setTimeout(r, 100));
    expect(answersTo(second)).toHaveLength(1);
  });
});
