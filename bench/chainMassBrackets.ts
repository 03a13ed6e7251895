// Diagnosis (not a test): the block chain's mass brackets on the 8-well ring (bench/poincareGrid.ts's
// energy) against a float Gauss-Legendre quadrature of the same masses, before and after the chain's
// integration evidence (src/certify/chainIntegration.ts). The kernel reads the upper end of each
// set's bracket and the lower end of each overlap's; a bracket loose relative to its own mass, however
// small, ruins the chain's lambda_2. Prints the worst sets and edges, histograms, and the float
// lambda_2 of the unscaled chain from kernel ends, reference masses, and each mixed.
// Run: npx tsx bench/chainMassBrackets.ts [T] [--refined=base,minWidth]
// (default T = 0.05 and a uniform 16 x 16 grid over [-3.2, 3.2]^2, ~30 CPU s; --refined: the adaptive
// cells of `bench/poincareGrid.ts ring T 16 6 --refined=...`, a few hundred CPU s more).
import { ringCover, ringSpec, ringW } from './ringEnergy.js';
import { loadEnergy } from '../src/energy/spec.js';
import type { Box } from '../src/kernel/box.js';
import type { Interval } from '../src/kernel/interval.js';
import { checkIntegralEvidence, checkRegionMass, type IntegralBracket } from '../src/kernel/integration/evidence.js';
import { intersectBoxes } from '../src/kernel/checks/poincareDecomposition.js';
import { prepareIntegration, refineIntegral } from '../src/audit/integrate.js';
import { gridSets } from '../src/certify/gridDecomposition.js';
import { adaptiveSets, chainRefinedCells } from '../src/certify/adaptiveGrid.js';
import { refineForChain } from '../src/certify/chainIntegration.js';
import { floatLambda2 } from '../src/certify/poincareProducer.js';

const say = (m: string): void => { process.stderr.write(`${m}\n`); };
const T = Number(process.argv.slice(2).find((a) => !a.startsWith('--')) ?? 0.05);
const refined = process.argv.find((a) => a.startsWith('--refined='))?.slice('--refined='.length).split(',').map(Number);
const I = (lo: number, hi: number): Interval => ({ lo, hi });
const e = loadEnergy(ringSpec);
const t0 = process.cpuUsage();
const cpu = (): string => ((process.cpuUsage(t0).user + process.cpuUsage(t0).system) / 1e6).toFixed(0);

const { evidence } = refineIntegral(e.model, T, { tolerance: 1e-3, prepared: prepareIntegration(e.model, T, 1e-3, undefined, { bump: ringW, cover: ringCover }), maxBoxes: 40_000 });
const inner = [I(-3.2, 3.2), I(-3.2, 3.2)] as const;
const { sets, edges } = refined
  ? adaptiveSets(chainRefinedCells(e, T, { inner, base: refined[0]!, curvatureLimit: 0, window: 0, overlap: 0.2, subBoxes: 6, frameBumps: [ringW], minWidth: refined[1]! }, say), { inner, base: refined[0]!, overlap: 0.2 })
  : gridSets({ inner, cells: [16, 16], overlap: 0.2 });
const overlaps = edges.map(([i, j]) => intersectBoxes(sets[i]!, sets[j]!));
say(`T = ${T}: ${sets.length} sets, ${edges.length} edges, ${evidence.boxes.length} leaves, ${cpu()} CPU s`);

// Reference: exp(-(f - s)) on 4-point Gauss-Legendre nodes, cells of at most h, over [-5, 5]^2.
const gl = [[-0.8611363115940526, 0.3478548451374538], [-0.3399810435848563, 0.6521451548625461], [0.3399810435848563, 0.6521451548625461], [0.8611363115940526, 0.3478548451374538]] as const;
const x = new Float64Array(2);
const quad = (b: Box, h: number): number => {
  const lo = b.map((c) => Math.max(-5, c.lo)), hi = b.map((c) => Math.min(5, c.hi));
  if (!(lo[0]! < hi[0]! && lo[1]! < hi[1]!)) return 0;
  const n = lo.map((l, k) => Math.max(1, Math.ceil((hi[k]! - l) / h)));
  const w = lo.map((l, k) => (hi[k]! - l) / n[k]!);
  let sum = 0;
  for (let a = 0; a < n[0]!; a++) for (const [ga, wa] of gl) {
    x[0] = lo[0]! + w[0]! * (a + 0.5 + 0.5 * ga);
    for (let c = 0; c < n[1]!; c++) for (const [gb, wb] of gl) {
      x[1] = lo[1]! + w[1]! * (c + 0.5 + 0.5 * gb);
      sum += wa * wb * Math.exp(-(e.value(x) / T - evidence.shift));
    }
  }
  return 0.25 * sum * w[0]! * w[1]!;
};
const Z = quad([I(-5, 5), I(-5, 5)], 0.01);
const qRef = sets.map((s) => quad(s, 0.01) / Z);
const wRef = overlaps.map((o) => quad(o, 0.004) / Z);
say(`reference masses, ${cpu()} CPU s`);

function report(label: string, bracket: IntegralBracket): void {
  const mass = (b: Box): Interval => { const r = checkRegionMass(e.model, T, bracket.boxes, bracket, [b]); if (!r.ok) throw new Error(r.reason); return r.value.mass; };
  const q = sets.map((s) => mass(s).hi);
  const w = overlaps.map((o) => mass(o).lo);
  console.log(`\n### ${label}: ${bracket.boxes.length} leaves, inner box [${bracket.inner[0]!.lo}, ${bracket.inner[0]!.hi}]^2, tail bound ${bracket.tail.upper.toExponential(2)}\n`);
  const setOrder = sets.map((_, i) => i).sort((a, b) => q[b]! / qRef[b]! - q[a]! / qRef[a]!);
  for (const i of setOrder.slice(0, 6)) console.log(`- set ${i} ${JSON.stringify(sets[i]!.map((c) => [c.lo, c.hi]))}: upper end ${q[i]!.toExponential(3)}, reference ${qRef[i]!.toExponential(3)}, ratio ${(q[i]! / qRef[i]!).toExponential(2)}`);
  const edgeOrder = edges.map((_, n) => n).sort((a, b) => w[a]! / wRef[a]! - w[b]! / wRef[b]!);
  for (const n of edgeOrder.slice(0, 6)) console.log(`- edge ${JSON.stringify(edges[n])}: lower end ${w[n]!.toExponential(3)}, reference ${wRef[n]!.toExponential(3)}, ratio ${(w[n]! / wRef[n]!).toExponential(2)}`);
  console.log(`- sets with upper end / reference above 2, 100, 1e8: ${[2, 100, 1e8].map((h) => q.filter((v, i) => v / qRef[i]! > h).length).join(', ')} (of ${sets.length})`);
  console.log(`- edges with lower end / reference below 0.5, 0.01, 1e-4: ${[0.5, 0.01, 1e-4].map((h) => w.filter((v, n) => v / wRef[n]! < h).length).join(', ')} (of ${edges.length})`);
  const chain = (qs: readonly number[], ws: readonly number[]): string => floatLambda2(qs, edges.map(([i, j], n) => ({ i, j, weight: ws[n]! }))).toPrecision(3);
  console.log(`- float lambda_2 of the unscaled chain: kernel ends ${chain(q, w)}, reference ${chain(qRef, wRef)}, reference sets with kernel overlaps ${chain(qRef, w)}, kernel sets with reference overlaps ${chain(q, wRef)}`);
}

const before = checkIntegralEvidence(e.model, T, evidence.boxes, evidence.tails, evidence.shift);
if (!before.ok) throw new Error(before.reason);
report('before (the integration evidence as searched)', before.value);
report('after (chainIntegration.refineForChain)', refineForChain(e, T, evidence, sets, overlaps, 150_000, { say }).bracket);
say(`${cpu()} CPU s`);
