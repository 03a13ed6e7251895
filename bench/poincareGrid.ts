// Measurement (not a test): the grid covering decomposition (src/certify/gridDecomposition.ts,
// proofs/poincare-decomposition.md section 4) on 2-d multimodal energies, against
//   - the generator's spectral gap: Scharfetter-Gummel discretisation on a 181 x 181 grid, smallest
//     nonzero eigenvalue by inverse iteration (src/diagnostics/grid/smallGap.ts; 121 x 121 agrees to 3
//     digits on these energies), and
//   - the Eyring-Kramers value from the float Hessians at a minimum and the saddle next to it
//     (bench/eyringKramers.ts).
// Run: npx tsx bench/poincareGrid.ts [well|ring] [T,T,...] [cells per axis] [sub-boxes] [--scaled]
// (default: both energies at T = 0.2, 0.1, 0.05; progress on stderr, a markdown table on stdout;
// --scaled: the block chain's edges scaled, src/certify/edgeScales.ts).
import { ringCover, ringSpec, ringW } from './ringEnergy.js';
import { eyringKramersGap, newton } from './eyringKramers.js';
import { loadEnergy } from '../src/energy/spec.js';
import type { Energy } from '../src/energy/types.js';
import type { Box } from '../src/kernel/box.js';
import type { Interval } from '../src/kernel/interval.js';
import type { TailDecomposition } from '../src/kernel/integration/tails.js';
import { prepareIntegration, refineIntegral } from '../src/audit/integrate.js';
import { findTailDecomposition } from '../src/audit/tailDecomposition.js';
import { checkPoincareDecomposition } from '../src/kernel/checks/poincareDecomposition.js';
import { proposeGridDecomposition } from '../src/certify/gridDecomposition.js';
import { proposeAdaptiveGridDecomposition } from '../src/certify/adaptiveGrid.js';
import { fieldOn, uniformGrid } from '../src/diagnostics/grid/grid.js';
import { potentialFromEnergy } from '../src/diagnostics/grid/potential.js';
import { smallGapOnGrid } from '../src/diagnostics/grid/smallGap.js';

const say = (m: string): void => { process.stderr.write(`${m}\n`); };
const only = process.argv[2];
const temperatures = (process.argv[3] ?? '0.2,0.1,0.05').split(',').map(Number);
const cellsArg = process.argv[4] ? Number(process.argv[4]) : undefined;
const subBoxes = Number(process.argv[5] ?? 4);
const scaleEdges = process.argv.includes('--scaled');
const search = process.argv.includes('--sampled') ? 'sampled' as const : undefined;
// --adaptive=base,limit,window[,depth]: src/certify/adaptiveGrid.ts (cells cut where w^2 |lambda_-| > limit).
// --refined=base,minWidth: cells cut where the float model of the bound is worst (chainRefinedCells).
const refinedArg = process.argv.find((a) => a.startsWith('--refined='))?.slice('--refined='.length).split(',').map(Number);
const adaptiveArg = process.argv.find((a) => a.startsWith('--adaptive='))?.slice('--adaptive='.length).split(',').map(Number);

const I = (lo: number, hi: number): Interval => ({ lo, hi });

interface Case {
  readonly name: string;
  readonly spec: string;
  readonly inner: readonly [Interval, Interval];
  readonly cells: (T: number) => [number, number];
  readonly minimum: [number, number];
  readonly saddle: [number, number];
  readonly wells: number;
  readonly view: number;
  readonly tail: (e: Energy) => TailDecomposition;
  readonly frameBumps: string[];
}
const cases: Case[] = [
  {
    name: 'well', spec: 'expr:(x1^2 - 1)^2 + 0.5*x2^2', inner: [I(-1.6, 1.6), I(-1.2, 1.2)],
    cells: (T) => [cellsArg ?? (T >= 0.2 ? 8 : T >= 0.1 ? 11 : 16), 3], minimum: [1, 0], saddle: [0, 0], wells: 2, view: 2.5,
    tail: (e) => { const t = findTailDecomposition(e, 1, [0, 0], 4, 60); if (!t) throw new Error('no tail decomposition'); return t.decomposition; },
    frameBumps: [],
  },
  {
    name: 'ring', spec: ringSpec, inner: [I(-3.2, 3.2), I(-3.2, 3.2)],
    cells: (T) => { const n = cellsArg ?? (T >= 0.2 ? 12 : T >= 0.1 ? 15 : 18); return [n, n]; },
    minimum: [1.95, 0], saddle: [1.72, 0.71], wells: 8, view: 3.6,
    tail: () => ({ bump: ringW, cover: ringCover }), frameBumps: [ringW],
  },
];

console.log('| energy | T | barrier / T | certified gap (grid decomposition) | sets | gap (reference, 181^2 SG) | Eyring-Kramers | reference / certified | EK / certified | CPU s |');
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const c of cases.filter((k) => only === undefined || only === k.name)) {
  const e = loadEnergy(c.spec);
  const m = newton(e, c.minimum), s = newton(e, c.saddle);
  const dE = e.value(s) - e.value(m);
  say(`${c.name}: minimum (${m[0]!.toFixed(4)}, ${m[1]!.toFixed(4)}), saddle (${s[0]!.toFixed(4)}, ${s[1]!.toFixed(4)}), barrier ${dE.toFixed(4)}`);
  const tail = c.tail(e);
  for (const T of temperatures) {
    const ek = eyringKramersGap(e, m, s, T, c.wells);
    const reference = smallGapOnGrid(fieldOn(potentialFromEnergy(e, T), uniformGrid(-c.view, c.view, -c.view, c.view, 181, 181))).gap;
    const t0 = process.cpuUsage();
    const prepared = prepareIntegration(e.model, T, 1e-3, undefined, tail);
    const { evidence } = refineIntegral(e.model, T, { tolerance: 1e-3, prepared, maxBoxes: 40_000 });
    const cells = c.cells(T);
    say(`${c.name} T = ${T}: ${evidence.boxes.length} leaves; grid ${cells[0]} x ${cells[1]}`);
    let gap = 0, sets = 0;
    try {
      const onScaleTry = (p: number, l: number, v: number): void => say(`  edge scales b^${p}: float lambda_2 ${l.toPrecision(4)}, float constant ${v.toPrecision(4)} (gap ${(1 / v).toPrecision(4)})`);
      const p = refinedArg
        ? proposeAdaptiveGridDecomposition(e, T, evidence, { inner: c.inner, base: refinedArg[0]!, curvatureLimit: 0, window: 0, refine: { minWidth: refinedArg[1]!, say }, overlap: 0.2, subBoxes, frameBumps: c.frameBumps, maxBoxes: 150_000, onScaleTry })
        : adaptiveArg
        ? proposeAdaptiveGridDecomposition(e, T, evidence, { inner: c.inner, base: adaptiveArg[0]!, curvatureLimit: adaptiveArg[1]!, window: adaptiveArg[2]!, maxDepth: adaptiveArg[3] ?? 4, overlap: 0.2, subBoxes, frameBumps: c.frameBumps, maxBoxes: 150_000, onScaleTry })
        : proposeGridDecomposition(e, T, evidence, { inner: c.inner, cells, overlap: 0.2, subBoxes, frameBumps: c.frameBumps, maxBoxes: 150_000, scaleEdges, search,
        onScaleTry: (p, l, v) => say(`  edge scales b^${p}: float lambda_2 ${l.toPrecision(4)}, float constant ${v.toPrecision(4)} (gap ${(1 / v).toPrecision(4)})`) });
      say(`  proposed after ${((process.cpuUsage(t0).user + process.cpuUsage(t0).system) / 1e6).toFixed(0)} CPU s; lambda2 ${p.evidence.lambda2.toPrecision(4)}${p.evidence.edgeScales ? ', edges scaled' : ''}`);
      sets = p.evidence.pieces.length;
      const r = checkPoincareDecomposition(e.model, T, p.bracket, p.evidence);
      if (r.ok) {
        gap = r.value.gap;
        const worst = r.value.local.reduce((k, l, i) => (l.constant > r.value.local[k]!.constant ? i : k), 0);
        say(`  accepted: multiplicity ${r.value.multiplicity}, largest local constant ${r.value.local[worst]!.constant.toPrecision(3)} on ${JSON.stringify(p.evidence.pieces[worst]!.set.map((c) => [+c.lo.toFixed(3), +c.hi.toFixed(3)]))}`);
      } else say(`refused: ${r.reason}`);
    } catch (err) {
      say(`no proposal: ${(err as Error).message}`);
    }
    const cpu = process.cpuUsage(t0);
    const fmt = (x: number): string => x.toPrecision(3);
    console.log(`| ${c.name} | ${T} | ${(dE / T).toFixed(1)} | ${gap > 0 ? fmt(gap) : 'refused'} | ${sets} | ${fmt(reference)} | ${fmt(ek)} | ${gap > 0 ? fmt(reference / gap) : '-'} | ${gap > 0 ? fmt(ek / gap) : '-'} | ${((cpu.user + cpu.system) / 1e6).toFixed(0)} |`);
  }
}
