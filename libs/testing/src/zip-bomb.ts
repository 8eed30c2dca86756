import { constants, createDeflateRaw } from 'node:zlib';

/**
 * A crafted .xlsx-looking ZIP archive whose one worksheet entry inflates to `inflatedMiB` MiB of zeros while its
 * headers declare 1,000 bytes: the archive a few MB in size that a reader trusting declared sizes inflates into
 * gigabytes. Built from one fully flushed deflate block repeated (each block stands alone after a full flush), so
 * making a 4 GiB bomb costs a few milliseconds.
 */
export async function zipBomb(inflatedMiB: number, entryName = 'xl/worksheets/sheet1.xml'): Promise<Buffer> {
  const deflate = createDeflateRaw({ level: 9 });
  const chunks: Buffer[] = [];
  deflate.on('data', (c: Buffer) => chunks.push(c));
  const flushed = new Promise<void>((resolve) => {
    deflate.write(Buffer.alloc(1024 * 1024));
    deflate.flush(constants.Z_FULL_FLUSH, () => resolve());
  });
  await flushed;
  const oneMiB = Buffer.concat(chunks);
  chunks.length = 0;
  await new Promise<void>((resolve) => deflate.end(() => resolve()));
  await new Promise((resolve) => setImmediate(resolve));
  const finalBlock = Buffer.concat(chunks);
  const data = Buffer.concat([...Array.from({ length: inflatedMiB }, () => oneMiB), finalBlock]);

  const name = Buffer.from(entryName);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8); // deflate
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(1000, 22); // the lie
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(1000, 24); // the lie again
  central.writeUInt16LE(name.length, 28);
  central.writeUInt32LE(0, 42);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(46 + name.length, 12);
  end.writeUInt32LE(30 + name.length + data.length, 16);
  return Buffer.concat([local, name, data, central, name, end]);
}
