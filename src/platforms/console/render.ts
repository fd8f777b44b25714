// Reply -> terminal text. Mentions show display names; date-times show in the workspace zone.
import type { Reply } from "../../core/reply.js";
import { formatInZone, renderTokens, stripInvisible } from "../../core/rich.js";

export interface RenderOptions {
  zone: string;
  name(userId: string): string;
  /** Numbers assigned to this message's buttons. */
  buttonNumbers: number[];
}

// Links show their address; invisible controls (bidi overrides, ESC sequences) never reach the terminal.
function markdown(s: string): string {
  return stripInvisible(s)
    .replace(/\*\*([^*]+)\*\*/g, "$1")
    .replace(/\[([^\]]+)\]\(([^)]+)\)/g, "$1 <$2>");
}

export function renderReply(r: Reply, o: RenderOptions): string {
  const tok = (s: string) =>
    markdown(
      renderTokens(s, {
        user: (id) => `@${o.name(id)}`,
        channel: (id) => `#${id}`,
        time: (at, style) => formatInZone(at, o.zone, style),
      }),
    );
  const out: string[] = [];
  if (r.header) out.push(`== ${tok(r.header)} ==`);
  if (r.text) out.push(tok(r.text));
  for (const f of r.fields ?? []) out.push(`${tok(f.label)}: ${tok(f.value)}`);
  if (r.context) out.push(`  (${tok(r.context)})`);
  if (r.buttons?.length)
    out.push(r.buttons.map((b, i) => `[${o.buttonNumbers[i]}] ${stripInvisible(b.label)}`).join("  "));
  return out.join("\n");
}
