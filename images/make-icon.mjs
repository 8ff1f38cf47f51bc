// Draws images/icon.png (128x128): a green rounded tile with a white "N" and a two-way arrow under
// it for the socket. Written by hand (zlib + PNG chunks) so it needs no image tools or network.
// Run: node images/make-icon.mjs
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';

const SIZE = 128;
const SAMPLES = 4; // supersampling per axis, for smooth edges
const GREEN = [0, 150, 57];
const WHITE = [255, 255, 255];

/** Signed-distance-free shape tests in a 0..128 coordinate space. */
function insideTile(x, y) {
  const r = 22;
  const cx = Math.min(Math.max(x, r + 4), SIZE - r - 4);
  const cy = Math.min(Math.max(y, r + 4), SIZE - r - 4);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

function nearSegment(x, y, x1, y1, x2, y2, halfWidth) {
  const dx = x2 - x1;
  const dy = y2 - y1;
  const t = Math.max(0, Math.min(1, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)));
  return (x - x1 - t * dx) ** 2 + (y - y1 - t * dy) ** 2 <= halfWidth * halfWidth;
}

function insideGlyph(x, y) {
  const w = 8;
  const letter =
    nearSegment(x, y, 40, 26, 40, 82, w) || nearSegment(x, y, 40, 26, 88, 82, w) || nearSegment(x, y, 88, 26, 88, 82, w);
  const arrow =
    nearSegment(x, y, 34, 104, 94, 104, 3.5) ||
    nearSegment(x, y, 34, 104, 44, 96, 3.5) ||
    nearSegment(x, y, 34, 104, 44, 112, 3.5) ||
    nearSegment(x, y, 94, 104, 84, 96, 3.5) ||
    nearSegment(x, y, 94, 104, 84, 112, 3.5);
  return letter || arrow;
}

function pixel(px, py) {
  let tile = 0;
  let glyph = 0;
  for (let sy = 0; sy < SAMPLES; sy++) {
    for (let sx = 0; sx < SAMPLES; sx++) {
      const x = px + (sx + 0.5) / SAMPLES;
      const y = py + (sy + 0.5) / SAMPLES;
      if (insideTile(x, y)) {
        tile++;
        if (insideGlyph(x, y)) glyph++;
      }
    }
  }
  const n = SAMPLES * SAMPLES;
  if (tile === 0) return [0, 0, 0, 0];
  const g = glyph / tile;
  const rgb = GREEN.map((c, i) => Math.round(c * (1 - g) + WHITE[i] * g));
  return [...rgb, Math.round((255 * tile) / n)];
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

const raw = Buffer.alloc(SIZE * (1 + SIZE * 4));
for (let y = 0; y < SIZE; y++) {
  const row = y * (1 + SIZE * 4);
  raw[row] = 0; // filter: none
  for (let x = 0; x < SIZE; x++) Buffer.from(pixel(x, y)).copy(raw, row + 1 + x * 4);
}
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(SIZE, 0);
ihdr.writeUInt32BE(SIZE, 4);
ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
const out = path.join(path.dirname(new URL(import.meta.url).pathname), 'icon.png');
fs.writeFileSync(out, png);
console.log(`wrote ${out} (${png.length} bytes)`);
