// Benchmark (not a test): the release audit of models/8gaussians (2 -> 64 -> 64 -> 1 tanh plus the
// regularizer 0.05 |x|^2, T = 0.05): ln Z to 1% (width <= 0.01 max(1, |ln Z|)), auto-basin masses to
// +-0.005, target <= 60 s. With --quadrature, a float midpoint rule at two resolutions (untrusted)
// is compared with the certified brackets: each must contain it.
// Run: npx tsx bench/audit.ts [--quadrature]
import { loadavg } from 'node:os';
import { loadEnergy } from '../src/energy/spec.js';
import { integrate, prepareIntegration } from '../src/audit/integrate.js';
import { findBasins } from '../src/audit/basins.js';
import type { Box } from '../src/kernel/box.js';

const T = 0.05;
const energy = loadEnergy('models/8gaussians/model.json');
const f = (x: Float64Array): number => energy.value(x);
const wall0 = performance.now();
const cpu0 = process.cpuUsage();
const load0 = loadavg()[0]!;
const prepared = prepareIntegration(energy.model, T, 0.01, f);
const basins = findBasins((x) => energy.value(x) / T, prepared.inner, 256);
const r = integrate(energy.model, T, { tolerance: 0.01, massTolerance: 0.005, regions: basins.map((b) => [b.box]), prepared, floatEnergy: f });
const wall = (performance.now() - wall0) / 1000;
const cpu = process.cpuUsage(cpu0);
const lz = r.bracket.logZ;
console.log(`8gaussians audit: ${wall.toFixed(1)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU, load average ${load0.toFixed(1)} -> ${loadavg()[0]!.toFixed(1)} (2 cores)`);
console.log(`  ln Z in [${lz.lo.toFixed(6)}, ${lz.hi.toFixed(6)}], width ${(lz.hi - lz.lo).toFixed(4)}, ${r.evidence.boxes.length} leaves, converged ${r.converged}`);
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
