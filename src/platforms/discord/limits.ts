// Discord's documented limits, in one place: rendering and registration both keep within them.
export const LIMITS = {
  // Messages and embeds
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  /** Characters across all embeds of one message. */
  embedTotal: 6000,
  embedsPerMessage: 10,
  buttonsPerRow: 5,
  rowsPerMessage: 5,
  buttonLabel: 80,
  filesPerMessage: 10,
  // Application commands
  commandName: 32,
  commandDescription: 100,
  optionsPerCommand: 25,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
  stringOptionMax: 6000,
  /** Combined name, description and choice characters of one command. */
  commandTotal: 4000,
  // Modals
  modalTitle: 45,
  modalInputs: 5,
  textInputLabel: 45,
  textInputMax: 4000,
  autocompleteChoices: 25,
} as const;

/** Discord's name rule for commands and options (lowercase where letters have case). */
export const NAME_RE = /^[-_\p{L}\p{N}]{1,32}$/u;

/** Shortens to `max` characters, marking the cut. */
export function clip(s: string, max: number): string {
  return s.length <= max ? s : s.slice(0, max - 1) + "…";
}
