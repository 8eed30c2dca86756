import { zipBomb } from '@dxhub/testing';
import { Workbook } from 'exceljs';
import { inflateRawSync } from 'node:zlib';
import { type ArchiveLimits, ArchiveRefusedError, repackWithinLimits } from './xlsx-archive';

const LIMITS: ArchiveLimits = { maxUnpackedBytes: 8 * 1024 * 1024, maxEntries: 50, maxRows: 100, maxCells: 1000 };

const refusal = (zip: Buffer, limits = LIMITS): ArchiveRefusedError => {
  try {
    repackWithinLimits(zip, limits);
  } catch (error) {
    if (error instanceof ArchiveRefusedError) return error;
    throw error;
  }
  throw new Error('the archive was accepted');
};

async function workbookWithRows(rows: number): Promise<Buffer> {
  const workbook = new Workbook();
  const sheet = workbook.addWorksheet('Số liệu');
  for (let i = 0; i < rows; i++) sheet.addRow(['BTS_COUNT', '815', '2024S2', i]);
  const written: ArrayBuffer = await workbook.xlsx.writeBuffer(); // exceljs's Buffer is an ArrayBuffer
  return Buffer.from(written);
}

describe('repackWithinLimits', () => {
  it('the crafted archive really is a bomb: 1 GiB behind a few hundred KB that declare 1,000 bytes', async () => {
    const bomb = await zipBomb(1024);
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    expect(() => inflateRawSync(bomb.subarray(30 + 24), { maxOutputLength: 64 * 1024 * 1024 })).toThrow(
      /Cannot create a Buffer larger than|ERR_BUFFER_TOO_LARGE|larger than/,
    );
  });

  it('stops inflating at the budget whatever the archive declares', async () => {
    const refused = refusal(await zipBomb(1024));
    expect(refused).toMatchObject({ reason: 'too-large', message: expect.stringContaining('more than 8 MB') });
  });

  it('bounds the rows and cells of the worksheets before anything parses them', async () => {
    expect(refusal(await workbookWithRows(101))).toMatchObject({ reason: 'too-many-rows' });
    expect(refusal(await workbookWithRows(90), { ...LIMITS, maxCells: 300 })).toMatchObject({
      reason: 'too-many-rows',
      message: expect.stringContaining('300 cells'),
    });
  });

  it('bounds the number of entries', async () => {
    expect(refusal(await workbookWithRows(3), { ...LIMITS, maxEntries: 3 })).toMatchObject({
      reason: 'too-many-entries',
    });
  });

  it('refuses a damaged archive', () => {
    expect(refusal(Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(100, 7)])).reason).toBe('damaged');
  });

  it('repacks a real workbook so that exceljs reads the same cells', async () => {
    const repacked = repackWithinLimits(await workbookWithRows(50), LIMITS);
    const workbook = new Workbook();
    await workbook.xlsx.load(repacked as unknown as Parameters<Workbook['xlsx']['load']>[0]);
    const sheet = workbook.getWorksheet('Số liệu');
    expect(sheet?.rowCount).toBe(50);
    expect(sheet?.getRow(50).values).toEqual([undefined, 'BTS_COUNT', '815', '2024S2', 49]);
  });
});
