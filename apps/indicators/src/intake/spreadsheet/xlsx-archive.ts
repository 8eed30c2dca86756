import { crc32, inflateRawSync } from 'node:zlib';

/**
 * How far an uploaded workbook may unpack. A filled template of 5,000 rows unpacks to about 3 MB; these limits
 * leave room for a template re-saved by Excel or LibreOffice (styles, themes, a few more sheets) and stop an
 * archive built to inflate into gigabytes, whatever sizes it declares about itself.
 */
export interface ArchiveLimits {
  /** Bytes all entries may inflate to together, counted while inflating. */
  maxUnpackedBytes: number;
  /** Entries in the archive (a workbook has a dozen or two). */
  maxEntries: number;
  /** `<row>` elements over all worksheets, counted before exceljs builds a cell model of them. */
  maxRows: number;
  /** `<c>` (cell) elements over all worksheets. */
  maxCells: number;
}

/** Why an archive was refused; the message is for the person who uploaded it. */
export class ArchiveRefusedError extends Error {
  constructor(
    readonly reason: 'damaged' | 'too-large' | 'too-many-entries' | 'too-many-rows' | 'unsupported',
    message: string,
  ) {
    super(message);
    this.name = 'ArchiveRefusedError';
  }
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_ENTRY_SIGNATURE = 0x02014b50;
const LOCAL_HEADER_SIGNATURE = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;

interface Entry {
  name: string;
  data: Buffer;
}

/**
 * Unpacks a ZIP archive entry by entry, counting the bytes each one really inflates to (zlib stops at the budget
 * left, so a bomb costs at most the budget), the entries, and the rows and cells of every worksheet, and returns
 * the same entries as a new archive of stored (uncompressed) entries. That archive is what exceljs reads: it cannot
 * inflate anything the count above did not see, and a parser that trusts the declared sizes reads true ones.
 */
export function repackWithinLimits(zip: Buffer, limits: ArchiveLimits): Buffer {
  const entries = readEntries(zip, limits);
  return writeStoredArchive(entries);
}

function readEntries(zip: Buffer, limits: ArchiveLimits): Entry[] {
  const eocd = findEndOfCentralDirectory(zip);
  if (eocd < 0) throw damaged();
  const count = zip.readUInt16LE(eocd + 10);
  if (count === 0xffff || zip.readUInt32LE(eocd + 16) === 0xffffffff)
    throw new ArchiveRefusedError('unsupported', 'the workbook is a ZIP64 archive, far larger than any template');
  if (count > limits.maxEntries)
    throw new ArchiveRefusedError(
      'too-many-entries',
      `the workbook holds ${count} files, more than the ${limits.maxEntries} a workbook may have`,
    );
  const entries: Entry[] = [];
  let budget = limits.maxUnpackedBytes;
  let rows = 0;
  let cells = 0;
  let at = zip.readUInt32LE(eocd + 16);
  for (let i = 0; i < count; i++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== CENTRAL_ENTRY_SIGNATURE) throw damaged();
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const localOffset = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    if (name.endsWith('/')) continue; // a directory
    const data = inflateEntry(zip, localOffset, compressedSize, method, budget, limits.maxUnpackedBytes);
    budget -= data.length;
    if (/^\/?xl\/worksheets\/[^/]+\.xml$/.test(name)) {
      rows += occurrences(data, '<row');
      cells += occurrences(data, '<c ') + occurrences(data, '<c>');
      if (rows > limits.maxRows || cells > limits.maxCells)
        throw new ArchiveRefusedError(
          'too-many-rows',
          `the workbook's sheets hold more than ${rows > limits.maxRows ? `${limits.maxRows} rows` : `${limits.maxCells} cells`}`,
        );
    }
    entries.push({ name, data });
  }
  return entries;
}

function inflateEntry(
  zip: Buffer,
  offset: number,
  compressedSize: number,
  method: number,
  budget: number,
  limit: number,
): Buffer {
  if (offset + 30 > zip.length || zip.readUInt32LE(offset) !== LOCAL_HEADER_SIGNATURE) throw damaged();
  const start = offset + 30 + zip.readUInt16LE(offset + 26) + zip.readUInt16LE(offset + 28);
  if (start + compressedSize > zip.length) throw damaged();
  const packed = zip.subarray(start, start + compressedSize);
  const tooLarge = () =>
    new ArchiveRefusedError('too-large', `the workbook unpacks to more than ${limit / 1024 / 1024} MB`);
  if (method === STORED) {
    if (packed.length > budget) throw tooLarge();
    return packed;
  }
  if (method !== DEFLATED)
    throw new ArchiveRefusedError('unsupported', `the workbook uses ZIP compression method ${method}, not deflate`);
  try {
    // maxOutputLength stops zlib as soon as the entry would pass what is left of the budget.
    return inflateRawSync(packed, { maxOutputLength: Math.max(1, budget) });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge();
    throw damaged();
  }
}

function findEndOfCentralDirectory(zip: Buffer): number {
  // The record is the last 22 bytes, followed by a comment of up to 65,535 bytes.
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at--)
    if (zip.readUInt32LE(at) === EOCD_SIGNATURE) return at;
  return -1;
}

function occurrences(data: Buffer, text: string): number {
  const needle = Buffer.from(text);
  let n = 0;
  for (let at = data.indexOf(needle); at >= 0; at = data.indexOf(needle, at + needle.length)) n++;
  return n;
}

/** A ZIP archive of stored entries (no compression), UTF-8 names. */
function writeStoredArchive(entries: Entry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL_HEADER_SIGNATURE, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(STORED, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(CENTRAL_ENTRY_SIGNATURE, 0);
    central.writeUInt16LE(20, 4); // version made by
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(STORED, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(EOCD_SIGNATURE, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

function damaged(): ArchiveRefusedError {
  return new ArchiveRefusedError('damaged', 'the file is a damaged ZIP archive, not a readable .xlsx workbook');
}
