// PDF documents cadre hands to people (certificates, transcripts, induction logs). pdfkit
// draws them; its built-in PDF fonts only cover Latin-1, so names like "Łucja Nguyễn" would
// print as gaps: every document embeds the DejaVu fonts instead, which cover them.
import { createRequire } from "node:module";
import type PDFKitDocument from "pdfkit";
import type { Attachment } from "../core/reply.js";

const require = createRequire(import.meta.url);
const font = (file: string) => require.resolve(`dejavu-fonts-ttf/ttf/${file}`);

/** The font names a document can `.font(…)`, registered on every document. */
export const FONTS = {
  body: font("DejaVuSans.ttf"),
  bold: font("DejaVuSans-Bold.ttf"),
  serif: font("DejaVuSerif.ttf"),
  serifBold: font("DejaVuSerif-Bold.ttf"),
  italic: font("DejaVuSerif-Italic.ttf"),
} as const;

export type PdfDoc = PDFKit.PDFDocument;

export interface PdfInfo {
  title: string;
  author?: string;
  subject?: string;
  layout?: "portrait" | "landscape";
  margin?: number;
}

/** pdfkit and its font engine hold ~5 MB once loaded: loaded at the first PDF, not at start. */
let pdfkit: Promise<typeof PDFKitDocument> | undefined;

/** Draws a US Letter document and returns its bytes. */
export async function renderPdf(info: PdfInfo, draw: (doc: PdfDoc) => void): Promise<Buffer> {
  const PDFDocument = await (pdfkit ??= import("pdfkit").then((m) => m.default));
  const doc = new PDFDocument({
    size: "LETTER",
    layout: info.layout ?? "portrait",
    margin: info.margin ?? 54,
    info: { Title: info.title, Author: info.author ?? "cadre", Subject: info.subject ?? info.title },
  });
  for (const [name, path] of Object.entries(FONTS)) doc.registerFont(name, path);
  doc.font("body");
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  try {
    draw(doc);
  } finally {
    doc.end();
  }
  return done;
}

/** A PDF as a Reply attachment (base64, so the outbox can store it as JSON). */
export function pdfAttachment(filename: string, bytes: Buffer): Attachment {
  return { filename, contentType: "application/pdf", content: bytes.toString("base64"), encoding: "base64" };
}
