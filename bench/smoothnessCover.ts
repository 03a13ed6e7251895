// Measurement (not a test): which boxes of the stored smoothness covers set L for the shipped
// models, with the Hessian of encloseFlatFirstOrder (direct) and of encloseFlat (Taylor models, earlier the centered form).
// Run: npx tsx bench/smoothnessCover.ts [model ...]  (default: the four shipped 2D models)
import { readFileSync } from 'node:fs';
import { loadEnergy } from '../src/energy/spec.js';
import { compileModelEnclosure, flatToEnclosure } from '../src/kernel/enclosure.js';
import { createFlatEnclosure } from '../src/kernel/network.js';
import { symmetricEigenBounds } from '../src/kernel/eigen.js';

type Pair = [number | null, number | null];
const names = process.argv.length > 2 ? process.argv.slice(2) : ['8gaussians', 'moons', '2spirals', 'checkerboard'];
for (const name of names) {
  const cert = JSON.parse(readFileSync(`certificates/${name}.json`, 'utf8')) as { hypotheses: { evidence: { boxes?: Pair[][] } }[]; constants: { smoothness: { upper: number } }; temperature: number };
  const boxes = cert.hypotheses[0]!.evidence.boxes!;
  const energy = loadEnergy(`models/${name}/model.json`);
  const compiled = compileModelEnclosure(energy.model);
  const T = cert.temperature;
  const e = createFlatEnclosure(2);
  const radius = (lo: Float64Array, hi: Float64Array, centered: boolean): number => {
    if (centered) compiled.encloseFlat(lo, hi, e); else compiled.encloseFlatFirstOrder(lo, hi, e);
    const h = flatToEnclosure(2, e).hessian;
    const b = symmetricEigenBounds(h);
    return Math.max(b.max.hi, -b.min.lo) / T;
  };
  // Splits a bounded box into k x k sub-boxes (what a finer cover would use).
  const refined = (lo: Float64Array, hi: Float64Array, k: number, centered: boolean): number => {
    let worst = 0;
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) {
      const l = Float64Array.of(lo[0]! + ((hi[0]! - lo[0]!) * i) / k, lo[1]! + ((hi[1]! - lo[1]!) * j) / k);
      const h = Float64Array.of(lo[0]! + ((hi[0]! - lo[0]!) * (i + 1)) / k, lo[1]! + ((hi[1]! - lo[1]!) * (j + 1)) / k);
      worst = Math.max(worst, radius(l, h, centered));
    }
    return worst;
  };
  const stats = { boundedOld: 0, boundedNew: 0, outerOld: 0, outerNew: 0, refinedOld: 0, refinedNew: 0 };
  let worstBounded: [Float64Array, Float64Array] | null = null;
  for (const box of boxes) {
    const lo = Float64Array.from(box, (c) => c[0] ?? -Infinity), hi = Float64Array.from(box, (c) => c[1] ?? Infinity);
    const bounded = lo.every(Number.isFinite) && hi.every(Number.isFinite);
    const o = radius(lo, hi, false), n = radius(lo, hi, true);
    if (bounded) {
      if (n > stats.boundedNew) worstBounded = [lo, hi];
      stats.boundedOld = Math.max(stats.boundedOld, o); stats.boundedNew = Math.max(stats.boundedNew, n);
      stats.refinedOld = Math.max(stats.refinedOld, refined(lo, hi, 8, false));
      stats.refinedNew = Math.max(stats.refinedNew, refined(lo, hi, 8, true));
    } else { stats.outerOld = Math.max(stats.outerOld, o); stats.outerNew = Math.max(stats.outerNew, n); }
  }
  const f = (x: number): string => x.toFixed(1);
  console.log(`${name}: stored L ${f(cert.constants.smoothness.upper)}, ${boxes.length} boxes; bounded boxes max ${f(stats.boundedOld)} -> ${f(stats.boundedNew)} (centered Hessian); each bounded box split 8 x 8: ${f(stats.refinedOld)} -> ${f(stats.refinedNew)}; unbounded outer boxes max ${f(stats.outerOld)} -> ${f(stats.outerNew)}; worst bounded box ${worstBounded ? `[${Array.from(worstBounded[0])}]..[${Array.from(worstBounded[1])}]` : '-'}`);
}
