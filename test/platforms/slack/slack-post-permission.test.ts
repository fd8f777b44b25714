// The real Bolt app against the fake Slack: a leader cannot direct cadre into a channel they
// are not a member of (conversations.members, paged, Tier 4), nor one cadre cannot see (a
// private channel it is not in); they are told privately and nothing is saved. Member lists
// are kept for a few minutes, so a burst of commands reads a channel once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp } from "../../support/app.js";
import { FakeSlack, eventually } from "../../fakes/slack/server.js";
import { startSlackRig, type SlackRig } from "../../support/slack-rig.js";
import { ensureWorkspace, setRoles } from "../../../src/services/workspaces.js";

describe("Slack: posting only where you can [sqlite]", () => {
  let app: TestApp;
  let slack: FakeSlack;
  let rig: SlackRig;
  beforeAll(async () => {
    rig = await startSlackRig({ now: "2026-11-02T15:00:00Z", leaders: ["ULEAD"] });
    ({ app, slack } = rig);
    slack.channelMembers.set("CPRIV", ["UPRINCIPAL", "UCOORD"], { isPrivate: true, botIn: true });
    slack.channelMembers.set("CHIDDEN", ["UPRINCIPAL"], { isPrivate: true, botIn: false });
    const many = Array.from({ length: 2500 }, (_, i) => `UT${String(i).padStart(5, "0")}`);
    slack.channelMembers.set("CBIG", [...many, "ULEAD"]);
  });
  afterAll(() => rig?.stop());

  const answer = (needle: string) =>
    eventually(() => slack.responses.find((r) => JSON.stringify(r.body).includes(needle)));
  const counts = async () => ({
    reminders: await app.deps.db.reminder.count(),
    sessions: await app.deps.db.session.count(),
  });

  it("refuses a reminder and an announcement into a private channel the leader is not in, privately, saving nothing", async () => {
    const before = await counts();
    await slack.slash("/reminder", 'add to:<#CPRIV|principals> when:"tomorrow 8am" Budget due', "ULEAD");
    const r = await answer("You can't post in <#CPRIV>");
    expect(r.body.response_type).toBe("ephemeral");
    expect(JSON.stringify(r.body)).toContain("Ask someone in <#CPRIV>, or pick a channel you're in");
    await slack.slash("/session", 'announce "Budget PD" when:"Dec 3 9am" hours:3 channel:<#CPRIV|principals>', "ULEAD");
    await eventually(() => slack.responses.filter((x) => JSON.stringify(x.body).includes("<#CPRIV>")).length === 2);
    expect(await counts()).toEqual(before);
    expect(slack.callsTo("chat.postMessage").filter((c) => c.args.channel === "CPRIV")).toEqual([]);
    expect(slack.callsTo("conversations.members").every((c) => Number(c.args.limit) <= 1000)).toBe(true);
  });

  it("refuses a private channel cadre is not in (Slack answers channel_not_found), saving nothing", async () => {
    const before = await counts();
    await slack.slash("/reminder", 'add to:<#CHIDDEN|hidden> when:"tomorrow 8am" Budget due', "ULEAD");
    const r = await answer("cadre can't tell whether you can post in <#CHIDDEN>");
    expect(r.body.response_type).toBe("ephemeral");
    expect(await counts()).toEqual(before);
  });

  it("pages through a 2,500-person channel to find the leader, then answers the next command from what it kept", async () => {
    const before = await counts();
    await slack.slash("/reminder", 'add to:<#CBIG|everyone> when:"tomorrow 8am" Staff meeting', "ULEAD");
    await answer("set for <#CBIG>");
    expect(slack.channelMembers.reads.get("CBIG")).toBe(3);
    await slack.slash("/reminder", 'add to:<#CBIG|everyone> when:"tomorrow 9am" Staff lunch', "ULEAD");
    await eventually(
      () => slack.responses.filter((x) => JSON.stringify(x.body).includes("set for <#CBIG>")).length === 2,
    );
    expect(slack.channelMembers.reads.get("CBIG")).toBe(3);
    expect((await counts()).reminders).toBe(before.reminders + 2);
  });

  it("someone not in the big channel is refused from the same kept list", async () => {
    const ws = await ensureWorkspace(app.deps.db, "slack", "T1", "America/New_York");
    await setRoles(app.deps.db, ws.id, "UNEW", ["leader"]);
    await slack.slash("/reminder", 'add to:<#CBIG|everyone> when:"tomorrow 8am" Hello', "UNEW");
    await answer("You can't post in <#CBIG>");
    expect(slack.channelMembers.reads.get("CBIG")).toBe(3);
  });
});
