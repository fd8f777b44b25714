// The certificate page: one landscape US Letter page a teacher can file with a PD portfolio.
// Every line is fitted to its box (long titles wrap, then shrink; names and places shrink),
// so nothing ever spills onto a second page.
import { renderPdf, type PdfDoc } from "../pdf.js";

export interface CertificateInfo {
  name: string;
  title: string;
  kind: string;
  /** The session's date in the workspace's zone, as people write it. */
  date: string;
  place?: string;
  hours: string;
  leader: string;
  issuer?: string;
  /** As printed, e.g. "7K2QM-XW9DA". */
  code: string;
}

const W = 792;
const H = 612;
const INK = "#1f2a44";
const ACCENT = "#8a6d1f";

/** The largest size from `max` down to `min` at which `text` fits `width` x `height`. */
function fit(doc: PdfDoc, font: string, text: string, width: number, height: number, max: number, min: number): number {
  doc.font(font);
  for (let size = max; size > min; size -= 1) {
    doc.fontSize(size);
    if (doc.heightOfString(text, { width, align: "center" }) <= height) return size;
  }
  return min;
}

/** Centred text in a box; `height` and `ellipsis` keep it inside the box at the smallest size. */
function centred(
  doc: PdfDoc,
  text: string,
  y: number,
  o: { font: string; size: number; height: number; color?: string; width?: number; min?: number },
): void {
  const width = o.width ?? W - 180;
  const size = o.min ? fit(doc, o.font, text, width, o.height, o.size, o.min) : o.size;
  doc
    .font(o.font)
    .fontSize(size)
    .fillColor(o.color ?? INK);
  const used = Math.min(o.height, doc.heightOfString(text, { width, align: "center" }));
  // Vertically centred in its box, so a one-line title sits where a two-line one would.
  doc.text(text, (W - width) / 2, y + (o.height - used) / 2, {
    width,
    height: o.height,
    align: "center",
    ellipsis: true,
    lineBreak: true,
  });
}

export function certificatePdf(c: CertificateInfo): Promise<Buffer> {
  return renderPdf(
    {
      title: `Certificate of completion — ${c.title}`,
      subject: `${c.name}, ${c.title}`,
      layout: "landscape",
      margin: 0,
    },
    (doc) => {
      doc
        .lineWidth(3)
        .strokeColor(ACCENT)
        .rect(24, 24, W - 48, H - 48)
        .stroke();
      doc
        .lineWidth(0.8)
        .strokeColor(INK)
        .rect(34, 34, W - 68, H - 68)
        .stroke();
      centred(doc, c.issuer ?? "", 58, { font: "body", size: 13, height: 20, min: 8, color: ACCENT });
      centred(doc, "Certificate of Completion", 84, { font: "serifBold", size: 34, height: 44 });
      centred(doc, "This certifies that", 146, { font: "italic", size: 15, height: 20 });
      centred(doc, c.name, 172, { font: "serifBold", size: 32, height: 42, min: 12 });
      doc
        .moveTo(W / 2 - 200, 218)
        .lineTo(W / 2 + 200, 218)
        .lineWidth(0.6)
        .strokeColor(ACCENT)
        .stroke();
      centred(doc, "attended the professional learning session", 230, { font: "italic", size: 15, height: 20 });
      centred(doc, c.title, 256, { font: "serifBold", size: 24, height: 88, min: 9 });
      const details = [c.kind, c.date, c.place].filter(Boolean).join("  ·  ");
      centred(doc, details, 352, { font: "body", size: 13, height: 36, min: 7 });
      centred(doc, `Hours credited: ${c.hours}`, 396, { font: "bold", size: 20, height: 28 });
      // Signature block: the leader on the left, the certificate id on the right.
      const y = 478;
      doc.lineWidth(0.6).strokeColor(INK);
      doc.moveTo(90, y).lineTo(340, y).stroke();
      doc.moveTo(452, y).lineTo(702, y).stroke();
      const box = { width: 250, height: 18, align: "center" as const, ellipsis: true };
      doc
        .font("bold")
        .fontSize(12)
        .fillColor(INK)
        .text(c.leader, 90, y - 20, box);
      doc
        .font("body")
        .fontSize(10)
        .fillColor(INK)
        .text("Session leader", 90, y + 6, box);
      doc
        .font("bold")
        .fontSize(12)
        .text(c.code, 452, y - 20, box);
      doc
        .font("body")
        .fontSize(10)
        .text("Certificate id", 452, y + 6, box);
      doc
        .font("body")
        .fontSize(9)
        .fillColor("#555555")
        .text(`Anyone can confirm this certificate in cadre with /session verify code:${c.code}`, 60, 540, {
          width: W - 120,
          height: 14,
          align: "center",
        });
    },
  );
}
