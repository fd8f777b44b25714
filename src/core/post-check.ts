// Before cadre saves something it will post where the person named (a channel reminder, a
// session announcement), it checks they could post there themselves: cadre must not be a way
// into a private channel someone is not in. Admins may direct cadre to any channel it is in.
import type { CommandContext } from "./context.js";
import { UserError } from "./errors.js";
import { fmt } from "./rich.js";
import { hasRole } from "./roles.js";

/**
 * Refuses (a UserError, so nothing is saved) when the acting person cannot post in `channelId`,
 * or their platform cannot say. The channel they are acting in needs no check.
 */
export async function requirePostable(
  ctx: CommandContext,
  channelId: string,
  opts: { example: string; field: string },
): Promise<void> {
  if (!ctx.source.isDM && channelId === ctx.source.channelId) return;
  if (hasRole(ctx.member.roles, "admin")) return;
  const can = await ctx.canPost(channelId);
  if (can === true) return;
  const ch = fmt.channel(channelId);
  const elsewhere = ctx.source.isDM ? "pick a channel you're in" : "pick a channel you're in, like this one";
  throw new UserError(
    can === false
      ? `You can't post in ${ch}, so cadre won't post there for you. Ask someone in ${ch}, or ${elsewhere}.`
      : `cadre can't tell whether you can post in ${ch} (cadre may not be in it, or the platform did not answer), ` +
          `so it won't post there for you. Try again in a minute, ask someone in ${ch}, or ${elsewhere}.`,
    opts.example,
    opts.field,
  );
}
