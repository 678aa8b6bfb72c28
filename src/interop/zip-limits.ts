import { inflateRawSync } from 'node:zlib';
import { invalid } from '../domain/errors.ts';

/**
 * Zip-bomb guard for XLSX (a zip archive), run before exceljs unpacks anything: exceljs (through JSZip) inflates
 * every entry into memory, so a few kilobytes whose sheet inflates to gigabytes would exhaust the heap.
 */
export interface ZipLimits {
  /** The most bytes all entries together may unpack to. */
  maxUncompressedBytes: number;
  maxEntries: number;
}

/** A registry sheet of 10⁵ rows by 20 columns unpacks to some 60 MB of XML. */
export const xlsxZipLimits: ZipLimits = { maxUncompressedBytes: 256 * 1024 * 1024, maxEntries: 10_000 };

const refuse = (message: string) => invalid('archive-too-large', message, [{ path: '/', message }]);
const unreadable = (message: string) => invalid('file-unreadable', `The file is not a readable XLSX workbook (${message}).`);

interface Entry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

/** The central directory's entries, found from the end-of-central-directory record (ZIP64 sizes and offsets included). */
function centralDirectory(zip: Buffer, limits: ZipLimits): Entry[] {
  // The end record is 22 bytes plus a comment of at most 65535; search backwards for its signature.
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65535); i--)
    if (zip.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  if (end < 0) throw unreadable('no zip central directory');
  let count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  if (count === 0xffff || offset === 0xffffffff) {
    const locator = end - 20;
    if (locator < 0 || zip.readUInt32LE(locator) !== 0x07064b50) throw unreadable('damaged ZIP64 directory');
    const record = Number(zip.readBigUInt64LE(locator + 8));
    if (record + 56 > zip.length || zip.readUInt32LE(record) !== 0x06064b50) throw unreadable('damaged ZIP64 directory');
    count = Number(zip.readBigUInt64LE(record + 32));
    offset = Number(zip.readBigUInt64LE(record + 48));
  }
  if (count > limits.maxEntries) throw refuse(`The archive holds ${count} entries; at most ${limits.maxEntries} are accepted.`);
  const entries: Entry[] = [];
  for (let i = 0, at = offset; i < count; i++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== 0x02014b50) throw unreadable('damaged zip central directory');
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const entry: Entry = {
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
      method: zip.readUInt16LE(at + 10),
      compressedSize: zip.readUInt32LE(at + 20),
      uncompressedSize: zip.readUInt32LE(at + 24),
      localHeaderOffset: zip.readUInt32LE(at + 42),
    };
    readZip64Extra(zip, at + 46 + nameLength, extraLength, entry);
    entries.push(entry);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** ZIP64 extra field (id 1): the 64-bit values of those 32-bit fields that hold 0xFFFFFFFF, in this order. */
function readZip64Extra(zip: Buffer, start: number, length: number, entry: Entry) {
  for (let at = start; at + 4 <= start + length && at + 4 <= zip.length; ) {
    const id = zip.readUInt16LE(at);
    const size = zip.readUInt16LE(at + 2);
    if (id === 1) {
      let field = at + 4;
      for (const key of ['uncompressedSize', 'compressedSize', 'localHeaderOffset'] as const)
        if (entry[key] === 0xffffffff && field + 8 <= at + 4 + size && field + 8 <= zip.length) {
          entry[key] = Number(zip.readBigUInt64LE(field));
          field += 8;
        }
    }
    at += 4 + size;
  }
}

/**
 * Refuses an archive whose entries would unpack to more than the limits allow. The sizes the central directory
 * declares are checked first (cheap); then every entry is inflated with its declared size as a hard cap, because
 * a forged directory can declare small sizes for a stream that inflates to far more.
 */
export function checkZipExpansion(zip: Buffer, limits: ZipLimits = xlsxZipLimits): void {
  try {
    checkEntries(zip, limits);
  } catch (error) {
    // Offsets that point outside the file make Buffer reads throw a RangeError.
    if (error instanceof RangeError && (error as { code?: string }).code === 'ERR_OUT_OF_RANGE') throw unreadable('damaged zip structure');
    throw error;
  }
}

function checkEntries(zip: Buffer, limits: ZipLimits): void {
  const entries = centralDirectory(zip, limits);
  const declared = entries.reduce((sum, entry) => sum + entry.uncompressedSize, 0);
  if (declared > limits.maxUncompressedBytes)
    throw refuse(`The archive would unpack to ${declared} bytes; at most ${limits.maxUncompressedBytes} are accepted (a zip bomb?).`);
  for (const entry of entries) {
    const at = entry.localHeaderOffset;
    if (at + 30 > zip.length || zip.readUInt32LE(at) !== 0x04034b50) throw unreadable(`damaged entry ${entry.name}`);
    const dataStart = at + 30 + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28);
    const data = zip.subarray(dataStart, dataStart + entry.compressedSize);
    if (entry.method === 0) {
      if (entry.compressedSize !== entry.uncompressedSize) throw unreadable(`stored entry ${entry.name} has inconsistent sizes`);
      continue;
    }
    if (entry.method !== 8) throw unreadable(`entry ${entry.name} uses compression method ${entry.method}`);
    let unpacked: number;
    try {
      unpacked = inflateRawSync(data, { maxOutputLength: Math.max(1, entry.uncompressedSize) }).length;
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
        throw refuse(`Entry ${entry.name} unpacks to more than the ${entry.uncompressedSize} bytes it declares (a zip bomb?).`);
      throw unreadable(`entry ${entry.name} cannot be unpacked: ${(error as Error).message}`);
    }
    if (unpacked > entry.uncompressedSize) throw refuse(`Entry ${entry.name} unpacks to more than the ${entry.uncompressedSize} bytes it declares (a zip bomb?).`);
  }
}
