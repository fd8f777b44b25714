// Reads a PDF back as text (unpdf, pdf.js underneath), so tests check what a document says,
// not its bytes.
import { extractText, getDocumentProxy } from "unpdf";

export async function pdfText(bytes: Buffer | Uint8Array): Promise<{ text: string; pages: number }> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const { text, totalPages } = await extractText(pdf, { mergePages: true });
  return { text, pages: totalPages };
}
