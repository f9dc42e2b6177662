// zip.ts reads the plain zips Anki writes with Node's zlib, and hands every other zip back (null) for
// fflate to read: its entries must be fflate's, byte for byte, and it must never guess.
import { deflateRawSync } from 'node:zlib';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readEntries } from '../../../src/import/anki/zip.js';

const text = (n: number): Uint8Array => strToU8(Array.from({ length: n }, (_, i) => `row ${i} ${(i * 7919) % 1000}\n`).join(''));
const files = { 'collection.anki21': text(20_000), 'collection.anki2': text(10), media: strToU8('{}'), '0': new Uint8Array(5000).fill(7) };
const names = ['collection.anki21b', 'collection.anki21', 'collection.anki2'];
const viaFflate = (zip: Uint8Array): Record<string, Uint8Array> => unzipSync(zip, { filter: (f) => names.includes(f.name) });

/** A zip built by hand: one deflated entry, with these central-directory fields overridden. */
function handZip(data: Uint8Array, o: { flags?: number; method?: number; originalSize?: number; count?: number } = {}): Uint8Array {
  const name = Buffer.from('collection.anki21');
  const body = o.method === 0 ? Buffer.from(data) : deflateRawSync(data);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(o.method ?? 8, 8);
  local.writeUInt32LE(body.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(o.flags ?? 0, 8);
  central.writeUInt16LE(o.method ?? 8, 10);
  central.writeUInt32LE(body.length, 20);
  central.writeUInt32LE(o.originalSize ?? data.length, 24);
  central.writeUInt16LE(name.length, 28);
  central.writeUInt32LE(0, 42);
  const cdStart = 30 + name.length + body.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(o.count ?? 1, 8);
  end.writeUInt16LE(o.count ?? 1, 10);
  end.writeUInt32LE(46 + name.length, 12);
  end.writeUInt32LE(cdStart, 16);
  return new Uint8Array(Buffer.concat([local, name, body, central, name, end]));
}

describe('readEntries', () => {
  it('gives the named entries exactly as fflate does, deflated or stored, with or without a comment', () => {
    for (const zip of [zipSync(files), zipSync(files, { level: 0 }), zipSync(files, { level: 9, mtime: new Date(2020, 1, 1) })]) {
      const fast = readEntries(zip, names);
      expect(fast).not.toBeNull();
      expect(Object.keys(fast!).sort()).toEqual(['collection.anki2', 'collection.anki21']);
      for (const [k, v] of Object.entries(viaFflate(zip))) expect(Buffer.compare(fast![k]!, v)).toBe(0);
    }
    const withComment = Buffer.concat([Buffer.from(zipSync(files))]);
    // a zip comment: the end record's last field gives its length
    const commented = Buffer.concat([withComment.subarray(0, withComment.length - 2), Buffer.from([5, 0]), Buffer.from('hello')]);
    expect(Buffer.compare(readEntries(new Uint8Array(commented), names)!['collection.anki21']!, files['collection.anki21'])).toBe(0);
  });

  it('reads a zip built by hand the way the format says', () => {
    const data = text(300);
    expect(Buffer.compare(readEntries(handZip(data), names)!['collection.anki21']!, data)).toBe(0);
    expect(Buffer.compare(readEntries(handZip(data, { method: 0 }), names)!['collection.anki21']!, data)).toBe(0);
  });

  it('hands back (null) what it does not read itself: encryption, other methods, wrong sizes, ZIP64, damage', () => {
    const data = text(300);
    expect(readEntries(handZip(data, { flags: 1 }), names)).toBeNull();
    expect(readEntries(handZip(data, { method: 12 }), names)).toBeNull();
    expect(readEntries(handZip(data, { originalSize: data.length + 1 }), names)).toBeNull();
    expect(readEntries(handZip(data, { originalSize: data.length - 1 }), names)).toBeNull();
    expect(readEntries(handZip(data, { count: 0xffff }), names)).toBeNull();
    expect(readEntries(strToU8('not a zip at all'), names)).toBeNull();
    expect(readEntries(new Uint8Array(0), names)).toBeNull();
    const zip = zipSync(files);
    expect(readEntries(zip.subarray(0, zip.length - 30), names)).toBeNull();
    // a deflate stream damaged so that it does not inflate: fflate refuses it, and so does this
    for (let at = 60; at < 400; at += 37) {
      const damaged = zip.slice();
      damaged[at] = damaged[at]! ^ 0xff;
      let fflate: Record<string, Uint8Array> | null;
      try {
        fflate = viaFflate(damaged);
      } catch {
        fflate = null;
      }
      const fast = readEntries(damaged, names);
      if (fflate === null) expect(fast).toBeNull();
      else if (fast) for (const [k, v] of Object.entries(fast)) expect(Buffer.compare(v, fflate[k]!)).toBe(0);
    }
  });
});
