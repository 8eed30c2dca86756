import { DomainErrorKind, DomainException } from '@dxhub/http';
import { Workbook } from 'exceljs';
import { MAX_ROWS_PER_REQUEST } from './sheet-columns';
import { type ArchiveLimits, ArchiveRefusedError, repackWithinLimits } from './xlsx-archive';

/** Largest upload accepted (also the multipart limit of the upload endpoint). */
export const MAX_XLSX_BYTES = 5 * 1024 * 1024;

/**
 * What an upload may unpack to (xlsx-archive.ts counts it while inflating). A filled template of 5,000 rows unpacks
 * to about 3 MB; 32 MB leaves room for a workbook re-saved by a spreadsheet program and keeps a crafted archive's
 * cost to the service below 100 MB. Rows and cells are bounded before exceljs builds a model of them.
 */
export const XLSX_LIMITS: ArchiveLimits = {
  maxUnpackedBytes: 32 * 1024 * 1024,
  maxEntries: 200,
  maxRows: 2 * MAX_ROWS_PER_REQUEST + 100,
  maxCells: 40 * (2 * MAX_ROWS_PER_REQUEST + 100),
};

const ZIP_LOCAL_HEADER = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE2_HEADER = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/**
 * Opens an uploaded file as an .xlsx workbook, judging it by its bytes (not its name or declared type).
 * Throws INVALID_INPUT naming what is wrong: not a spreadsheet, the old .xls format, damaged, too large.
 */
export async function openXlsx(file: Buffer): Promise<Workbook> {
  if (file.length >= OLE2_HEADER.length && file.subarray(0, OLE2_HEADER.length).equals(OLE2_HEADER)) {
    throw notXlsx(
      'the file is in the old Excel 97–2003 (.xls) format: save it as an Excel Workbook (.xlsx) and upload that',
    );
  }
  if (file.length < ZIP_LOCAL_HEADER.length || !file.subarray(0, ZIP_LOCAL_HEADER.length).equals(ZIP_LOCAL_HEADER)) {
    throw notXlsx(
      'the file is not an .xlsx workbook (an .xlsx file is a ZIP archive and starts with the bytes PK); upload the filled template',
    );
  }
  let repacked: Buffer;
  try {
    repacked = repackWithinLimits(file, XLSX_LIMITS);
  } catch (error) {
    if (!(error instanceof ArchiveRefusedError)) throw error;
    throw notXlsx(
      error.reason === 'damaged' || error.reason === 'unsupported'
        ? error.message
        : `${error.message}; upload at most ${MAX_ROWS_PER_REQUEST} rows of values in the template`,
      error.reason === 'damaged' || error.reason === 'unsupported' ? undefined : 'WORKBOOK_TOO_LARGE',
    );
  }
  const workbook = new Workbook();
  try {
    // exceljs declares its own `Buffer` (an ArrayBuffer); at run time it takes Node's Buffer.
    await workbook.xlsx.load(repacked as unknown as Parameters<Workbook['xlsx']['load']>[0]);
  } catch (error) {
    throw notXlsx(`the file is not a readable .xlsx workbook (${(error as Error).message})`);
  }
  if (workbook.worksheets.length === 0) throw notXlsx('the workbook has no worksheet');
  return workbook;
}

/** The workbook as the bytes of an .xlsx file. */
export async function xlsxBytes(workbook: Workbook): Promise<Buffer> {
  const written = await workbook.xlsx.writeBuffer();
  return Buffer.from(written as unknown as Uint8Array);
}

function notXlsx(message: string, code = 'NOT_AN_XLSX_WORKBOOK'): DomainException {
  return new DomainException(DomainErrorKind.INVALID_INPUT, code, message);
}
