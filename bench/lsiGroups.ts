// Measurement (not a test): the LSI constant from the adaptive grid decomposition, ungrouped
// (checks/lsiDecomposition, one level: the defect log(1/p_*) of the lightest grid block multiplies the
// global C_P) against grouped (one group per well, src/certify/decompositionGroups.ts: the defect of
// a whole well log(1/min P_g) on C_P, log(P_g / p_i) on the group's own C_P^g), and the
// Eyring-Kramers gap (bench/eyringKramers.ts). The decomposition is the one `emcert check
// --decomposition adaptive` builds (src/certify/adaptiveDecompositionGap.ts, default settings).
// Both alphas are the kernel's (checks/lsiDecomposition.ts, checks/lsiGroupedDecomposition.ts).
// Run: nice -n 10 npx tsx bench/lsiGroups.ts [ring|well] [T,T,...]
// (default: the ring at T = 0.1, 0.05; progress on stderr, a markdown table on stdout).
import { ringCover, ringSpec, ringW } from './ringEnergy.js';
import { eyringKramersGap, newton } from './eyringKramers.js';
import { loadEnergy } from '../src/energy/spec.js';
import type { Energy } from '../src/energy/types.js';
import type { Box } from '../src/kernel/box.js';
import type { TailDecomposition } from '../src/kernel/integration/tails.js';
import { prepareIntegration } from '../src/audit/integrate.js';
import { findTailDecomposition } from '../src/audit/tailDecomposition.js';
import { checkLsiFromDecomposition } from '../src/kernel/checks/lsiDecomposition.js';
import { DEFAULT_ADAPTIVE_SETTINGS, proposeAdaptiveDecomposition } from '../src/certify/adaptiveDecompositionGap.js';
import { proposeDecompositionGroups } from '../src/certify/decompositionGroups.js';
import { checkLsiFromGroupedDecomposition } from '../src/kernel/checks/lsiGroupedDecomposition.js';

const say = (m: string): void => { process.stderr.write(`${m}\n`); };
const only = process.argv[2] ?? 'ring';
const temperatures = (process.argv[3] ?? (only === 'ring' ? '0.1,0.05' : '0.1')).split(',').map(Number);

interface Case {
  readonly name: string;
  readonly spec: string;
  readonly minimum: [number, number];
  readonly saddle: [number, number];
  readonly wells: number;
  readonly tail: (e: Energy) => TailDecomposition;
}
const cases: Case[] = [
  { name: 'ring', spec: ringSpec, minimum: [1.95, 0], saddle: [1.72, 0.71], wells: 8, tail: () => ({ bump: ringW, cover: ringCover }) },
  {
    name: 'well', spec: 'expr:(x1^2 - 1)^2 + 0.5*x2^2', minimum: [1, 0], saddle: [0, 0], wells: 2,
    tail: (e) => { const t = findTailDecomposition(e, 1, [0, 0], 4, 60); if (!t) throw new Error('no tail decomposition'); return t.decomposition; },
  },
];

console.log('| energy | T | blocks | log(1/p_*) | alpha ungrouped | groups | blocks (split) | D_top | max D_g | max C_P^g | alpha grouped | gap (kernel) | Eyring-Kramers | EK / alpha ungrouped | EK / alpha grouped | CPU s |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const c of cases.filter((k) => k.name === only)) {
  const e = loadEnergy(c.spec);
  const m = newton(e, c.minimum), s = newton(e, c.saddle);
  const tail = c.tail(e);
  for (const T of temperatures) {
    const ek = eyringKramersGap(e, m, s, T, c.wells);
    const t0 = process.cpuUsage();
    const cpu = (): number => (process.cpuUsage(t0).user + process.cpuUsage(t0).system) / 1e6;
    const prepared = prepareIntegration(e.model, T, 1e-3, undefined, tail);
    const found = proposeAdaptiveDecomposition(e, T, prepared, tail.bump, DEFAULT_ADAPTIVE_SETTINGS, (msg) => say(`${c.name} T = ${T}: ${msg}`));
    if (typeof found === 'string') { say(`${c.name} T = ${T}: ${found}`); continue; }
    const plain = checkLsiFromDecomposition(e.model, T, found.bracket, found.evidence, found.partition);
    if (!plain.ok) { say(`${c.name} T = ${T}: the kernel refused: ${plain.reason}`); continue; }
    const local = plain.value.poincare.local.map((l) => l.constant);
    say(`${c.name} T = ${T}: ungrouped alpha ${plain.value.alpha.toPrecision(4)} (C_P ${plain.value.poincare.poincare.toPrecision(4)}, log(1/p_*) ${plain.value.logInverseMass.toFixed(1)}); ${cpu().toFixed(0)} CPU s`);
    const proposal = proposeDecompositionGroups(e, T, found.region, found.bracket, found.evidence, local, found.partition);
    if (typeof proposal === 'string') { say(`${c.name} T = ${T}: no groups: ${proposal}`); continue; }
    const show = (b: Box): string => b.map((r) => `[${r.lo.toFixed(3)}, ${r.hi.toFixed(3)}]`).join(' x ');
    proposal.groups.forEach((g, k) => say(`  group ${k}: ${show(g.region)}: ${g.sets.length} sets, ${g.edges.length} edges, lambda_2 claim ${g.lambda2.toPrecision(4)}${g.edgeScales ? ', edges scaled' : ''}`));
    say(`  ${proposal.partition.length} blocks after the split; ${cpu().toFixed(0)} CPU s`);
    const checked = checkLsiFromGroupedDecomposition(e.model, T, found.bracket, found.evidence, proposal.groups, proposal.partition);
    if (!checked.ok) say(`  the kernel refused the groups: ${checked.reason}`);
    const grouped = checked.ok ? checked.value : null;
    grouped?.groups.forEach((g, k) => say(`  group ${k}: C_P^g ${g.poincare.toPrecision(4)}, D_g ${g.logInverseMass.toFixed(2)}, max c_i ${g.localInverse.toPrecision(4)}, 1/a_g ${g.inverseAlpha.toPrecision(4)}, P_g [${g.mass.lo.toPrecision(4)}, ${g.mass.hi.toPrecision(4)}]`));
    const fmt = (x: number): string => x.toPrecision(3);
    console.log(`| ${c.name} | ${T} | ${found.partition.length} | ${plain.value.logInverseMass.toFixed(1)} | ${fmt(plain.value.alpha)} | ${proposal.groups.length} | ${proposal.partition.length} | ${grouped ? grouped.logInverseMass.toFixed(2) : '-'} | ${grouped ? Math.max(...grouped.groups.map((g) => g.logInverseMass)).toFixed(2) : '-'} | ${grouped ? fmt(Math.max(...grouped.groups.map((g) => g.poincare))) : '-'} | ${grouped ? fmt(grouped.alpha) : 'refused'} | ${fmt(plain.value.poincare.gap)} | ${fmt(ek)} | ${fmt(ek / plain.value.alpha)} | ${grouped ? fmt(ek / grouped.alpha) : '-'} | ${cpu().toFixed(0)} |`);
  }
}
