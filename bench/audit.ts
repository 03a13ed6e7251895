// Benchmark (not a test): the release audit of models/8gaussians (2 -> 64 -> 64 -> 1 tanh plus the
// regularizer, at the model's declared T and with its sampling block): ln Z to 1% (width <= 0.01 max(1, |ln Z|)), auto-basin masses to
// +-0.005, then the mixing bracket, the certified smoothness constant and the seeded sampler run
// (2000 chains), each phase timed; target <= 60 s in all. With --quadrature, a float midpoint rule
// at two resolutions (untrusted) is compared with the certified brackets: each must contain it.
// Run: npx tsx bench/audit.ts [--quadrature]
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { loadEnergy } from '../src/energy/spec.js';
import { prepareIntegration, refineIntegral } from '../src/audit/integrate.js';
import { findBasins } from '../src/audit/basins.js';
import type { Box } from '../src/kernel/box.js';
import { candidateTestFunctions, certifyMixing } from '../src/audit/mixing.js';
import { checkStability, countRegions, runSamplingBlock } from '../src/audit/samplingBlock.js';
import { checkRegionMass } from '../src/kernel/integration/evidence.js';

const MODEL = 'models/8gaussians/model.json';
const manifest = JSON.parse(readFileSync(MODEL, 'utf8')) as { temperature?: number; sampling?: { stepSize: number; steps: number } };
const T = manifest.temperature ?? 1;
const energy = loadEnergy(MODEL);
const wall0 = performance.now();
const cpu0 = process.cpuUsage();
// CPU seconds per phase (the machine is shared: wall time overstates the work).
let cpuMark = process.cpuUsage();
const phaseCpu: [string, number][] = [];
const phase = (name: string): void => { const u = process.cpuUsage(cpuMark); phaseCpu.push([name, (u.user + u.system) / 1e6]); cpuMark = process.cpuUsage(); };
const load0 = loadavg()[0]!;
const prepared = prepareIntegration(energy.model, T, 0.01, energy);
phase('prepare (inner box, tails, shift)');
const basins = findBasins((x) => energy.value(x) / T, prepared.inner, 256);
phase('basins');
// As emcert audit does it: the search, then the mixing refinement, then one kernel check of the final leaves.
const refined = refineIntegral(energy.model, T, { tolerance: 0.01, massTolerance: 0.005, regions: basins.map((b) => [b.box]), prepared, floatEnergy: energy });
const wallSearch = (performance.now() - wall0) / 1000;
phase('integration search');
const t1 = performance.now();
const scale = Math.max(...prepared.inner.map((c) => c.hi - c.lo)) / 8;
const mixing = certifyMixing(energy.model, T, refined.evidence, refined.leafBounds, candidateTestFunctions((x) => energy.value(x) / T, basins.map((b) => b.minimum), 2, scale), { maxBoxes: 800_000 })!; // DEFAULT_MIXING_ROUNDS rounds, as emcert audit
phase('mixing refinement + kernel check');
const masses = basins.map((b) => { const m = checkRegionMass(energy.model, T, mixing.evidence.boxes, mixing.bracket, [b.box]); if (!m.ok) throw new Error(m.reason); return m.value; });
const r = { bracket: mixing.bracket, evidence: mixing.evidence, regions: masses, converged: refined.converged };
const wallMixing = (performance.now() - t1) / 1000;
phase('region masses');
const t2 = performance.now();
const block = { sampler: 'ula' as const, stepSize: manifest.sampling?.stepSize ?? 0.01, steps: manifest.sampling?.steps ?? 400, init: { mean: 0, std: 1 }, temperature: T };
const stab = checkStability(energy, block);
const wallStability = (performance.now() - t2) / 1000;
phase('stability (smoothness constant)');
const t3 = performance.now();
const counts = countRegions(runSamplingBlock(energy, block, 2000, 1), 2, basins.map((b) => [b.box]));
const wallSampler = (performance.now() - t3) / 1000;
phase('sampler (2000 chains)');
const wall = (performance.now() - wall0) / 1000;
const cpu = process.cpuUsage(cpu0);
const lz = r.bracket.logZ;
console.log(`8gaussians audit (T = ${T}, eta = ${block.stepSize}): ${wall.toFixed(1)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU, load average ${load0.toFixed(1)} -> ${loadavg()[0]!.toFixed(1)} (2 cores)`);
console.log(`  phases: search ${wallSearch.toFixed(1)} s, mixing refinement + kernel check + masses ${wallMixing.toFixed(1)} s, stability ${wallStability.toFixed(1)} s, sampler ${wallSampler.toFixed(1)} s`);
console.log(`  CPU by phase: ${phaseCpu.map(([n, s]) => `${n} ${s.toFixed(1)} s`).join(', ')}`);
console.log(`  gap <= ${mixing.bound.ok ? mixing.bound.value.gapUpper.toPrecision(4) : 'refused'} (${mixing.candidate.label}); eta L <= ${stab.etaLUpper.toPrecision(4)}; sampler counts ${counts.join(' ')}`);
console.log(`  ln Z in [${lz.lo.toFixed(6)}, ${lz.hi.toFixed(6)}], width ${(lz.hi - lz.lo).toFixed(4)}, ${refined.evidence.boxes.length} leaves after the search, ${r.evidence.boxes.length} after the mixing rounds, converged ${r.converged}`);
basins.forEach((b, k) => {
  const m = r.regions[k]!.mass;
  console.log(`  basin near (${b.minimum.map((v) => v.toFixed(2)).join(', ')}): [${(100 * m.lo).toFixed(3)}%, ${(100 * m.hi).toFixed(3)}%]`);
});

if (process.argv.includes('--quadrature')) {
  // Midpoint rule on [-5, 5]^2 (beyond it f - min f > 60 on this model) at cells h and h/2.
  const inBox = (b: Box, x: number, y: number): boolean => b[0]!.lo < x && x < b[0]!.hi && b[1]!.lo < y && y < b[1]!.hi;
  for (const n of [1000, 2000]) {
    const h = 10 / n;
    const xs = new Float64Array(2 * n);
    const vals = new Float64Array(n);
    let z = 0;
    const masses = basins.map(() => 0);
    for (let i = 0; i < n; i++) {
      const x = -5 + (i + 0.5) * h;
      for (let j = 0; j < n; j++) { xs[2 * j] = x; xs[2 * j + 1] = -5 + (j + 0.5) * h; }
      energy.valueBatch(xs, n, vals);
      for (let j = 0; j < n; j++) {
        const w = Math.exp(-(vals[j]! / T - r.evidence.shift));
        z += w;
        basins.forEach((b, k) => { if (inBox(b.box, x, xs[2 * j + 1]!)) masses[k]! += w; });
      }
    }
    const lnZ = Math.log(z * h * h) - r.evidence.shift;
    const inside = (v: number, lo: number, hi: number): string => (lo <= v && v <= hi ? 'inside' : 'OUTSIDE');
    console.log(`  quadrature h = ${h}: ln Z ${lnZ.toFixed(6)} (${inside(lnZ, lz.lo, lz.hi)})`);
    masses.forEach((m, k) => {
      const p = m / z;
      const br = r.regions[k]!.mass;
      console.log(`    basin ${k + 1}: ${(100 * p).toFixed(4)}% (${inside(p, br.lo, br.hi)})`);
    });
  }
}
