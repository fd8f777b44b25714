// The cards services keep up to date, by MessageRef key prefix: the card editor re-renders a
// changed card with these (src/core/cards.ts). A tracked message without a renderer here (a
// published agenda) is edited with the content of each update reply instead.
import type { CardRenderers } from "../core/cards.js";
import { renderSessionCard } from "./sessions/card.js";

export function registerCards(r: CardRenderers): void {
  r.register("session:", (deps, ws, key) => renderSessionCard(deps.db, ws.id, key, deps.clock.now()));
}
