// Measures the localisation stopping route (proofs/stopping-localisation.md) on energies with no global L:
// prints the kernel-checked TV bound's terms and the certified N. Not rigorous timing (shared machine).
// Run: nice -n 10 npx tsx bench/localisation.ts [name]   (env: R=5.5,6 WIDTH=0.15 SSHARES=0.4,0.5,0.6 EXITSHARE=0.5 MEAN=0)
import type { EnergyModel } from '../src/kernel/model.js';
import { localisationRoute, type LocalisationSearch } from '../src/certify/stopping/localisation.js';

interface Case { name: string; model: EnergyModel; tail: LocalisationSearch['tail']; halfWidths: number[]; depth: number; axisScales?: number[]; curvatureScales?: number[] }

const expr = (dim: number, source: string): EnergyModel => ({ kind: 'expression', dim, source });
const CASES: Case[] = [
  {
    name: 'quartic-3d-0.001',
    model: { kind: 'sum', dim: 3, terms: [{ weight: 1, model: expr(3, '0.001*x1^4') }, { weight: 1, model: expr(3, '0.5*(x1^2 + x2^2 + x3^2)') }] },
    tail: { boundedTerms: [0], anchor: [0, 0, 0] },
    halfWidths: [5, 6, 7, 8],
    depth: 4,
  },
  {
    name: 'quartic-3d-0.01',
    model: { kind: 'sum', dim: 3, terms: [{ weight: 1, model: expr(3, '0.01*(x1^4 + x2^4 + x3^4)') }, { weight: 1, model: expr(3, '0.5*(x1^2 + x2^2 + x3^2)') }] },
    tail: { boundedTerms: [0], anchor: [0, 0, 0] },
    halfWidths: [5, 6, 7, 8],
    depth: 4,
  },
  {
    name: 'double-well',
    model: { kind: 'sum', dim: 2, terms: [{ weight: 1, model: expr(2, '(x1^2 - 1.5)^2 - 1.25') }, { weight: 1, model: expr(2, 'x1^2 + 0.5*x2^2') }] },
    tail: { boundedTerms: [0], anchor: [0, 0] },
    halfWidths: [1.5, 1.75, 2, 2.5],
    depth: 5,
    axisScales: [1, 2.5],
    curvatureScales: [1, 2, 4, 8, 16, 32],
  },
];

const only = process.argv[2];
for (const c of CASES) {
  if (only && c.name !== only) continue;
  const t0 = process.cpuUsage();
  const init = { mean: Number(process.env.MEAN ?? 0), std: 1 };
  const r = localisationRoute(c.model, 1, init, 0.1, {
    halfWidths: process.env.R ? process.env.R.split(',').map(Number) : c.halfWidths, widthShare: Number(process.env.WIDTH ?? 0.3), sShares: (process.env.SSHARES ?? '0.4,0.5,0.6,0.7').split(',').map(Number), exitShare: Number(process.env.EXITSHARE ?? 0.5), depth: c.depth, tail: c.tail, curvatureScales: c.curvatureScales ?? [1, 1.25, 1.5, 2, 3, 4], ...(c.axisScales ? { axisScales: c.axisScales } : {}),
    progress: (l) => process.stderr.write(`  ${l}\n`),
  });
  const cpu = process.cpuUsage(t0);
  const secs = ((cpu.user + cpu.system) / 1e6).toFixed(1);
  if ('reason' in r) console.log(`${c.name} from N(${init.mean}, 1): no route (${r.reason}); ${secs} CPU s`);
  else console.log(`${c.name} from N(${init.mean}, 1): N = ${r.steps} at h = ${r.h.toExponential(4)} (R = ${r.halfWidth}); TV <= ${r.bound.tv.toFixed(4)} = exit ${r.bound.exit.toExponential(2)} + inner ${r.bound.innerTv.toFixed(4)} + mismatch ${Math.max(r.bound.piOutside, r.bound.piTildeOutside).toExponential(2)}; L~ = ${r.bound.smoothness.toPrecision(4)}, alpha~ = ${r.bound.alpha.toPrecision(4)}, KL0~ = ${r.bound.kl0.toPrecision(4)}; ${secs} CPU s`);
}
