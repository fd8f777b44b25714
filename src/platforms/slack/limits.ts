// Slack's limits, in one place: Block Kit rendering (blocks.ts), modals (modal.ts) and the
// home tab keep within them. Figures from docs.slack.dev (Block Kit reference, chat.postMessage,
// views.open); the cumulative block text limit is undocumented (see blockText).
export const LIMITS = {
  // Messages
  blocksPerMessage: 50,
  /** chat.postMessage: longer `text` is refused with msg_too_long. */
  messageText: 40_000,
  /**
   * Text across all blocks of one message. Slack refuses more with msg_blocks_too_long; the
   * figure is not documented (Slack's engineers name 12,000 text characters plus a buffer for
   * the containers; it fails near 13,200 in practice). cadre stays under 12,000.
   */
  blockTextTotal: 12_000,
  // Blocks and elements
  headerText: 150,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  contextElements: 10,
  /** A mrkdwn text object (a context element here). */
  textObject: 3000,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  blockId: 255,
  // Surfaces
  blocksPerView: 100,
  viewTitle: 24,
  viewButton: 24,
  privateMetadata: 3000,
  inputLabel: 2000,
  inputHint: 2000,
  placeholder: 150,
  plainTextInputMax: 3000,
  optionText: 75,
  optionValue: 150,
  selectOptions: 100,
} as const;

/** Shortens to `max` characters, marking the cut with "…" (never splitting a surrogate pair). */
export function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  let end = max - 1;
  if (/[\uD800-\uDBFF]/.test(s[end - 1] ?? "")) end--;
  return s.slice(0, end) + "…";
}

/** What Slack counts toward msg_blocks_too_long: every `text` string in the blocks. */
export function blockText(blocks: unknown): number {
  if (Array.isArray(blocks)) return blocks.reduce((n: number, b) => n + blockText(b), 0);
  if (!blocks || typeof blocks !== "object") return 0;
  let n = 0;
  for (const [k, v] of Object.entries(blocks)) n += k === "text" && typeof v === "string" ? v.length : blockText(v);
  return n;
}
