// The webhook an interaction's token opens: edit or delete the original answer, send
// follow-ups. These go through a REST client of their own. Discord does not count
// interaction endpoints against the bot's global limit of 50 requests a second, but
// discord.js's client REST would: a burst of scheduled posts would then hold every command's
// answer back, and past 50 answers a second the answers would hold each other back.
// Per-route limits still apply (that REST follows Discord's rate-limit headers).
import { MessageFlags, REST, Routes, type RESTOptions } from "discord.js";
import { messageBody, type DiscordMessage } from "./render.js";

/** Interaction routes have no global limit; this only keeps @discordjs/rest's own counter out of the way. */
const NO_GLOBAL_LIMIT = Number.MAX_SAFE_INTEGER;

export function tokenWebhookRest(options: Partial<RESTOptions>): REST {
  // No bot token: the interaction token in the path is the credential.
  return new REST({ ...options, globalRequestsPerSecond: NO_GLOBAL_LIMIT });
}

/** A message body with its files declared, as an edit must list every attachment it keeps or adds. */
function body(m: DiscordMessage, flags?: number) {
  return {
    ...messageBody(m),
    ...(flags ? { flags } : {}),
    ...(m.files.length ? { attachments: m.files.map((f, id) => ({ id, filename: f.name })) } : {}),
  };
}

export class TokenWebhook {
  constructor(
    private readonly rest: REST,
    private readonly applicationId: string,
    private readonly token: string,
  ) {}

  async editOriginal(m: DiscordMessage): Promise<void> {
    await this.rest.patch(Routes.webhookMessage(this.applicationId, this.token, "@original"), {
      body: body(m),
      files: m.files,
      auth: false,
    });
  }

  async followUpPrivately(m: DiscordMessage): Promise<void> {
    await this.rest.post(Routes.webhook(this.applicationId, this.token), {
      body: body(m, MessageFlags.Ephemeral),
      files: m.files,
      auth: false,
    });
  }

  async deleteOriginal(): Promise<void> {
    await this.rest.delete(Routes.webhookMessage(this.applicationId, this.token, "@original"), { auth: false });
  }
}
