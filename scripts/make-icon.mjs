#!/usr/bin/env node
// Draws the extension icon, images/icon.png (128×128 RGBA), without any image tooling:
// shapes are signed-distance functions, sampled 4×4 per pixel for anti-aliasing,
// and the PNG is written by hand (zlib deflate + CRC-32).
//
//   node scripts/make-icon.mjs [out.png] [size]
//
// The picture: a ledger sheet (a table with a code column, rows and amount bars) on a
// teal tile, with a red seal carrying “¥” — a budget table, checked.
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.resolve(root, process.argv[2] ?? 'images/icon.png');
const size = Number(process.argv[3] ?? 128);
const S = size / 128; // the drawing is specified on a 128-unit canvas

// ---- colours ----------------------------------------------------------------------------
const hex = (h) => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16), 255];
const TILE_TOP = hex('#1f7a6d');
const TILE_BOTTOM = hex('#0f4c47');
const PAPER = hex('#fbfaf5');
const HEADER = hex('#d6ebe6');
const RULE = hex('#a9c4bf');
const CODE = hex('#2b6f8f');
const AMOUNT = hex('#3d4a4f');
const SEAL = hex('#c8283a');
const SEAL_RING = hex('#fbfaf5');
const GLYPH = hex('#ffffff');

// ---- signed distance functions (negative inside) --------------------------------------------
const roundRect = (x0, y0, x1, y1, r) => (x, y) => {
  const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
  const qx = Math.abs(x - cx) - ((x1 - x0) / 2 - r);
  const qy = Math.abs(y - cy) - ((y1 - y0) / 2 - r);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
};
const circle = (cx, cy, r) => (x, y) => Math.hypot(x - cx, y - cy) - r;
const segment = (ax, ay, bx, by, w) => (x, y) => {
  const px = x - ax, py = y - ay, dx = bx - ax, dy = by - ay;
  const h = Math.max(0, Math.min(1, (px * dx + py * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - dx * h, py - dy * h) - w / 2;
};
const union = (...fs) => (x, y) => Math.min(...fs.map((f) => f(x, y)));
const minus = (a, b) => (x, y) => Math.max(a(x, y), -b(x, y));

// ---- the picture, back to front ------------------------------------------------------------
const tile = roundRect(4, 4, 124, 124, 24);
const sheet = roundRect(20, 16, 92, 110, 7);
const header = (x, y) => Math.max(sheet(x, y), y - 33); // top band of the sheet
const rows = [45, 57, 69, 81, 93];
const rules = union(
  ...rows.map((y) => segment(26, y - 6, 86, y - 6, 1.4)),
  segment(43, 33, 43, 104, 1.4), // code column | name and amounts
);
const codes = union(...rows.map((y) => segment(27.5, y, 37.5, y, 4)));
const amounts = union(...rows.map((y, i) => segment(70 - ((i * 7) % 16), y, 83, y, 4))); // right-aligned, as amounts are
const sealCentre = [93, 93];
const seal = circle(...sealCentre, 24);
const ring = minus(circle(...sealCentre, 21), circle(...sealCentre, 18.6));
const [gx, gy] = sealCentre;
const yen = union(
  segment(gx - 8.5, gy - 11, gx, gy - 0.5, 4.2), // the two arms of the Y
  segment(gx + 8.5, gy - 11, gx, gy - 0.5, 4.2),
  segment(gx, gy - 0.5, gx, gy + 12, 4.2), // the stem
  segment(gx - 7.5, gy + 2.5, gx + 7.5, gy + 2.5, 3.2), // the two bars
  segment(gx - 7.5, gy + 7.5, gx + 7.5, gy + 7.5, 3.2),
);
const sealShadow = circle(sealCentre[0] + 1.5, sealCentre[1] + 2.5, 25);

/** Colour of the topmost layer at (x, y) on the 128-unit canvas, or null outside the tile. */
function shade(x, y) {
  if (tile(x, y) > 0) return null;
  const t = y / 128;
  let c = TILE_TOP.map((v, i) => Math.round(v + (TILE_BOTTOM[i] - v) * t));
  if (sheet(x + 1.5, y - 2.5) <= 0) c = c.map((v, i) => (i < 3 ? Math.round(v * 0.78) : v)); // sheet shadow
  if (sheet(x, y) <= 0) c = PAPER;
  if (header(x, y) <= 0) c = HEADER;
  if (rules(x, y) <= 0 && sheet(x, y) <= 0) c = RULE;
  if (codes(x, y) <= 0) c = CODE;
  if (amounts(x, y) <= 0) c = AMOUNT;
  if (sealShadow(x, y) <= 0) c = c.map((v, i) => (i < 3 ? Math.round(v * 0.8) : v));
  if (seal(x, y) <= 0) c = SEAL;
  if (ring(x, y) <= 0) c = SEAL_RING;
  if (yen(x, y) <= 0) c = GLYPH;
  return c;
}

// ---- rasterise (4×4 supersampling, premultiplied average) ------------------------------------
const N = 4;
const pixels = Buffer.alloc(size * size * 4);
for (let py = 0; py < size; py++)
  for (let px = 0; px < size; px++) {
    const acc = [0, 0, 0, 0];
    for (let sy = 0; sy < N; sy++)
      for (let sx = 0; sx < N; sx++) {
        const c = shade((px + (sx + 0.5) / N) / S, (py + (sy + 0.5) / N) / S);
        if (!c) continue;
        acc[0] += c[0]; acc[1] += c[1]; acc[2] += c[2]; acc[3] += 255;
      }
    const o = (py * size + px) * 4;
    const covered = acc[3] / 255;
    pixels[o] = covered ? Math.round(acc[0] / covered) : 0;
    pixels[o + 1] = covered ? Math.round(acc[1] / covered) : 0;
    pixels[o + 2] = covered ? Math.round(acc[2] / covered) : 0;
    pixels[o + 3] = Math.round(acc[3] / (N * N));
  }

// ---- PNG encoding -----------------------------------------------------------------------------
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
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(size, 0);
ihdr.writeUInt32BE(size, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // RGBA
const raw = Buffer.alloc(size * (size * 4 + 1));
for (let y = 0; y < size; y++) {
  raw[y * (size * 4 + 1)] = 0; // filter: none
  pixels.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
}
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, png);
console.log(`${path.relative(root, out)}: ${size}×${size}, ${png.length} bytes`);
