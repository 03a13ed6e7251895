// Measurement (not a test): the grid covering decomposition for a trained 2-d network energy
// (src/certify/networkGrid.ts, proofs/poincare-decomposition.md section 4) against
//   - the generator's spectral gap: Scharfetter-Gummel on a 201 x 201 grid over [-view, view]^2,
//     smallest nonzero eigenvalue by inverse iteration (src/diagnostics/grid/smallGap.ts), and
//   - Holley-Stroock on R^2 with the same W as the frame sets (W = the network, U = the regulariser):
//     the kernel's exp(osc W) / m over the whole plane (checkLocalPoincare on one set, R^2), i.e. the
//     constant a single-set "decomposition" certifies (its LSI analogue is emcert check's alpha).
// Run: npx tsx bench/poincareNetwork.ts [model dir] [T,T,...] [--base=8] [--refined=minWidth]
//      [--adaptive=limit,window] [--inner=4] [--sub=4] [--view=5.5] [--leaves=100000] [--frame=rows|half-planes] [--hs-osc=37.542]
// (default models/8gaussians at T = 1; progress on stderr, a markdown table on stdout; CPU seconds).
import { loadEnergy } from '../src/energy/spec.js';
import type { Interval } from '../src/kernel/interval.js';
import { prepareIntegration, refineIntegral, boundedNetworkTerms } from '../src/audit/integrate.js';
import { checkLocalPoincare, checkPoincareDecomposition } from '../src/kernel/checks/poincareDecomposition.js';
import { checkLsiFromDecomposition } from '../src/kernel/checks/lsiDecomposition.js';
import { frameCover, proposeNetworkGridDecomposition } from '../src/certify/networkGrid.js';
import { fieldOn, uniformGrid } from '../src/diagnostics/grid/grid.js';
import { potentialFromEnergy } from '../src/diagnostics/grid/potential.js';
import { smallGapOnGrid } from '../src/diagnostics/grid/smallGap.js';

const say = (m: string): void => { process.stderr.write(`${m}\n`); };
const arg = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const dir = positional[0] ?? 'models/8gaussians';
const temperatures = (positional[1] ?? '1').split(',').map(Number);
const base = Number(arg('base') ?? 8);
const innerHalf = Number(arg('inner') ?? 4);
const subBoxes = Number(arg('sub') ?? 4);
const view = Number(arg('view') ?? 5.5);
const leaves = Number(arg('leaves') ?? 100_000);
const refined = arg('refined') ? Number(arg('refined')) : undefined;
const adaptive = arg('adaptive')?.split(',').map(Number);
const cpu = (t0: NodeJS.CpuUsage): number => { const u = process.cpuUsage(t0); return (u.user + u.system) / 1e6; };
const fmt = (x: number): string => x.toPrecision(3);

const e = loadEnergy(`${dir}/model.json`);
const terms = boundedNetworkTerms(e.model);
const I = (lo: number, hi: number): Interval => ({ lo, hi });
const inner: [Interval, Interval] = [I(-innerHalf, innerHalf), I(-innerHalf, innerHalf)];
console.log('| model | T | certified gap (grid) | LSI alpha (grid) | sets | largest local constant | gap (reference, 201^2 SG) | reference / certified | Holley-Stroock gap (W = network on R^2) | CPU s (integration + proposal + check) |');
console.log('|---|---|---|---|---|---|---|---|---|---|');
// --hs-osc=X: osc_E of the network over R^2 from an earlier run (skips the ~4-minute check).
let wholeOscE: number | undefined = arg('hs-osc') ? Number(arg('hs-osc')) : undefined;
const regulariser = e.model.kind === 'sum' ? e.model.terms.find((t) => t.model.kind === 'quadratic') : undefined;
let lambdaE = regulariser?.model.kind === 'quadratic' ? regulariser.weight * regulariser.model.lambda : 0;
for (const T of temperatures) {
  const reference = smallGapOnGrid(fieldOn(potentialFromEnergy(e, T), uniformGrid(-view, view, -view, view, 201, 201))).gap;
  say(`${dir} T = ${T}: reference gap ${fmt(reference)}`);
  // The kernel's osc of W = network over R^2 is computed once (at the first T; in f-units it scales
  // as 1/T up to rounding) and Holley-Stroock's gap is m exp(-osc) = (lambda / T) exp(-osc_E / T).
  if (wholeOscE === undefined) {
    const whole = checkLocalPoincare(e.model, T, { set: [I(-Infinity, Infinity), I(-Infinity, Infinity)], bump: null, boundedTerms: terms, cover: frameCover([I(-Infinity, Infinity), I(-Infinity, Infinity)], 1, 1, 8) }, 'R^2');
    wholeOscE = whole.ok ? whole.value.osc * T : Infinity;
    lambdaE = whole.ok ? whole.value.m * T : 0;
    say(`  Holley-Stroock on R^2: ${whole.ok ? `osc W ${whole.value.osc.toFixed(3)} (E-units ${wholeOscE.toFixed(3)}), m ${whole.value.m}` : whole.reason}`);
  }
  const hs = (lambdaE / T) * Math.exp(-wholeOscE / T);
  const t0 = process.cpuUsage();
  const prepared = prepareIntegration(e.model, T, 1e-3, e);
  const { evidence } = refineIntegral(e.model, T, { tolerance: 1e-3, prepared, maxBoxes: 40_000, floatEnergy: e });
  const tIntegration = cpu(t0);
  say(`  ${evidence.boxes.length} integration leaves (${tIntegration.toFixed(0)} CPU s)`);
  let gap = 0, alpha = 0, sets = 0, worst = 0, tPropose = 0, tCheck = 0;
  try {
    const t1 = process.cpuUsage();
    const p = proposeNetworkGridDecomposition(e, T, evidence, {
      inner, base, overlap: 0.2, subBoxes, maxBoxes: leaves,
      curvatureLimit: adaptive?.[0] ?? Infinity, window: adaptive?.[1] ?? 0,
      ...(refined ? { refine: { minWidth: refined, say } } : {}),
      frame: arg('frame') === 'half-planes' ? 'half-planes' : 'rows',
      onFrame: (set, c) => say(`  frame ${JSON.stringify(set.map((r) => [+r.lo.toFixed(2), +r.hi.toFixed(2)]))}: constant ${fmt(c)}`),
      onScaleTry: (q, l, v) => say(`  edge scales b^${q}: float lambda_2 ${l.toPrecision(4)}, float constant ${v.toPrecision(4)}`),
    });
    tPropose = cpu(t1);
    sets = p.evidence.pieces.length;
    const t2 = process.cpuUsage();
    const r = checkPoincareDecomposition(e.model, T, p.bracket, p.evidence);
    if (r.ok) {
      gap = r.value.gap;
      const k = r.value.local.reduce((a, l, i) => (l.constant > r.value.local[a]!.constant ? i : a), 0);
      worst = r.value.local[k]!.constant;
      say(`  accepted: gap ${fmt(gap)}, lambda2 ${fmt(r.value.lambda2)}, largest local constant ${fmt(worst)} on ${JSON.stringify(p.evidence.pieces[k]!.set.map((c) => [+c.lo.toFixed(3), +c.hi.toFixed(3)]))}`);
      const l = checkLsiFromDecomposition(e.model, T, p.bracket, p.evidence, p.partition);
      if (l.ok) alpha = l.value.alpha;
      else say(`  LSI from the decomposition refused: ${l.reason}`);
    } else say(`  refused: ${r.reason}`);
    tCheck = cpu(t2);
  } catch (err) {
    say(`  no proposal: ${(err as Error).message}`);
  }
  console.log(`| ${dir.split('/').pop()} | ${T} | ${gap > 0 ? fmt(gap) : 'refused'} | ${alpha > 0 ? fmt(alpha) : '-'} | ${sets} | ${worst > 0 ? fmt(worst) : '-'} | ${fmt(reference)} | ${gap > 0 ? fmt(reference / gap) : '-'} | ${fmt(hs)} | ${tIntegration.toFixed(0)} + ${tPropose.toFixed(0)} + ${tCheck.toFixed(0)} |`);
}
