// A PDF reaches a person byte for byte on Slack and Discord: the Reply carries it as base64
// through the outbox, and each transport uploads the bytes, not their text (a PDF is not
// UTF-8, and Slack refuses an upload whose length differs from the one announced).
import { afterEach, describe, expect, it } from "vitest";
import { SlackAdapter } from "../../src/platforms/slack/app.js";
import { startDiscord, type DiscordAdapter } from "../../src/platforms/discord/start.js";
import { Scheduler } from "../../src/scheduler/scheduler.js";
import { enqueue } from "../../src/services/outbox.js";
import { pdfAttachment, renderPdf } from "../../src/services/pdf.js";
import { ensureWorkspace } from "../../src/services/workspaces.js";
import { FakeDiscord } from "../fakes/discord/server.js";
import { FakeSlack, eventually } from "../fakes/slack/server.js";
import { makeApp, type TestApp } from "../support/app.js";
import { pdfText } from "../support/pdf-text.js";

const NAME = "Łucja Nguyễn-Ortíz";
const certificate = () =>
  renderPdf({ title: "Certificate" }, (doc) => {
    doc.font("serifBold").fontSize(24).text("Certificate of completion");
    doc.font("body").fontSize(14).text(`Awarded to ${NAME} for 3 hours`);
  });

describe("PDF files delivered by DM [sqlite]", () => {
  const stops: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const stop of stops.reverse()) await stop();
    stops.length = 0;
  });

  const queuePdf = async (app: TestApp, platform: "slack" | "discord", team: string, userId: string) => {
    const bytes = await certificate();
    const ws = await ensureWorkspace(app.deps.db, platform, team, "America/New_York");
    await enqueue(app.deps.db, {
      workspaceId: ws.id,
      dedupeKey: `pdf:${userId}`,
      dueAt: app.clock.now(),
      target: { kind: "dm", id: userId },
      reply: { text: "Your certificate", files: [pdfAttachment("certificate.pdf", bytes)] },
    });
    await new Scheduler(app).drain();
    return bytes;
  };

  it("renders accented names the PDF can be read back with", async () => {
    const { text, pages } = await pdfText(await certificate());
    expect(pages).toBe(1);
    expect(text).toContain(NAME);
  });

  it("uploads the same bytes to a Slack DM", async () => {
    const slack = new FakeSlack();
    await slack.start();
    stops.push(() => slack.stop());
    const app = await makeApp("sqlite", { now: "2026-11-02T15:00:00Z" });
    stops.push(() => app.stop());
    const adapter = new SlackAdapter(app, { botToken: "xoxb-test", appToken: "xapp-test", apiUrl: slack.apiUrl });
    await adapter.start();
    stops.push(() => adapter.stop());
    await eventually(() => slack.connected);

    const bytes = await queuePdf(app, "slack", "T1", "U00000001");
    const got = slack.filesIn.get("D00000001") ?? [];
    expect(got).toHaveLength(1);
    expect(got[0]!.bytes.equals(bytes)).toBe(true);
    expect((await pdfText(got[0]!.bytes)).text).toContain(NAME);
  });

  it("attaches the same bytes to a Discord DM", async () => {
    const fake = await new FakeDiscord().start();
    stops.push(() => fake.stop());
    const app = await makeApp("sqlite", {
      now: "2026-11-02T15:00:00Z",
      env: {
        DISCORD_TOKEN: "fake-bot-token",
        DISCORD_APPLICATION_ID: fake.applicationId,
        DISCORD_API_URL: fake.apiUrl,
      },
    });
    stops.push(() => app.stop());
    const adapter: DiscordAdapter = await startDiscord(app, { deferAfterMs: 1000 });
    stops.push(() => adapter.client.destroy());

    const bytes = await queuePdf(app, "discord", fake.guildId, "400000000000000002");
    const sent = fake.calls.filter((c) => c.method === "POST" && c.files.length);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.files[0]!.contentType).toBe("application/pdf");
    expect(sent[0]!.files[0]!.bytes.equals(bytes)).toBe(true);
  });
});
