// What cadre trusts in a Slack payload, through the real Bolt app and the fake Slack in Socket
// Mode: a Slack Connect guest's own-org admin flag, the team id a payload names, a redelivered
// envelope, and a modal's private_metadata.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type TestApp } from "../../support/app.js";
import { FakeSlack, eventually } from "../../fakes/slack/server.js";
import { SlackAdapter } from "../../../src/platforms/slack/app.js";
import { ensureWorkspace, setRoles } from "../../../src/services/workspaces.js";
import { startSlackRig, type SlackRig } from "../../support/slack-rig.js";

describe("Slack payload trust [sqlite]", () => {
  let app: TestApp;
  let slack: FakeSlack;
  let adapter: SlackAdapter;

  let rig: SlackRig;
  beforeEach(async () => {
    rig = await startSlackRig({ now: "2026-11-02T15:00:00Z" });
    ({ app, slack, adapter } = rig);
  });
  afterEach(() => rig?.stop());

  const answered = (needle: string) =>
    eventually(() => slack.responses.find((r) => JSON.stringify(r.body).includes(needle)));

  it("a Slack Connect guest who is an admin of their own org acts as a plain member of the host workspace", async () => {
    const ws = await ensureWorkspace(app.deps.db, "slack", "T1", "America/New_York");
    await setRoles(app.deps.db, ws.id, "ULEAD", ["leader"]);
    slack.addExternalUser("UPARTNER", "T2", true);
    await slack.slash(
      "/session",
      'announce "Shared PD" when:"Nov 10 9am" hours:3 channel:<#CSHARED|shared>',
      "ULEAD",
      "CSHARED",
    );
    const post = await eventually(() => slack.callsTo("chat.postMessage").find((c) => c.args.channel === "CSHARED"));
    const sid = /session\.rsvp\|([A-Z0-9]{4}):going/.exec(JSON.stringify(post.args.blocks))![1]!;

    // Admin-only: refused, and nothing changed.
    await slack.slash("/cadre", "role add user:<@UPARTNER> role:coordinator", "UPARTNER", "CSHARED", "T2");
    const refused = await eventually(() => slack.responses.find((r) => /only .*admin/i.test(JSON.stringify(r.body))));
    expect(refused.body.response_type).toBe("ephemeral");
    await slack.slash("/session", `cancel id:${sid}`, "UPARTNER", "CSHARED", "T2");
    await eventually(() => slack.responses.length >= 3);
    expect((await app.deps.db.session.findFirst({ where: { shortId: sid } }))?.status).not.toBe("cancelled");
    const partner = await app.deps.db.member.findFirst({ where: { userId: "UPARTNER" } });
    expect(partner?.roles ?? "").not.toContain("coordinator");

    // What a member may do, they may: RSVP in the host workspace.
    await slack.slash("/session", `rsvp id:${sid} answer:going`, "UPARTNER", "CSHARED", "T2");
    await answered("You're going to Shared PD");

    // The partner's team never becomes a workspace of cadre's.
    const teams = (await app.deps.db.workspace.findMany({ where: { platform: "slack" } })).map((w) => w.externalId);
    expect(teams).toEqual(["T1"]);
  });

  it("an admin of the workspace cadre is installed in keeps admin rights", async () => {
    await slack.slash("/cadre", "settings", "UADMIN");
    await answered("timezone: ");
  });

  it("a redelivered Socket Mode envelope is acknowledged again and handled once", async () => {
    const first = await slack.slash("/reminder", 'add Bring rubrics when:"tomorrow 8am"', "U7", "C1", "T1", "e-same");
    const again = await slack.slash("/reminder", 'add Bring rubrics when:"tomorrow 8am"', "U7", "C1", "T1", "e-same");
    expect(first).toMatchObject({ envelope_id: "e-same" });
    expect(again).toMatchObject({ envelope_id: "e-same" });
    await answered("Reminder");
    await new Promise((r) => setTimeout(r, 300));
    expect(await app.deps.db.reminder.count()).toBe(1);
  });

  describe("modal metadata", () => {
    async function openModal() {
      await slack.slash("/reminder", "add", "U7", "C1");
      return (await eventually(() => slack.callsTo("views.open")[0])).args.view;
    }
    const submit = (view: any, privateMetadata: string, user = "U7") =>
      slack.envelope("interactive", {
        type: "view_submission",
        team: { id: "T1" },
        user: { id: user, name: user.toLowerCase() },
        api_app_id: "A1",
        view: {
          id: "V1",
          callback_id: view.callback_id,
          private_metadata: privateMetadata,
          state: {
            values: {
              text: { text: { type: "plain_text_input", value: "Bring rubrics" } },
              when: { when: { type: "plain_text_input", value: "tomorrow 8am" } },
              to: { to: { type: "plain_text_input", value: null } },
            },
          },
        },
      });

    it("a forged channel is refused with a private answer, and nothing is saved or sent", async () => {
      const view = await openModal();
      const forged = JSON.stringify({
        command: "reminder",
        sub: "add",
        channelId: "DVICTIM",
        isDM: true,
        userId: "U7",
      });
      const ack = await submit(view, forged);
      expect(ack.payload).toMatchObject({ response_action: "update" });
      expect(JSON.stringify(ack.payload.view)).toContain("nothing was saved");
      // Changing the channel inside cadre's own sealed metadata breaks its signature too.
      const sealed = JSON.parse(view.private_metadata);
      const tampered = JSON.stringify({ ...sealed, m: sealed.m.replace('"C1"', '"DVICTIM"') });
      expect((await submit(view, tampered)).payload).toMatchObject({ response_action: "update" });
      // Someone else submitting the modal opened for U7.
      expect((await submit(view, view.private_metadata, "U8")).payload).toMatchObject({ response_action: "update" });
      await new Promise((r) => setTimeout(r, 200));
      expect(await app.deps.db.reminder.count()).toBe(0);
      expect(slack.callsTo("chat.postMessage").filter((c) => c.args.channel === "DVICTIM")).toEqual([]);
    });

    it("malformed metadata is acknowledged with a private error instead of failing", async () => {
      const view = await openModal();
      for (const bad of ["not json", "{}", '{"m":"{","s":"x"}'])
        expect((await submit(view, bad)).payload).toMatchObject({ response_action: "update" });
      expect(await app.deps.db.reminder.count()).toBe(0);
    });

    it("the metadata cadre signed is accepted", async () => {
      const view = await openModal();
      const ack = await submit(view, view.private_metadata);
      expect(ack.payload ?? {}).not.toHaveProperty("response_action");
      await eventually(() => slack.callsTo("chat.postMessage").find((c) => c.args.channel === "D7"));
      expect(await app.deps.db.reminder.count()).toBe(1);
    });
  });
});
