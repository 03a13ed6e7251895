// Benchmark (not a test): boxes per second for value + gradient + Hessian enclosures of a
// 2 -> 64 x 3 tanh network, and the time `bounds` needs to reach 1% on a 2D box for it.
// Run: npx tsx bench/bounds.ts. Parts: BENCH_MAX_BOXES (work limit per entry), BENCH_TOLERANCES
// (default "0.1,0.01"), BENCH_ENTRIES (a substring of the entry names, e.g. "hessian"),
// BENCH_SKIP_THROUGHPUT=1, BENCH_SKIP_THREADS=1.
import { performance } from 'node:perf_hooks';
import type { MlpLayer, EnergyModel } from '../src/kernel/model.js';
import { compileModelEnclosure } from '../src/kernel/enclosure.js';
import { compileNetworkEnclosure, createFlatEnclosure } from '../src/kernel/network.js';
import { boundRange } from '../src/kernel/branchAndBound.js';
import { describeObjective, objectiveEnclosure, type Objective } from '../src/kernel/branchAndBoundObjective.js';
import { createRng } from '../src/random/rng.js';
import { tightenedEnclosureParallel } from '../src/bounds/parallelBranchAndBound.js';

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
  // Warm up (JIT) before measuring.
  for (let k = 0; k < 200; k++) { lo[0] = lo[1] = -k * 1e-3; hi[0] = hi[1] = k * 1e-3; encloseBox(lo, hi); }
  let n = 0;
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  while (performance.now() - start < 2000) {
    for (let k = 0; k < 50; k++, n++) {
      const cx = -2 + 4 * ((n * 0.618034) % 1), cy = -2 + 4 * ((n * 0.414214) % 1);
      lo[0] = cx - width / 2; hi[0] = cx + width / 2; lo[1] = cy - width / 2; hi[1] = cy + width / 2;
      encloseBox(lo, hi);
    }
  }
  // CPU time, not wall time: the shared machines this runs on are often loaded.
  const cpu = process.cpuUsage(cpu0);
  return n / ((cpu.user + cpu.system) / 1e6);
}

const model = tanhNetwork(2026);
if (model.kind !== 'mlp') throw new Error('unreachable');
const compiled = compileModelEnclosure(model);
const out = createFlatEnclosure(2);
const direct = compileNetworkEnclosure(2, model.layers);

console.log('emcert bounds benchmark: 2 -> 64 x 3 tanh network (value + gradient + Hessian enclosures)');
for (const width of process.env.BENCH_SKIP_THROUGHPUT === '1' ? [] : [1e-3, 0.1]) {
  const rate = boxesPerSecond((lo, hi) => direct(lo, hi, out), width);
  const first = boxesPerSecond((lo, hi) => compiled.encloseFlatFirstOrder(lo, hi, out), width);
  const full = boxesPerSecond((lo, hi) => compiled.encloseFlat(lo, hi, out), width);
  console.log(`  box width ${width}: ${rate.toFixed(0)} boxes per CPU-second (forward propagation with affine forms), ${first.toFixed(0)} (plus value/gradient mean-value forms), ${full.toFixed(0)} (encloseFlat: Taylor models of value, gradient and Hessian, alone on boxes where every pre-activation radius is <= 0.5)`);
}

const box = [{ lo: -2, hi: 2 }, { lo: -2, hi: 2 }];
// Time to 1% per entry: each entry is its own branch and bound (what `emcert bounds --tolerance 0.01` runs).
const objectives: Objective[] = [
  { kind: 'value' }, { kind: 'gradient', index: 0 }, { kind: 'gradient', index: 1 },
  { kind: 'hessian', row: 0, col: 0 }, { kind: 'hessian', row: 0, col: 1 }, { kind: 'hessian', row: 1, col: 1 },
];
const maxBoxes = Number(process.env.BENCH_MAX_BOXES ?? 25000);
const tolerances = (process.env.BENCH_TOLERANCES ?? '0.1,0.01').split(',').filter((t) => t !== '').map(Number);
const entryFilter = process.env.BENCH_ENTRIES ?? '';
for (const tolerance of tolerances) {
  console.log(`  bounds to ${tolerance * 100}% on [-2,2]^2, per entry (work limit ${maxBoxes} boxes):`);
  for (const objective of objectives.filter((o) => describeObjective(o).includes(entryFilter))) {
    const start = performance.now();
    const cpu0 = process.cpuUsage();
    const r = boundRange(objectiveEnclosure(compiled, objective), box, { tolerance, maxBoxes });
    const cpu = process.cpuUsage(cpu0);
    console.log(`    ${describeObjective(objective)}: ${((cpu.user + cpu.system) / 1e6).toFixed(1)} CPU-s (${((performance.now() - start) / 1000).toFixed(1)} s wall), ${r.evaluations} boxes, converged ${r.converged}, [${r.min.lo.toPrecision(6)}, ${r.max.hi.toPrecision(6)}], gap ${(((r.min.hi - r.min.lo) + (r.max.hi - r.max.lo)) / (r.max.lo - r.min.hi) * 100).toFixed(2)}% of the range`);
  }
}

// Worker threads: the whole enclosure (every entry) at 1% with 1 and 2 threads; identical results.
if (process.env.BENCH_SKIP_THREADS !== '1') {
  const runs: { threads: number; wall: number; cpu: number; json: string }[] = [];
  for (const threads of [1, 2]) {
    const start = performance.now();
    const cpu0 = process.cpuUsage(); // process-wide: includes the worker threads
    const r = await tightenedEnclosureParallel(model, box, { tolerance: 0.01, maxBoxes, threads });
    const cpu = process.cpuUsage(cpu0);
    runs.push({ threads, wall: (performance.now() - start) / 1000, cpu: (cpu.user + cpu.system) / 1e6, json: JSON.stringify(r.entries) });
  }
  for (const r of runs) console.log(`  whole enclosure at 1%, ${r.threads} thread(s): ${r.wall.toFixed(1)} s wall, ${r.cpu.toFixed(1)} CPU-s`);
  console.log(`  speed-up (wall) ${(runs[0]!.wall / runs[1]!.wall).toFixed(2)}x; results identical: ${runs[0]!.json === runs[1]!.json}`);
}
