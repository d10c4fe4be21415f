/**
 * Tiny zip and tar writers for tests: they build exactly the archives a test needs, hostile ones included
 * (`../` names, sizes that lie, millions of zeros), which well-behaved archivers refuse to write.
 */
import { crc32, deflateRawSync, gzipSync } from 'node:zlib';

export interface ArchiveItem {
  name: string;
  data?: Buffer | string;
  /** Zip: store instead of deflate. */
  stored?: boolean;
  /** Zip: the uncompressed size written in the headers (a lying entry when it differs). */
  declaredSize?: number;
  directory?: boolean;
}

const bytes = (d: Buffer | string | undefined) => (typeof d === 'string' ? Buffer.from(d) : d ?? Buffer.alloc(0));

/** A zip (no data descriptors, no zip64), UTF-8 names. */
export function zipOf(items: ArchiveItem[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const item of items) {
    const name = Buffer.from(item.directory && !item.name.endsWith('/') ? `${item.name}/` : item.name);
    const raw = bytes(item.data);
    const method = item.stored || item.directory ? 0 : 8;
    const body = method === 8 ? deflateRawSync(raw) : raw;
    const size = item.declaredSize ?? raw.length;
    const crc = crc32(raw);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x5a21, 12); // 2025-01-01
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x5a21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(item.directory ? 0x10 : 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(items.length, 8);
  end.writeUInt16LE(items.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

function tarHeader(name: string, size: number, type: '0' | '5'): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0, 100, 'utf8');
  h.write(type === '5' ? '0000755\0' : '0000644\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(`${size.toString(8).padStart(11, '0')}\0`, 124);
  h.write(`${Math.floor(Date.UTC(2025, 0, 1) / 1000).toString(8).padStart(11, '0')}\0`, 136);
  h.write('        ', 148);
  h.write(type, 156);
  h.write('ustar\0' + '00', 257, 'latin1');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return h;
}

/** A ustar archive (names up to 100 bytes), optionally gzipped. */
export function tarOf(items: ArchiveItem[], gzip = false): Buffer {
  const parts: Buffer[] = [];
  for (const item of items) {
    const data = bytes(item.data);
    parts.push(tarHeader(item.name, item.directory ? 0 : data.length, item.directory ? '5' : '0'));
    if (!item.directory) parts.push(data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  parts.push(Buffer.alloc(1024));
  const tar = Buffer.concat(parts);
  return gzip ? gzipSync(tar) : tar;
}
