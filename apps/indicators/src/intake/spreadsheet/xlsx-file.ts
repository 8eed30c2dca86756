import { DomainErrorKind, DomainException } from '@dxhub/http';
import { Workbook } from 'exceljs';
import { MAX_ROWS_PER_REQUEST } from './sheet-columns';

/** Largest upload accepted (also the multipart limit of the upload endpoint). */
export const MAX_XLSX_BYTES = 5 * 1024 * 1024;

/*
 * A 5 MB .xlsx of value rows unpacks to a few tens of MB at most; the declared sizes of a zip bomb are far
 * beyond that. exceljs inflates the whole archive in memory, so the archive's own directory is read first.
 * (An archive that lies about its sizes still inflates: a streaming reader that counts bytes would close
 * that too, and belongs with the input hardening of issue 3.)
 */
const MAX_UNPACKED_BYTES = 100 * 1024 * 1024;
const MAX_ENTRIES = 2000;

const ZIP_LOCAL_HEADER = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE2_HEADER = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_ENTRY_SIGNATURE = 0x02014b50;

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
  const unpacked = declaredUnpackedSize(file);
  if (unpacked === null) throw notXlsx('the file is a damaged ZIP archive, not a readable .xlsx workbook');
  if (unpacked.entries > MAX_ENTRIES || unpacked.bytes > MAX_UNPACKED_BYTES) {
    throw notXlsx(
      `the workbook unpacks to more than ${MAX_UNPACKED_BYTES / 1024 / 1024} MB; upload at most ${MAX_ROWS_PER_REQUEST} rows of values`,
    );
  }
  const workbook = new Workbook();
  try {
    // exceljs declares its own `Buffer` (an ArrayBuffer); at run time it takes Node's Buffer.
    await workbook.xlsx.load(file as unknown as Parameters<Workbook['xlsx']['load']>[0]);
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

function notXlsx(message: string): DomainException {
  return new DomainException(DomainErrorKind.INVALID_INPUT, 'NOT_AN_XLSX_WORKBOOK', message);
}

/** Sums the uncompressed sizes the ZIP central directory declares; null when there is no readable directory. */
function declaredUnpackedSize(zip: Buffer): { entries: number; bytes: number } | null {
  // The end-of-central-directory record is the last 22 bytes, followed by a comment of up to 65,535 bytes.
  let eocd = -1;
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at--) {
    if (zip.readUInt32LE(at) === EOCD_SIGNATURE) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) return null;
  const entries = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  let bytes = 0;
  for (let i = 0; i < entries; i++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== CENTRAL_ENTRY_SIGNATURE) return null;
    const size = zip.readUInt32LE(at + 24);
    bytes += size === 0xffffffff ? Number.POSITIVE_INFINITY : size; // ZIP64: far beyond any template
    at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return { entries, bytes };
}
