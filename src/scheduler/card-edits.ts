// The card editor: edits tracked cards (a session's announcement) to their latest state.
//
// A change marks the card's MessageRef (src/services/message-refs.ts); the editor claims
// changed cards with a lease, so across instances on one database at most one edit of a
// message is in flight, re-renders each from the database with the renderer registered for
// its key prefix, and edits it. Changes that arrive meanwhile are merged into the next edit:
// 200 presses on one card cost a few edits, and the last state is always written. A 429
// pauses that edit budget (Slack: the workspace's chat.update; Discord: the channel) for its
// Retry-After; the card stays changed and is edited when the pause ends. A failing edit backs
// off and is dropped after a few attempts (the next change tries again), never blocking an answer.
import { randomUUID } from "node:crypto";
import type { CardRenderers } from "../core/cards.js";
import type { Deps, Platform, WorkspaceInfo } from "../core/context.js";
import type { MessageLocation, Transport } from "../core/deliver.js";
import { RateLimitedError } from "../core/errors.js";
import type { Reply } from "../core/reply.js";
import { cardEdited, cardNotEdited, claimChangedCards, type ClaimedCard } from "../services/message-refs.js";
import { getWorkspace } from "../services/workspaces.js";

export interface CardEditorOptions {
  leaseMs?: number;
  batchSize?: number;
  /** Failed edits of one change before it is dropped. */
  maxAttempts?: number;
}

export class CardEditor {
  readonly instanceId = randomUUID();
  private readonly o: Required<CardEditorOptions>;
  private seq = 0;
  private running?: Promise<void>;
  private again = false;
  private stopped = false;
  private wake?: { at: number; timer: NodeJS.Timeout };
  /** An edit budget (Slack workspace, Discord channel) that answered 429: untouched before this (ms, real time). */
  private readonly pausedUntil = new Map<string, number>();
  /** Edits of pressed messages waiting out a 429, by message: the latest content wins. */
  private readonly origins = new Map<
    string,
    { transport: Transport; ws: WorkspaceInfo; at: MessageLocation; reply: Reply }
  >();

  constructor(
    private readonly deps: Deps,
    private readonly transports: ReadonlyMap<Platform, Transport>,
    private readonly renderers: CardRenderers,
    opts: CardEditorOptions = {},
  ) {
    this.o = { leaseMs: opts.leaseMs ?? 60_000, batchSize: opts.batchSize ?? 50, maxAttempts: opts.maxAttempts ?? 5 };
  }

  /** A card changed: edit soon. Never waits, never throws; a burst of kicks runs one pass after another. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((e) =>
        this.deps.log.warn({ err: (e as Error).message }, "card edits failed; will retry on the next change or tick"),
      )
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Edits until no changed card is left that can be edited now. */
  async drain(): Promise<void> {
    while (!this.stopped && (await this.flush()) > 0);
  }

  /** Waits for the pass in hand (tests, and stop). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.wake) clearTimeout(this.wake.timer);
    this.wake = undefined;
    await this.idle();
  }

  /** One pass: claims changed cards and edits each; returns how many were edited. */
  async flush(): Promise<number> {
    const { db, clock } = this.deps;
    const now = clock.now();
    const lease = `${this.instanceId}:${++this.seq}`;
    // Cards whose budget is paused are left alone (not claimed and released on every change).
    // This pass may have woken before a pause ended (an earlier wake-up for another budget, or
    // a timer firing a little early on a busy machine): wake again when each one ends.
    for (const [budget, until] of this.pausedUntil) if (until <= Date.now()) this.pausedUntil.delete(budget);
    const paused = [...this.pausedUntil];
    for (const [, until] of paused) this.wakeAt(until);
    const skip = paused.map(([budget]) => {
      const [workspaceId, channelId] = budget.split("\u0000");
      return { workspaceId: workspaceId!, channelId };
    });
    const until = new Date(now.getTime() + this.o.leaseMs);
    const cards = await claimChangedCards(db, lease, now, until, this.o.batchSize, skip);
    if (!cards.length) return 0;
    const workspaces = new Map<string, Promise<WorkspaceInfo | undefined>>();
    const byBudget = new Map<string, { c: ClaimedCard; ws?: WorkspaceInfo; transport?: Transport }[]>();
    for (const c of cards) {
      let w = workspaces.get(c.workspaceId);
      if (!w) workspaces.set(c.workspaceId, (w = getWorkspace(db, c.workspaceId)));
      const ws = await w;
      const transport = ws && this.transports.get(ws.platform);
      const budget = budgetOf(c.workspaceId, c.channelId, transport);
      const lane = byBudget.get(budget) ?? [];
      lane.push({ c, ws, transport });
      byBudget.set(budget, lane);
    }
    // One budget's cards one after another (a 429 stops the rest of them); budgets side by side.
    let edited = 0;
    await Promise.all(
      [...byBudget].map(async ([budget, lane]) => {
        for (const { c, ws, transport } of lane) edited += await this.edit(c, budget, ws, transport);
      }),
    );
    return edited;
  }

  private async edit(c: ClaimedCard, budget: string, ws?: WorkspaceInfo, transport?: Transport): Promise<number> {
    const { db, clock, log } = this.deps;
    if (!ws || !transport) {
      // This instance has no connection to the card's platform; another instance may.
      await cardNotEdited(db, c, {
        retryAt: new Date(clock.now().getTime() + 30_000),
        error: "platform not connected",
      });
      return 0;
    }
    const paused = this.pausedUntil.get(budget) ?? 0;
    if (paused > Date.now()) {
      await cardNotEdited(db, c, {});
      this.wakeAt(paused);
      return 0;
    }
    const at = { channelId: c.channelId, messageId: c.messageId };
    try {
      const content = await this.renderers.find(c.key)?.(this.deps, ws, c.key);
      // What the card showed is gone (deleted from the database): nothing to edit.
      if (content) await transport.update(ws, at, { ...content, to: { kind: "update", ref: c.key } });
      await cardEdited(db, c);
      return content ? 1 : 0;
    } catch (e) {
      const err = String((e as Error)?.message ?? e).slice(0, 300);
      if (e instanceof RateLimitedError) {
        this.pause(budget, e.retryAfterMs);
        await cardNotEdited(db, c, {});
        log.info({ card: c.key, retryAfterMs: e.retryAfterMs }, "card edit rate limited; the latest state follows");
        return 0;
      }
      const attempts = c.attempts + 1;
      if (attempts >= this.o.maxAttempts) {
        await cardEdited(db, c);
        log.warn({ card: c.key, attempts, err }, "card edit failed for good; its next change tries again");
        return 0;
      }
      const backoff = Math.min(5_000 * 2 ** (attempts - 1), 5 * 60_000);
      await cardNotEdited(db, c, { retryAt: new Date(clock.now().getTime() + backoff), failed: true, error: err });
      this.wakeAt(Date.now() + backoff);
      log.info({ card: c.key, attempts, backoffMs: backoff, err }, "card edit will be retried");
      return 0;
    }
  }

  /**
   * An edit of a pressed message (not a tracked card) that answered 429: sent again once the
   * budget allows, with the latest content given for that message.
   */
  retryOrigin(transport: Transport, ws: WorkspaceInfo, at: MessageLocation, reply: Reply, afterMs: number): void {
    const key = `${ws.id}\u0000${at.channelId}\u0000${at.messageId}`;
    const pending = this.origins.has(key);
    this.origins.set(key, { transport, ws, at, reply });
    const budget = budgetOf(ws.id, at.channelId, transport);
    this.pause(budget, afterMs);
    if (pending || this.stopped) return;
    const attempt = (waitMs: number, tries: number): void => {
      const t = setTimeout(async () => {
        const o = this.origins.get(key);
        if (!o || this.stopped) return;
        const wait = (this.pausedUntil.get(budget) ?? 0) - Date.now();
        if (wait > 0) return attempt(wait, tries);
        try {
          await o.transport.update(o.ws, o.at, o.reply);
          if (this.origins.get(key) === o) this.origins.delete(key);
          else attempt(0, tries);
        } catch (e) {
          if (e instanceof RateLimitedError && tries < 20) {
            this.pause(budget, e.retryAfterMs);
            return attempt(e.retryAfterMs, tries + 1);
          }
          this.origins.delete(key);
          this.deps.log.warn(
            { err: String((e as Error)?.message ?? e).slice(0, 200) },
            "edit of a pressed message failed",
          );
        }
      }, waitMs);
      t.unref();
    };
    attempt(afterMs, 0);
  }

  private pause(budget: string, ms: number): void {
    const until = Date.now() + Math.max(0, ms);
    this.pausedUntil.set(budget, Math.max(this.pausedUntil.get(budget) ?? 0, until));
    this.wakeAt(until);
  }

  /** Runs a pass at `at` (real time), keeping the earliest wake-up asked for. */
  private wakeAt(at: number): void {
    if (this.stopped || (this.wake && this.wake.at <= at)) return;
    if (this.wake) clearTimeout(this.wake.timer);
    const timer = setTimeout(
      () => {
        this.wake = undefined;
        this.kick();
      },
      Math.max(0, at - Date.now()),
    );
    timer.unref();
    this.wake = { at, timer };
  }
}

/** Whose edit budget a card's edit spends: the workspace's (Slack) or its channel's (Discord). */
function budgetOf(workspaceId: string, channelId: string, transport?: Transport): string {
  return transport?.editBudget === "channel" ? `${workspaceId}\u0000${channelId}` : workspaceId;
}
