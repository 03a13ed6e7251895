// Benchmark (not a test): boxes per second for value + gradient + Hessian enclosures of a
// 2 -> 64 x 3 tanh network, and the time `bounds` needs to reach 1% on a 2D box for it.
// Run: npx tsx bench/bounds.ts
import { performance } from 'node:perf_hooks';
import type { MlpLayer, EnergyModel } from '../src/kernel/model.js';
import { compileModelEnclosure } from '../src/kernel/enclosure.js';
import { compileNetworkEnclosure, createFlatEnclosure } from '../src/kernel/network.js';
import { tightenedEnclosure } from '../src/kernel/branchAndBoundEnclosure.js';
import { createRng } from '../src/random/rng.js';

function tanhNetwork(seed: number): EnergyModel {
  const rng = createRng(seed);
  const widths = [2, 64, 64, 64, 1];
  const layers: MlpLayer[] = [];
  for (let i = 0; i + 1 < widths.length; i++) {
    const inDim = widths[i]!, outDim = widths[i + 1]!;
    const scale = Math.sqrt(1 / inDim); // LeCun-normal initialisation, as a trained network roughly keeps
    const weight = Float64Array.from({ length: inDim * outDim }, () => rng.normal() * scale);
    const bias = Float64Array.from({ length: outDim }, () => rng.normal() * 0.1);
    layers.push({ inDim, outDim, weight, bias, activation: i + 2 < widths.length ? 'tanh' : 'identity' });
  }
  return { kind: 'mlp', dim: 2, layers };
}

function boxesPerSecond(encloseBox: (lo: Float64Array, hi: Float64Array) => void, width: number): number {
  const lo = new Float64Array(2), hi = new Float64Array(2);
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < 2000) {
    for (let k = 0; k < 50; k++, n++) {
      const cx = -2 + 4 * ((n * 0.618034) % 1), cy = -2 + 4 * ((n * 0.414214) % 1);
      lo[0] = cx - width / 2; hi[0] = cx + width / 2; lo[1] = cy - width / 2; hi[1] = cy + width / 2;
      encloseBox(lo, hi);
    }
  }
  return (n / (performance.now() - start)) * 1000;
}

const model = tanhNetwork(2026);
if (model.kind !== 'mlp') throw new Error('unreachable');
const compiled = compileModelEnclosure(model);
const out = createFlatEnclosure(2);
const direct = compileNetworkEnclosure(2, model.layers);

console.log('emcert bounds benchmark: 2 -> 64 x 3 tanh network (value + gradient + Hessian enclosures)');
for (const width of [1e-3, 0.1]) {
  const plain = boxesPerSecond((lo, hi) => direct(lo, hi, out), width);
  const centered = boxesPerSecond((lo, hi) => compiled.encloseFlat(lo, hi, out), width);
  console.log(`  box width ${width}: ${plain.toFixed(0)} boxes/s (forward propagation), ${centered.toFixed(0)} boxes/s (with centered forms, 2 passes)`);
}

const box = [{ lo: -2, hi: 2 }, { lo: -2, hi: 2 }];
for (const tolerance of [0.01]) {
  const start = performance.now();
  const r = tightenedEnclosure(compiled, box, { tolerance, maxBoxes: 400000 });
  const seconds = (performance.now() - start) / 1000;
  const boxes = r.entries.reduce((s, e) => s + e.evaluations, 0);
  console.log(`  bounds to ${tolerance * 100}% on [-2,2]^2 (value, 2 gradient, 3 Hessian entries): ${seconds.toFixed(2)} s, ${boxes} boxes, converged: ${r.entries.every((e) => e.converged)}`);
  for (const e of r.entries) console.log(`    ${JSON.stringify(e.objective)}: [${e.range.lo.toPrecision(6)}, ${e.range.hi.toPrecision(6)}] in ${e.evaluations} boxes`);
}
