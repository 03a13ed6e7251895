// A quick, NOT certified screen of an 8gaussians model's modes: pi ∝ exp(-E/T) on a 601^2 midpoint
// grid over [-6, 6]^2, split into the 8 angular sectors around the mode directions; per sector its mass,
// mean radius, radial std and tangential std (data: radius 4/sqrt(2) = 2.828, std 0.5/sqrt(2) = 0.354).
// Tells too-wide, too-narrow, shifted and unevenly deep wells apart; nothing here feeds a certificate.
//   npx tsx scripts/mode-shape-8gaussians.ts MODEL.json
import { loadModelFile } from '../src/energy/network/load.js';

const path = process.argv[2];
if (!path) {
  process.stderr.write('usage: npx tsx scripts/mode-shape-8gaussians.ts MODEL.json\n');
  process.exit(3);
}
const { energy, manifest } = loadModelFile(path);
const T = manifest.temperature ?? 1;
const L = 6, n = 601, h = (2 * L) / n;
const grid = new Float64Array(2 * n * n);
for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) { grid[2 * (i * n + j)] = -L + (i + 0.5) * h; grid[2 * (i * n + j) + 1] = -L + (j + 0.5) * h; }
const e = energy.valueBatch(grid, n * n);
let emin = Infinity; for (const v of e) emin = Math.min(emin, v);
const S = Array.from({ length: 8 }, () => ({ w: 0, r: 0, r2: 0, t2: 0 }));
let tot = 0;
for (let k = 0; k < n * n; k++) {
  const w = Math.exp(-(e[k]! - emin) / T); const x = grid[2 * k]!, y = grid[2 * k + 1]!;
  const a = Math.atan2(y, x); const s = Math.round(a / (Math.PI / 4)); const si = ((s % 8) + 8) % 8;
  const r = Math.hypot(x, y); const c = (s * Math.PI) / 4; const t = -Math.sin(c) * x + Math.cos(c) * y;
  const q = S[si]!; q.w += w; q.r += w * r; q.r2 += w * r * r; q.t2 += w * t * t; tot += w;
}
const f = (v: number) => v.toFixed(3);
const rows = S.map((q) => { const m = q.r / q.w; return { mass: q.w / tot, r: m, sr: Math.sqrt(q.r2 / q.w - m * m), st: Math.sqrt(q.t2 / q.w) }; });
console.log(path, 'data: r 2.828 std 0.354');
console.log('mass ', rows.map((x) => (100 * x.mass).toFixed(1)).join(' '));
console.log('r    ', rows.map((x) => f(x.r)).join(' '));
console.log('sd_r ', rows.map((x) => f(x.sr)).join(' '));
console.log('sd_t ', rows.map((x) => f(x.st)).join(' '));
