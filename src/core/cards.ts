// Cards are messages that show state (a session's RSVP counts): an edit of one is "this card
// changed", not a payload. The card editor re-renders it from the database when it edits, so
// many changes become one edit of the latest state. Services register a renderer per key
// prefix ("session:"); the kernel only looks them up.
import type { Deps, WorkspaceInfo } from "./context.js";
import type { Reply } from "./reply.js";

/** The card's content now, or undefined when what it showed is gone (nothing to edit). */
export type CardRenderer = (
  deps: Deps,
  workspace: WorkspaceInfo,
  key: string,
) => Promise<Omit<Reply, "to"> | undefined>;

/** The prefix of a MessageRef key that picks its renderer: "session:7K2Q" -> "session:". */
export const cardPrefix = (key: string): string => key.slice(0, key.indexOf(":") + 1);

export class CardRenderers {
  private readonly byPrefix = new Map<string, CardRenderer>();

  register(prefix: string, render: CardRenderer): void {
    if (!prefix.endsWith(":")) throw new Error(`a card prefix ends with ":" (got ${prefix})`);
    this.byPrefix.set(prefix, render);
  }

  find(key: string): CardRenderer | undefined {
    return this.byPrefix.get(cardPrefix(key));
  }
}
