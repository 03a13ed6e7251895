// Measurement (not a test): the covering-decomposition Poincare bound (proofs/poincare-decomposition.md)
// and the LSI constant derived from it (proofs/lsi-from-decomposition.md, one block per set) on double
// wells against the generator's spectral gap (1-d finite-volume reference; the 2-d well is a product,
// gap = min(gap of the x1 factor, 1/T)), against Eyring-Kramers (gap ~ (sqrt(8 * 4) / pi) e^(-1/T) / T
// for f = (x^2 - 1)^2 / T: two symmetric wells, curvatures 8 and -4, barrier 1) and against
// Holley-Stroock with the tail bump.
// Run: npx tsx bench/poincareDecomposition.ts [T,T,...] [1|2]  (default 1,0.2,0.1, both energies)
import { loadEnergy } from '../src/energy/spec.js';
import { prepareIntegration, refineIntegral } from '../src/audit/integrate.js';
import { findTailDecomposition } from '../src/audit/tailDecomposition.js';
import { checkLsiDecomposition } from '../src/kernel/checks/lsi.js';
import { checkPoincareDecomposition } from '../src/kernel/checks/poincareDecomposition.js';
import { chainPatterns, proposeBestSlabChain } from '../src/certify/poincareProducer.js';
import { partitionFromSets } from '../src/certify/decompositionPartition.js';
import { checkLsiFromDecomposition } from '../src/kernel/checks/lsiDecomposition.js';
import { spectralGap1d } from '../src/diagnostics/grid/gap1d.js';

const temperatures = (process.argv[2] ?? '1,0.2,0.1').split(',').map(Number);
const only = process.argv[3]; // 1 or 2: one of the two energies
const say = (m: string): void => { process.stderr.write(`${m}\n`); };
const cases = [
  { spec: 'expr:(x1^2 - 1)^2', product: false },
  { spec: 'expr:(x1^2 - 1)^2 + 0.5*x2^2', product: true },
];
console.log('| energy | T | certified gap (decomposition) | sets | LSI alpha (decomposition) | Holley-Stroock alpha | gap (reference) | Eyring-Kramers | reference / gap | Eyring-Kramers / alpha | CPU s |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
for (const c of cases.filter((k) => only === undefined || (only === '2') === k.product)) {
  const e = loadEnergy(c.spec);
  say(`${c.spec}: tail decomposition`);
  const tail = findTailDecomposition(e, 1, new Array(e.dim).fill(0), 4, 60);
  if (!tail) throw new Error(`no tail decomposition for ${c.spec}`);
  for (const T of temperatures) {
    const t0 = process.cpuUsage();
    const prepared = prepareIntegration(e.model, T, 1e-3, undefined, tail.decomposition);
    const { evidence } = refineIntegral(e.model, T, { tolerance: 1e-3, prepared, maxBoxes: 40_000 });
    say(`T = ${T}: ${evidence.boxes.length} leaves; chains`);
    const best = proposeBestSlabChain(e, T, evidence, chainPatterns(e, T, 0, new Array(e.dim).fill(0), 3), 120_000);
    const r = best ? checkPoincareDecomposition(e.model, T, best.bracket, best.evidence) : null;
    const partition = best ? partitionFromSets(best.evidence.pieces.map((p) => p.set)) : null;
    const lsi = best && partition ? checkLsiFromDecomposition(e.model, T, best.bracket, best.evidence, partition) : null;
    const cpu = process.cpuUsage(t0);
    const bump = tail.decomposition.bump;
    const hs = checkLsiDecomposition(e.model, T, bump === null ? null : { kind: 'expression', dim: e.dim, source: bump }, tail.decomposition.cover);
    const g1 = spectralGap1d((x) => (x * x - 1) ** 2 / T, 3, 20_001);
    const truth = c.product ? Math.min(g1, 1 / T) : g1;
    const ek1 = (Math.sqrt(32) / Math.PI) * Math.exp(-1 / T) / T;
    const ek = c.product ? Math.min(ek1, 1 / T) : ek1;
    const gap = r && r.ok ? r.value.gap : 0;
    const alpha = lsi && lsi.ok ? lsi.value.alpha : 0;
    const fmt = (x: number): string => x.toPrecision(3);
    console.log(`| \`${c.spec.slice(5)}\` | ${T} | ${fmt(gap)} | ${best?.evidence.pieces.length ?? '-'} | ${alpha > 0 ? fmt(alpha) : '-'} | ${hs.ok ? fmt(hs.value.alpha) : '-'} | ${fmt(truth)} | ${fmt(ek)} | ${gap > 0 ? fmt(truth / gap) : '-'} | ${alpha > 0 ? fmt(ek / alpha) : '-'} | ${((cpu.user + cpu.system) / 1e6).toFixed(1)} |`);
  }
}
