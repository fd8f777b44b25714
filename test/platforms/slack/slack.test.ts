// The real Bolt app against a loopback fake Slack, in Socket Mode: a slash command posts an
// announcement with buttons, a button press edits that message, a bare command opens a modal
// whose submission is handled (with a field error), a DM reaches mentor logging, and a CSV
// arrives as a file.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp } from "../../support/app.js";
import { FakeSlack, eventually } from "../../fakes/slack/server.js";
import { SlackAdapter } from "../../../src/platforms/slack/app.js";
import { startSlackRig, type SlackRig } from "../../support/slack-rig.js";

describe("Slack over Socket Mode [sqlite]", () => {
  let app: TestApp;
  let slack: FakeSlack;
  let adapter: SlackAdapter;

  let rig: SlackRig;
  beforeAll(async () => {
    rig = await startSlackRig({ now: "2026-11-02T15:00:00Z", leaders: ["ULEAD"] });
    ({ app, slack, adapter } = rig);
  });
  afterAll(() => rig?.stop());

  it("opened Socket Mode through SLACK_API_URL", () => {
    expect(slack.callsTo("apps.connections.open")).toHaveLength(1);
  });

  it("posts an announcement with buttons, and a button press edits that same message", async () => {
    await slack.slash(
      "/session",
      'announce "Scoring training" when:"Nov 10 9am" hours:3 channel:<#CSCORE|scoring> kind:scoring-training capacity:2',
      "ULEAD",
    );
    const post = await eventually(() => slack.callsTo("chat.postMessage").find((c) => c.args.channel === "CSCORE"));
    const blocks = post.args.blocks as any[];
    expect(blocks[0]).toMatchObject({ type: "header", text: { text: "📅 Scoring training" } });
    expect(JSON.stringify(blocks)).toContain(
      `<!date^${Date.parse("2026-11-10T14:00:00Z") / 1000}^{date_long_pretty} at {time}|`,
    );
    const actions = blocks.find((b) => b.type === "actions");
    const going = actions.elements.find((e: any) => e.text.text === "Going");
    expect(going.action_id).toMatch(/^session\.rsvp\|[A-Z0-9]{4}:going$/);
    const confirm = await eventually(() => slack.responses.find((r) => JSON.stringify(r.body).includes("Announced")));
    expect(confirm.body.response_type).toBe("ephemeral");

    await slack.envelope("interactive", {
      type: "block_actions",
      team: { id: "T1" },
      user: { id: "U7", username: "u7", name: "u7" },
      api_app_id: "A1",
      token: "t",
      channel: { id: "CSCORE" },
      container: { type: "message", channel_id: "CSCORE", message_ts: post.result!.ts },
      message: { ts: post.result!.ts, text: "" },
      response_url: `http://127.0.0.1:${slack.port}/respond/button`,
      trigger_id: "trig-b",
      actions: [{ type: "button", action_id: going.action_id, block_id: "b", value: going.value, action_ts: "1" }],
    });
    const update = await eventually(() => slack.callsTo("chat.update")[0]);
    expect(update.args).toMatchObject({ channel: "CSCORE", ts: post.result!.ts }); // the announcement itself, edited
    expect(JSON.stringify(update.args.blocks)).toContain("Going 1 of 2");
    await eventually(() =>
      slack.responses.find((r) => r.path === "/respond/button" && JSON.stringify(r.body).includes("You're going")),
    );
  });

  it("a channel that refuses the card: the session is saved once and the announcer is told privately how to fix it", async () => {
    slack.refuse("CLOCKED", "not_in_channel");
    const before = await app.deps.db.session.count();
    await slack.slash(
      "/session",
      'announce "Calibration" when:"Nov 12 9am" hours:2 channel:<#CLOCKED|locked>',
      "ULEAD",
    );
    const notice = await eventually(() =>
      slack.responses.find((r) => JSON.stringify(r.body).includes("couldn't post")),
    );
    expect(notice.body.response_type).toBe("ephemeral");
    const text = JSON.stringify(notice.body);
    expect(text).toContain("cadre is not in that channel");
    expect(text).toContain("/invite @cadre");
    expect(text).toContain("<#CLOCKED>");
    expect(
      slack.responses.some(
        (r) =>
          JSON.stringify(r.body).includes("Announced **Calibration**") ||
          JSON.stringify(r.body).includes("Announced *Calibration*"),
      ),
    ).toBe(true);
    expect(slack.responses.some((r) => JSON.stringify(r.body).includes("error id"))).toBe(false);
    expect(await app.deps.db.session.count()).toBe(before + 1);
    // The notice names the command that posts the card once cadre is in the channel.
    const repost = /\/session repost id:([A-Z0-9]{4})/.exec(text)!;
    slack.refuse("CLOCKED", undefined);
    await slack.slash("/session", `repost id:${repost[1]}`, "ULEAD");
    const card = await eventually(() =>
      slack.callsTo("chat.postMessage").find((c) => c.args.channel === "CLOCKED" && c.result?.ok),
    );
    expect(JSON.stringify(card.args.blocks)).toContain("Calibration");
    await eventually(() => slack.responses.find((r) => JSON.stringify(r.body).includes("again in <#CLOCKED>")));
  });

  it("an answer still arrives when the card it edits was deleted, and the card can be posted again", async () => {
    await slack.slash("/session", 'announce "Deleted card" when:"Nov 13 9am" hours:2 channel:<#CDEL|del>', "ULEAD");
    const post = await eventually(() => slack.callsTo("chat.postMessage").find((c) => c.args.channel === "CDEL"));
    const sid = /session\.rsvp\|([A-Z0-9]{4}):going/.exec(JSON.stringify(post.args.blocks))![1]!;
    slack.deleteMessage("CDEL", post.result!.ts);
    await slack.slash("/session", `rsvp id:${sid} answer:going`, "U7", "CDEL");
    const going = await eventually(() =>
      slack.responses.find((r) => JSON.stringify(r.body).includes("You're going to Deleted card")),
    );
    expect(going.body.response_type).toBe("ephemeral");
    // The refused edit and its warning may land just after the private answer.
    await eventually(() =>
      slack.callsTo("chat.update").some((c) => c.args.ts === post.result!.ts && c.result?.ok === false),
    );
    await eventually(() => app.logs.join("").includes("slack message to edit is gone"));
    expect(slack.responses.some((r) => JSON.stringify(r.body).includes("error id"))).toBe(false);
    await slack.slash("/session", `repost id:${sid}`, "ULEAD");
    const again = await eventually(() => slack.callsTo("chat.postMessage").filter((c) => c.args.channel === "CDEL")[1]);
    expect(JSON.stringify(again.args.blocks)).toContain("Going 1");
  });

  it("asks Slack again about someone whose profile could not be read, instead of remembering them as a non-admin", async () => {
    const lookups = () => slack.callsTo("users.info").filter((c) => c.args.user === "UADMIN").length;
    for (let i = 0; i < 3; i++) slack.fail("users.info", 500); // the first call and both retries
    await slack.slash("/cadre", "settings mentor-goal:300", "UADMIN", "C1");
    const refused = await eventually(() =>
      slack.responses.find(
        (r) =>
          JSON.stringify(r.body).includes("admin") &&
          r.body.response_type === "ephemeral" &&
          !JSON.stringify(r.body).includes("timezone: "),
      ),
    );
    expect(JSON.stringify(refused.body)).toMatch(/only .*admin/i);
    const before = lookups();
    await slack.slash("/cadre", "settings mentor-goal:300", "UADMIN", "C1");
    await eventually(() => slack.responses.find((r) => JSON.stringify(r.body).includes("timezone: ")));
    expect(lookups()).toBe(before + 1);
  });

  it("opens a modal for a bare command and shows a validation error on the field", async () => {
    await slack.slash("/reminder", "add", "U7");
    const open = await eventually(() => slack.callsTo("views.open")[0]);
    const view = open.args.view;
    expect(view.blocks.map((b: any) => b.block_id)).toEqual(["text", "when", "to"]);
    const submit = (when: string) =>
      slack.envelope("interactive", {
        type: "view_submission",
        team: { id: "T1" },
        user: { id: "U7", name: "u7" },
        api_app_id: "A1",
        view: {
          id: "V1",
          callback_id: view.callback_id,
          private_metadata: view.private_metadata,
          state: {
            values: {
              text: { text: { type: "plain_text_input", value: "Bring rubrics" } },
              when: { when: { type: "plain_text_input", value: when } },
              to: { to: { type: "plain_text_input", value: null } },
            },
          },
        },
      });
    const bad = await submit("whenever you like");
    expect(bad.payload).toMatchObject({ response_action: "errors" });
    expect(bad.payload.errors.when).toContain("could not read");
    expect(await app.deps.db.reminder.count()).toBe(0);
    const good = await submit("tomorrow 8am");
    expect(good.payload ?? {}).not.toHaveProperty("response_action");
    await eventually(() =>
      slack
        .callsTo("chat.postMessage")
        .find((c) => c.args.channel === "D7" && JSON.stringify(c.args).includes("Reminder")),
    );
    expect(await app.deps.db.reminder.count()).toBe(1);
  });

  it("sends DM messages to mentor logging and answers with the draft card", async () => {
    await slack.envelope("events_api", {
      token: "t",
      team_id: "T1",
      api_app_id: "A1",
      type: "event_callback",
      event_id: "Ev1",
      event_time: 1,
      authorizations: [{ team_id: "T1", user_id: "UBOT", is_bot: true }],
      event: {
        type: "message",
        channel_type: "im",
        channel: "D7",
        user: "U7",
        text: "45 min with J.R. today - classroom management. notes: transitions",
        ts: "1.1",
        event_ts: "1.1",
      },
    });
    const card = await eventually(() =>
      slack
        .callsTo("chat.postMessage")
        .find((c) => c.args.channel === "D7" && JSON.stringify(c.args.blocks).includes("check and save")),
    );
    const ids = (card.args.blocks as any[])
      .find((b) => b.type === "actions")
      .elements.map((e: any) => e.action_id.split("|")[0]);
    expect(ids).toEqual(["mentor.save", "mentor.edit", "mentor.discard"]);
  });

  it("delivers a CSV export as a file through the upload API", async () => {
    await slack.slash("/mentor", "export", "U7", "CGEN");
    const complete = await eventually(() =>
      slack.callsTo("files.completeUploadExternal").find((c) => c.args.channel_id === "D7"),
    );
    const upload = await eventually(() =>
      slack.uploads.find((u) => u.body.includes("date,minutes,mentee,topics,mode,notes,id")),
    );
    // The bytes uploaded are the file the DM was completed with.
    expect(JSON.stringify(complete.args.files)).toContain(upload.id);
    expect(slack.callsTo("chat.postMessage").filter((c) => c.args.channel === "CGEN")).toEqual([]);
  });

  it("publishes App Home with the viewer's own sections", async () => {
    await slack.slash("/session", 'announce "Home visit" when:"Nov 20 9am" hours:1 channel:<#CHOME|home>', "ULEAD");
    const post = await eventually(() => slack.callsTo("chat.postMessage").find((c) => c.args.channel === "CHOME"));
    const sid = /session\.rsvp\|([A-Z0-9]{4}):going/.exec(JSON.stringify(post.args.blocks))![1]!;
    await slack.slash("/session", `rsvp id:${sid} answer:going`, "U7", "CHOME");
    await eventually(() => slack.responses.find((r) => JSON.stringify(r.body).includes("You're going to Home visit")));
    await slack.slash("/mentor", 'log duration:45m mentee:"J.R." topics:"classroom management"', "U7", "D7");
    await eventually(() => slack.responses.find((r) => JSON.stringify(r.body).includes("45 min")));
    await slack.envelope("events_api", {
      token: "t",
      team_id: "T1",
      api_app_id: "A1",
      type: "event_callback",
      event_id: "Ev2",
      event_time: 2,
      authorizations: [{ team_id: "T1", user_id: "UBOT", is_bot: true }],
      event: { type: "app_home_opened", user: "U7", channel: "D7", tab: "home", event_ts: "2.2" },
    });
    const pub = await eventually(() => slack.callsTo("views.publish")[0]);
    expect(pub.args.user_id).toBe("U7");
    const text = JSON.stringify(pub.args.view);
    expect(text).toContain("Home visit");
    expect(text).toContain("Your mentoring this school year");
    // The same hours rounding as /mentor hours and the CSV: 45 min is 0.75 h, not 0.8 h.
    expect(text).toContain("0.75 h");
  });
});
