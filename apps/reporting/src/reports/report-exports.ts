import { csvDocument } from '@dxhub/csv';
import { Workbook } from 'exceljs';
import PDFDocument from 'pdfkit';
import { repoFile } from '../repo-file';
import { KIND_VI, type ReportSnapshot, snapshotLines, STATUS_VI } from './report-snapshot';

const COLUMNS = [
  ['code', 'Mã chỉ tiêu / Code'],
  ['nameVi', 'Tên chỉ tiêu'],
  ['nameEn', 'Indicator'],
  ['pillar', 'Trụ cột / Pillar'],
  ['index', 'Chỉ số thành phần / Index'],
  ['unit', 'Đơn vị / Unit'],
  ['value', 'Giá trị / Value'],
  ['target', 'Chỉ tiêu / Target'],
  ['nationalAverage', 'Trung bình cả nước / National average'],
  ['achievement', 'Mức đạt (%) / Achievement'],
  ['status', 'Trạng thái / Status'],
] as const;

type Row = Record<(typeof COLUMNS)[number][0], string | number | null>;

function rows(snapshot: ReportSnapshot): Row[] {
  return snapshotLines(snapshot).map((l) => ({
    code: l.code,
    nameVi: l.nameVi,
    nameEn: l.nameEn,
    pillar: l.pillar,
    index: l.index,
    unit: l.unit,
    value: l.value,
    target: l.target,
    nationalAverage: l.nationalAverage,
    achievement: l.achievement,
    status: l.status,
  }));
}

/**
 * CSV (UTF-8 with a BOM so spreadsheet programs read the Vietnamese right), one row per indicator; text that would
 * start a formula is neutralised (libs/csv).
 */
export function reportCsv(snapshot: ReportSnapshot): string {
  return csvDocument(
    COLUMNS.map(([, title]) => title),
    rows(snapshot).map((row) => COLUMNS.map(([key]) => row[key])),
    { byteOrderMark: true },
  );
}

/** XLSX: the indicators (numbers as numbers), the scores, and the report's identity. */
export async function reportXlsx(snapshot: ReportSnapshot): Promise<Buffer> {
  const workbook = new Workbook();
  workbook.created = new Date(snapshot.generatedAt);
  const indicators = workbook.addWorksheet('Chỉ tiêu');
  indicators.columns = COLUMNS.map(([key, header]) => ({
    key,
    header,
    width: key === 'nameVi' || key === 'nameEn' ? 60 : 14,
  }));
  for (const row of rows(snapshot)) indicators.addRow(row);
  indicators.getRow(1).font = { bold: true };
  const scores = workbook.addWorksheet('Điểm số');
  scores.columns = [
    { key: 'kind', header: 'Cấp / Level', width: 14 },
    { key: 'code', header: 'Mã / Code', width: 10 },
    { key: 'nameVi', header: 'Tên', width: 36 },
    { key: 'score', header: 'Điểm (0–1) / Score', width: 16 },
    { key: 'maxPoints', header: 'Điểm tối đa / Max points', width: 16 },
  ];
  const card = snapshot.scorecard;
  scores.addRow({
    kind: 'DTI',
    code: 'DTI',
    nameVi: 'Chỉ số chuyển đổi số',
    score: card.overall.score,
    maxPoints: card.overall.maxPoints,
  });
  for (const p of card.pillars)
    scores.addRow({ kind: 'Trụ cột', code: p.code, nameVi: p.nameVi, score: p.score, maxPoints: p.maxPoints });
  for (const i of card.indexes)
    scores.addRow({ kind: 'Chỉ số', code: i.code, nameVi: i.nameVi, score: i.score, maxPoints: i.maxPoints });
  const about = workbook.addWorksheet('Thông tin');
  for (const [k, v] of [
    ['reportId', snapshot.reportId],
    ['kind', snapshot.kind],
    ['period', snapshot.period],
    ['orgUnit', `${snapshot.orgUnit.code} ${snapshot.orgUnit.nameVi}`],
    ['windowStart', snapshot.window.start],
    ['windowEnd', snapshot.window.end],
    ['trigger', snapshot.trigger],
    ['generatedAt', snapshot.generatedAt],
    ['framework', `${card.framework.code} (${card.framework.decision})`],
  ]) {
    about.addRow([k, v]);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const fmt = (v: number | null, digits = 2) =>
  v === null ? '—' : v.toLocaleString('vi-VN', { maximumFractionDigits: digits });

/**
 * PDF with DejaVu Sans embedded (it has every Vietnamese glyph, so the text extracts with its
 * diacritics), the pillar and index scores as bar charts drawn with pdfkit's primitives, and the
 * indicator table.
 */
export function reportPdf(snapshot: ReportSnapshot): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 40,
    info: { Title: `${KIND_VI[snapshot.kind]} ${snapshot.period} — ${snapshot.orgUnit.nameVi}`, Author: 'DX Hub' },
  });
  doc.registerFont('body', repoFile('apps/reporting/assets/fonts/DejaVuSans.ttf'));
  doc.registerFont('bold', repoFile('apps/reporting/assets/fonts/DejaVuSans-Bold.ttf'));
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const card = snapshot.scorecard;
  doc.font('bold').fontSize(16).text(`${KIND_VI[snapshot.kind]} kỳ ${snapshot.period}`);
  doc
    .font('body')
    .fontSize(11)
    .text(`${snapshot.orgUnit.nameVi} (${snapshot.orgUnit.code}) — Nghị quyết 08-NQ/TU về chuyển đổi số`);
  doc
    .fontSize(9)
    .fillColor('#444')
    .text(
      `Kỳ số liệu ${snapshot.window.start} → ${snapshot.window.end}; lập ${snapshot.generatedAt} (${snapshot.trigger === 'scheduled' ? 'theo lịch' : 'theo yêu cầu'}); ` +
        `khung ${card.framework.code} (${card.framework.decision})${card.framework.pointsInferred ? ', điểm chỉ số suy luận từ DTI-2022' : ''}.`,
    );
  doc
    .moveDown()
    .fillColor('#000')
    .font('bold')
    .fontSize(12)
    .text(`Chỉ số chuyển đổi số (DTI): ${fmt(card.overall.score, 4)}`);

  // Bars: the three pillars, then the main indexes, each 0–1.
  const bars = [
    ...card.pillars.map((p) => ({ label: `${p.code} ${p.nameVi}`, score: p.score })),
    ...card.indexes.filter((i) => i.maxPoints > 0).map((i) => ({ label: `${i.code} ${i.nameVi}`, score: i.score })),
  ];
  const left = 40 + 190;
  const width = 280;
  let y = doc.y + 8;
  doc.font('body').fontSize(8);
  for (const bar of bars) {
    doc.fillColor('#000').text(bar.label, 40, y, { width: 185, lineBreak: false, ellipsis: true });
    doc.rect(left, y, width, 9).fillColor('#eeeeee').fill();
    if (bar.score !== null)
      doc
        .rect(left, y, width * Math.min(1, bar.score), 9)
        .fillColor(bar.score >= 0.8 ? '#2e7d32' : bar.score >= 0.5 ? '#f9a825' : '#c62828')
        .fill();
    doc.fillColor('#000').text(fmt(bar.score, 3), left + width + 6, y, { lineBreak: false });
    y += 13;
  }
  doc.y = y + 8;
  doc.x = 40;

  doc.font('bold').fontSize(11).fillColor('#000').text('Chỉ tiêu', 40, doc.y);
  doc.moveDown(0.3);
  const cols = [
    { title: 'Chỉ tiêu', w: 245 },
    { title: 'Giá trị', w: 60 },
    { title: 'Chỉ tiêu KH', w: 60 },
    { title: 'Mức đạt %', w: 55 },
    { title: 'Trạng thái', w: 95 },
  ];
  const header = () => {
    let x = 40;
    doc.font('bold').fontSize(8);
    const top = doc.y;
    for (const c of cols) {
      doc.text(c.title, x, top, { width: c.w - 4 });
      x += c.w;
    }
    doc.y = top + 12;
  };
  header();
  doc.font('body').fontSize(8);
  for (const line of snapshotLines(snapshot)) {
    const cells = [
      `${line.nameVi} (${line.code})`,
      fmt(line.value),
      fmt(line.target),
      fmt(line.achievement, 1),
      STATUS_VI[line.status] ?? line.status,
    ];
    const height = doc.heightOfString(cells[0], { width: cols[0].w - 4 }) + 3;
    if (doc.y + height > doc.page.height - 50) {
      doc.addPage();
      header();
      doc.font('body').fontSize(8);
    }
    const top = doc.y;
    let x = 40;
    cells.forEach((cell, i) => {
      doc.text(cell, x, top, { width: cols[i].w - 4 });
      x += cols[i].w;
    });
    doc.y = top + height;
  }
  doc.end();
  return done;
}
