// Text people typed, written into a Markdown file cadre hands out (agenda minutes, the annual
// pack). In chat, cadre's renderers neutralize links and mentions; a file is rendered by
// whatever opens it, so "[label](https://…)" would become a link whose address is hidden and
// "<!channel>" or "<https://…>" would come alive. Escaped, each shows exactly as it was typed.
const ACTIVE = /[\\`*_[\]()<>#!|~]/g;

export function markdownText(text: string): string {
  return text.replace(/\s+/g, " ").replace(ACTIVE, (c) => `\\${c}`);
}
