// The transcript as a PDF: a portrait table of sessions with hours credited, then the totals by
// kind and topic. Rows that run past a page continue on the next one under the same headings.
import { hoursText } from "../../core/duration.js";
import { KIND_LABEL } from "./sessions.js";
import { renderPdf, type PdfDoc } from "../pdf.js";
import type { Transcript } from "./transcript.js";

const LEFT = 54;
const WIDTH = 612 - 2 * LEFT;
const BOTTOM = 792 - 60;
/** Column x offsets and widths: date, session, kind, topics, hours. */
const COLS = [
  { label: "Date", w: 70 },
  { label: "Session", w: 200 },
  { label: "Kind", w: 90 },
  { label: "Topics", w: 84 },
  { label: "Hours", w: 60 },
];

function row(doc: PdfDoc, y: number, cells: string[], font: string): number {
  doc.font(font).fontSize(9.5);
  const h = Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: COLS[i]!.w - 6 })));
  let x = LEFT;
  cells.forEach((c, i) => {
    doc.text(c, x, y, { width: COLS[i]!.w - 6, align: i === 4 ? "right" : "left" });
    x += COLS[i]!.w;
  });
  return y + h + 5;
}

export function transcriptPdf(t: Transcript, issuer?: string): Promise<Buffer> {
  const period = t.period.label === "all" ? "All sessions" : `School year ${t.period.label}`;
  return renderPdf({ title: `PD transcript — ${t.name}`, subject: `${t.name}, ${period}` }, (doc) => {
    const heading = (y: number): number => {
      doc
        .moveTo(LEFT, y + 14)
        .lineTo(LEFT + WIDTH, y + 14)
        .lineWidth(0.6)
        .stroke();
      return (
        row(
          doc,
          y,
          COLS.map((c) => c.label),
          "bold",
        ) + 2
      );
    };
    doc.font("serifBold").fontSize(20).text("Professional learning transcript", LEFT, 54, { width: WIDTH });
    doc.font("body").fontSize(11).text([t.name, issuer, period].filter(Boolean).join("  ·  "), { width: WIDTH });
    let y = heading(doc.y + 16);
    if (!t.rows.length) y = row(doc, y, ["", "No sessions attended in this period.", "", "", ""], "italic");
    for (const r of t.rows) {
      if (y > BOTTOM - 30) {
        doc.addPage();
        y = heading(54);
      }
      y = row(
        doc,
        y,
        [r.date, r.title, KIND_LABEL[r.kind] ?? r.kind, r.topics.join(", "), hoursText(r.minutes)],
        "body",
      );
    }
    const totals: [string, number][] = [
      ...t.byKind.map(([k, m]) => [`Total: ${k}`, m] as [string, number]),
      ...t.byTopic.map(([k, m]) => [`Total: topic ${k}`, m] as [string, number]),
    ];
    if (y > BOTTOM - 20 * (totals.length + 2)) {
      doc.addPage();
      y = 54;
    }
    doc
      .moveTo(LEFT, y + 2)
      .lineTo(LEFT + WIDTH, y + 2)
      .lineWidth(0.6)
      .stroke();
    y += 8;
    for (const [label, m] of totals) y = row(doc, y, ["", label, "", "", hoursText(m)], "body");
    row(doc, y, ["", "Total hours credited", "", "", hoursText(t.total)], "bold");
  });
}
