// Tightness of the stopping routes (issue 7): certified step count / true minimal step count.
//  1. Gaussian targets (diagonal, rotated, condition numbers 1..100, several starts, eps and T):
//     the truth is the smallest first-crossing N over a 3000-point grid of step sizes, computed by
//     the full-matrix float64 recurrence of test/certify/stopping/gaussianReference.ts.
//  2. 2D strongly convex non-quadratic energies: the truth is the smallest step count at which the
//     grid-computed ULA KL (src/diagnostics/grid, the exact ULA kernel on an 81 x 81 lattice) first
//     drops under eps, over a few step sizes. The routes get the exact Hessian bounds (m, L, proven by
//     hand below) and KL0 = the grid KL at step 0, i.e. the best constants any checker could certify.
//  2b. (--kl-only runs just this) the kl-hessian-lipschitz route on the same energies, M certified by the
//     kernel (and, beside it, the bound with M derived by hand), and on a tanh network + (3/2)|x|^2 with
//     M, m, L, alpha, KL0 certified by the kernel (emcert check's values).
//  3. What `emcert check` itself certifies (certifyEnergy with the default work limits, no time cap), energy by energy
//     (the LSI alpha and, beside it, the decomposition's Poincare gap):
//     alpha against the spectral gap of the generator (grid computation, src/diagnostics/grid/
//     spectralGap.ts; LSI(alpha) implies gap >= alpha), L against the largest sampled |eig hess f|, and
//     the certified N against the grid-ULA minimal N; geometric mean and worst ratio per class.
// Run: npx tsx bench/tightness.ts [--no-grid] [--check-only] [--kl-only]
import { proposeStoppingRoutes } from '../src/certify/stopping/propose.js';
import type { StoppingInput, StoppingRoute } from '../src/kernel/stopping/types.js';
import { loadEnergy } from '../src/energy/spec.js';
import { potentialFromEnergy } from '../src/diagnostics/grid/potential.js';
import { chooseGrid, fieldOn, gaussianDensityOnGrid } from '../src/diagnostics/grid/grid.js';
import { firstStepBelow, solveUla } from '../src/diagnostics/grid/ulaTransition.js';
import { gaussianCases, stoppingInputFor } from '../test/certify/stopping/cases.js';
import { minimalStepsFloat } from '../test/certify/stopping/gaussianReference.js';
import { certifyEnergy } from '../src/certify/certifyEnergy.js';
import { buildEnergy } from '../src/certify/energyBuild.js';
import { spectralGapOnGrid } from '../src/diagnostics/grid/spectralGap.js';
import { maxCurvature } from '../src/diagnostics/grid/potential.js';
import { nodeCoordinates, nodeCount } from '../src/diagnostics/grid/grid.js';
import { bestKlHessianLipschitzStep, leastStepsAt, klHessianLipschitzRoute } from '../src/certify/stopping/klHessianLipschitz.js';
import { point } from '../src/kernel/interval.js';
import type { KlHessianLipschitzConstants } from '../src/kernel/stopping/klHessianLipschitz.js';
import type { EnergyModel, MlpLayer } from '../src/kernel/model.js';
import { energyFromModel } from '../src/energy/spec.js';

const ROUTES = ['vempala-wibisono-seed', 'vempala-wibisono-optimised', 'exact-gaussian'] as const;

function stepsOf(routes: readonly StoppingRoute[], name: string): number | null {
  const r = routes.find((x) => x.route === name);
  return r?.applies && r.steps !== undefined ? r.steps : null;
}

function ratio(certified: number | null, truth: number): string {
  return certified === null ? 'n/a' : (certified / Math.max(1, truth)).toPrecision(3);
}

function geometricMean(xs: readonly number[]): number {
  return Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length);
}

function gaussianTable(): void {
  console.log('## Gaussian targets: certified N / exact minimal N over step sizes\n');
  console.log('| target | exact min N | seed | optimised | exact-gaussian |');
  console.log('|---|---|---|---|---|');
  const byRoute: Record<string, number[]> = {};
  for (const c of gaussianCases(20261127, 24)) {
    const input = stoppingInputFor(c);
    const routes = proposeStoppingRoutes(input);
    const exact = stepsOf(routes, 'exact-gaussian');
    const truth = minimalStepsFloat(c.hessian, c.gradient, c.init, c.epsilon, c.eigenvalues[1], 3000, exact === null ? 10_000_000 : 2 * exact + 5);
    if (truth === null) {
      console.log(`| ${c.name} | (none found) | | | |`);
      continue;
    }
    const cells = ROUTES.map((name) => {
      const n = stepsOf(routes, name);
      if (n !== null) (byRoute[name] ??= []).push(n / Math.max(1, truth.steps));
      return `${n ?? 'n/a'} (${ratio(n, truth.steps)})`;
    });
    console.log(`| ${c.name} | ${truth.steps} | ${cells.join(' | ')} |`);
  }
  console.log('\nGeometric mean / max ratio per route: ' +
    ROUTES.map((r) => `${r} ${geometricMean(byRoute[r] ?? [NaN]).toPrecision(3)} / ${Math.max(...(byRoute[r] ?? [NaN])).toPrecision(3)}`).join('; ') + '\n');
}

interface ConvexCase {
  readonly spec: string;
  /** m I <= hess f <= L I everywhere (T = 1), proven in the comment. */
  readonly m: number;
  readonly l: number;
  /** sup ||D^3 f||_F, by hand (below), beside the kernel's certified M. */
  readonly handM: number;
}

// hess of 0.5 x1^2 + x2^2 is diag(1, 2); sqrt(1 + s^2)'' = (1 + s^2)^(-3/2) in (0, 1] along s = x1 + x2
// adds 0.5 * (0, 1] * [[1,1],[1,1]] (eigenvalues 0 and 2): so I <= hess f <= (2 + 1) I.
// hess of 0.5|x|^2 is I; softplus'' = sigmoid (1 - sigmoid) in (0, 1/4] along v = (2, -1), |v|^2 = 5,
// adds 2 * (0, 1/4] * v v': so I <= hess f <= (1 + 2.5) I.
// Third derivatives (by hand): 0.5 g'''(s) v(x)v(x)v, v = (1, 1), g = sqrt(1 + s^2), |g'''| = 3|s|(1 + s^2)^(-5/2)
// <= 3 (1/2)(5/4)^(-5/2) = 0.8587 (at s = 1/2), |v|^3 = 2^1.5: M = 0.5 * 0.8587 * 2.8284 = 1.2144 -> 1.22.
// 2 sp'''(u) w(x)w(x)w, w = (2, -1), |sp'''| = |s(1-s)(1-2s)| <= 1/(6 sqrt 3) = 0.09623, |w|^3 = 5^1.5:
// M = 2 * 0.09623 * 11.180 = 2.1517 -> 2.16.
const CONVEX: readonly ConvexCase[] = [
  { spec: 'expr:0.5*x1^2 + x2^2 + 0.5*sqrt(1 + (x1 + x2)^2)', m: 1, l: 3, handM: 1.22 },
  { spec: 'expr:0.5*(x1^2 + x2^2) + 2*softplus(2*x1 - x2)', m: 1, l: 3.5, handM: 2.16 },
];

/** Float gradient descent to the minimiser (bench only). */
function floatMinimiser(energy: ReturnType<typeof loadEnergy>, l: number): Float64Array {
  const x = new Float64Array(energy.dim);
  for (let i = 0; i < 2000; i++) {
    const g = energy.gradient(x);
    for (let j = 0; j < x.length; j++) x[j]! -= g[j]! / l;
  }
  return x;
}

/** N of the kl-hessian-lipschitz bound at its best h, from constants (M by hand): what the route would certify. */
function klStepsByHand(c: KlHessianLipschitzConstants, eps: number): { steps: number; h: number } | null {
  const hMax = Math.min(1 / (Math.sqrt(192) * c.smoothness), 2 / (c.strongConvexity + c.smoothness)) * (1 - 1e-9);
  const h = bestKlHessianLipschitzStep(c, eps, hMax);
  return h === null ? null : { steps: leastStepsAt(c, eps, h), h };
}

function klTable(): void {
  console.log('## kl-hessian-lipschitz: certified N / grid-ULA minimal N\n');
  console.log('M certified by the kernel (checkHessianLipschitz on the expression); M by hand beside it; m, L as in the table above; KL0 = grid KL at step 0.\n');
  console.log('| energy | start | eps | grid min N (at h) | kl-hessian-lipschitz N (h) (ratio), M certified | same with M by hand | optimised VW (ratio) |');
  console.log('|---|---|---|---|---|---|---|');
  for (const c of CONVEX) {
    const energy = loadEnergy(c.spec);
    const potential = potentialFromEnergy(energy, 1);
    const center = Array.from(floatMinimiser(energy, c.l));
    const gradientAtCenter = Array.from(energy.gradient(Float64Array.from(center)), (g) => point(g));
    for (const start of [{ mean: 2, std: 1 }, { mean: 0, std: 0.5 }]) {
      const { grid } = chooseGrid(potential, start, { nodes: 81 });
      const field = fieldOn(potential, grid);
      const rho0 = gaussianDensityOnGrid(grid, start);
      const spacing = Math.max(grid.hx, grid.hy);
      for (const eps of [0.1, 0.01]) {
        const best = gridMinimalSteps(potential, field, rho0, spacing, c.l, eps);
        const kl0 = solveUla({ potential, field, rho0, h: 0.1, steps: 0 }).kl[0]!;
        const k = klStepsByHand({ dim: 2, alpha: c.m, smoothness: c.l, strongConvexity: c.m, hessianLipschitz: c.handM, kl0, init: start, center, gradientAtCenter }, eps);
        const model: EnergyModel = { kind: 'expression', dim: 2, source: c.spec.slice(5) };
        const certified = klHessianLipschitzRoute({ dim: 2, temperature: 1, epsilon: eps, init: start, alpha: c.m, smoothness: c.l, strongConvexity: c.m, kl0, model });
        const cert = certified.applies ? `${certified.steps} (h=${certified.h!.toPrecision(3)}) (${ratio(certified.steps!, best?.steps ?? NaN)}), M = ${certified.hessianLipschitz!.upper.toPrecision(4)}` : `n/a: ${certified.reason}`;
        const vw = stepsOf(proposeStoppingRoutes({ dim: 2, temperature: 1, epsilon: eps, init: start, alpha: c.m, smoothness: c.l, kl0 }), 'vempala-wibisono-optimised');
        const truth = best?.steps ?? NaN;
        console.log(`| ${c.spec.slice(5)} | N(${start.mean},${start.std}^2) | ${eps} | ${best ? `${best.steps} (h=${best.h.toPrecision(3)})` : 'none <= 400'} | ${cert} | ${k ? `${k.steps} (${ratio(k.steps, truth)}), M = ${c.handM}` : 'n/a'} | ${vw ?? 'n/a'} (${ratio(vw, truth)}) |`);
      }
    }
  }
  // A tanh network + (3/2)|x|^2: every constant certified (emcert check on this model: alpha = m, L, KL0 for N(1, 1)).
  const layers: MlpLayer[] = [
    { inDim: 2, outDim: 4, weight: Float64Array.of(1, -0.5, 0.25, 1, -1, 0.5, 0.75, -0.25), bias: Float64Array.of(0, 0.5, -0.5, 0), activation: 'tanh' },
    { inDim: 4, outDim: 1, weight: Float64Array.of(0.5, -0.5, 1, 0.25), bias: Float64Array.of(0), activation: 'identity' },
  ];
  const model: EnergyModel = { kind: 'sum', dim: 2, terms: [{ weight: 1, model: { kind: 'mlp', dim: 2, layers } }, { weight: 1, model: { kind: 'quadratic', dim: 2, lambda: 3, center: [0, 0] } }] };
  const start = { mean: 1, std: 1 };
  const potential = potentialFromEnergy(energyFromModel(model), 1);
  const { grid } = chooseGrid(potential, start, { nodes: 81 });
  const field = fieldOn(potential, grid);
  const rho0 = gaussianDensityOnGrid(grid, start);
  for (const eps of [0.1, 0.01]) {
    const input: StoppingInput = { dim: 2, temperature: 1, epsilon: eps, init: start, alpha: 1.4385667613752353, smoothness: 4.757046193641981, strongConvexity: 1.4385667613752353, kl0: 6.2211733180206785, model };
    const route = klHessianLipschitzRoute(input);
    const vw = stepsOf(proposeStoppingRoutes({ ...input, model: undefined }), 'vempala-wibisono-optimised');
    const best = gridMinimalSteps(potential, field, rho0, Math.max(grid.hx, grid.hy), input.smoothness, eps);
    const truth = best?.steps ?? NaN;
    console.log(`| tanh network + 1.5|x|^2 (all constants certified) | N(1,1^2) | ${eps} | ${best ? `${best.steps} (h=${best.h.toPrecision(3)})` : 'none <= 400'} | ${route.steps ?? 'n/a'} (h=${route.h?.toPrecision(3)}) (${ratio(route.steps ?? null, truth)}), M = ${route.hessianLipschitz?.upper.toPrecision(4)} | | ${vw ?? 'n/a'} (${ratio(vw, truth)}) |`);
  }
  console.log('');
}

function convexTable(): void {
  console.log('## 2D strongly convex non-quadratic energies: certified N / grid-ULA minimal N\n');
  console.log('| energy | start | eps | grid min N (at h) | seed | optimised |');
  console.log('|---|---|---|---|---|---|');
  for (const c of CONVEX) {
    const potential = potentialFromEnergy(loadEnergy(c.spec), 1);
    for (const start of [{ mean: 2, std: 1 }, { mean: 0, std: 0.5 }]) {
      const { grid } = chooseGrid(potential, start, { nodes: 81 });
      const field = fieldOn(potential, grid);
      const rho0 = gaussianDensityOnGrid(grid, start);
      const spacing = Math.max(grid.hx, grid.hy);
      for (const eps of [0.1, 0.01]) {
        const best = gridMinimalSteps(potential, field, rho0, spacing, c.l, eps);
        const kl0 = solveUla({ potential, field, rho0, h: 0.1, steps: 0 }).kl[0]!;
        const input: StoppingInput = { dim: 2, temperature: 1, epsilon: eps, init: start, alpha: c.m, smoothness: c.l, kl0, strongConvexity: c.m };
        const routes = proposeStoppingRoutes(input);
        const truth = best?.steps ?? NaN;
        const cells = ROUTES.slice(0, 2).map((name) => `${stepsOf(routes, name) ?? 'n/a'} (${ratio(stepsOf(routes, name), truth)})`);
        console.log(`| ${c.spec.slice(5)} | N(${start.mean},${start.std}^2) | ${eps} | ${best ? `${best.steps} (h=${best.h.toPrecision(3)})` : 'none <= 400'} | ${cells.join(' | ')} |`);
      }
    }
  }
  console.log('\nexact-gaussian does not apply (not quadratic); kl-hessian-lipschitz: see the next table.');
}

/** Smallest first-crossing step count of the grid-computed ULA KL over a few step sizes h = share / L. */
function gridMinimalSteps(potential: ReturnType<typeof potentialFromEnergy>, field: ReturnType<typeof fieldOn>, rho0: Float64Array, spacing: number, l: number, eps: number): { steps: number; h: number } | null {
  let best: { steps: number; h: number } | null = null;
  for (const share of [0.9, 0.6, 0.4, 0.25, 0.15, 0.08]) {
    const h = share / l;
    if (Math.sqrt(2 * h) < spacing) continue; // the lattice kernel is only exact for sqrt(2h) >= spacing
    const curve = solveUla({ potential, field, rho0, h, steps: best?.steps ?? 400, stopBelow: eps });
    const n = firstStepBelow(curve, eps);
    if (n !== null && (best === null || n < best.steps)) best = { steps: n, h };
  }
  return best;
}

interface CheckCase {
  readonly spec: string;
  readonly kind: 'strongly convex' | 'bounded perturbation' | 'multimodal';
}

const CHECK_CASES: readonly CheckCase[] = [
  { spec: 'expr:0.5*(x1^2 + 4*x2^2)', kind: 'strongly convex' },
  { spec: 'expr:0.5*(x1^2 + x2^2) + 2*softplus(2*x1 - x2)', kind: 'strongly convex' },
  { spec: 'expr:0.5*x1^2 + x2^2 + 0.5*sqrt(1 + (x1 + x2)^2)', kind: 'strongly convex' },
  { spec: 'expr:0.5*x1^2 + 0.5*x2^2 + 0.5*log(1 + x1^2)', kind: 'strongly convex' },
  { spec: 'expr:x1^2 + x2^2 + sin(3*x1)*cos(2*x2)', kind: 'bounded perturbation' },
  { spec: 'expr:(x1^2-1)^2 + 0.5*x2^2', kind: 'multimodal' },
];

/** What certifyEnergy (emcert check, default work limits, T = 1, init N(0, 1), eps 0.1) certifies, against computed truth. */
function checkTable(): void {
  console.log('## What `emcert check` certifies (default work limits, T = 1, init N(0, 1), eps = 0.1) against computed truth\n');
  console.log('| energy | class | alpha certified | spectral gap (grid) | gap / alpha | Poincaré gap (decomposition) | gap / Poincaré gap | L certified | max sampled |eig| | N certified (h) | grid N at that h | grid min N (h) | N ratio | check CPU s |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  const notes: string[] = [];
  const ratios: Record<string, { alpha: number[]; n: number[] }> = {};
  for (const c of CHECK_CASES) {
    const terms = [{ spec: c.spec, weight: 1 }];
    const energy = buildEnergy(terms);
    const started = process.cpuUsage();
    const cert = certifyEnergy({ energy, terms });
    const used = process.cpuUsage(started);
    const seconds = (used.user + used.system) / 1e6;
    const pd = cert.poincareDecomposition;
    const pGap = pd?.claim?.gapLower ?? null;
    if (pd && pGap === null) notes.push(`- ${c.spec.slice(5)}: ${pd.reason}`);
    const alpha = cert.constants.lsi.lower ?? 0;
    const lCert = cert.constants.smoothness.upper ?? Infinity;
    const potential = potentialFromEnergy(loadEnergy(c.spec), 1);
    const start = { mean: 0, std: 1 };
    const { grid } = chooseGrid(potential, start, { nodes: 101, level: 16 });
    const field = fieldOn(potential, grid);
    const gap = spectralGapOnGrid(field).gap;
    const lSampled = maxCurvature(potential, nodeCoordinates(grid), nodeCount(grid));
    const nCert = cert.stopping?.steps ?? null;
    let truth: { steps: number; h: number } | null = null;
    let atCertifiedH: number | null = null;
    const hCert = cert.stopping?.h ?? null;
    const eps = cert.stopping?.epsilon ?? 0.1;
    if (nCert !== null && hCert !== null) {
      const ulaGrid = chooseGrid(potential, start, { nodes: 81 }).grid;
      const ulaField = fieldOn(potential, ulaGrid);
      const rho0 = gaussianDensityOnGrid(ulaGrid, start);
      truth = gridMinimalSteps(potential, ulaField, rho0, Math.max(ulaGrid.hx, ulaGrid.hy), lSampled, eps);
      // The soundness side: at the certified h the computed law must be within eps by step N. (Below
      // the lattice's resolution sqrt(2h) < spacing the grid kernel is not exact: not shown.)
      if (Math.sqrt(2 * hCert) >= Math.max(ulaGrid.hx, ulaGrid.hy)) atCertifiedH = firstStepBelow(solveUla({ potential, field: ulaField, rho0, h: hCert, steps: nCert, stopBelow: eps }), eps);
    }
    const r = (ratios[c.kind] ??= { alpha: [], n: [] });
    if (alpha > 0) r.alpha.push(gap / alpha);
    if (nCert !== null && truth && truth.steps > 0) r.n.push(nCert / truth.steps);
    const truthCell = truth ? (truth.steps === 0 ? '0 (KL_0 < eps)' : `${truth.steps} (${truth.h.toPrecision(3)})`) : '-';
    console.log(
      `| ${c.spec.slice(5)} | ${c.kind} | ${alpha > 0 ? alpha.toPrecision(4) : cert.verdict} | ${gap.toPrecision(4)} | ${alpha > 0 ? (gap / alpha).toPrecision(3) : '-'} | ${pGap !== null ? pGap.toPrecision(4) : '-'} | ${pGap !== null ? (gap / pGap).toPrecision(3) : '-'} | ${Number.isFinite(lCert) ? lCert.toPrecision(4) : 'inf'} | ${lSampled.toPrecision(4)} | ${nCert !== null ? `${nCert} (${hCert!.toPrecision(3)})` : '-'} | ${nCert === null ? '-' : atCertifiedH ?? 'below grid resolution'} | ${truthCell} | ${nCert !== null && truth && truth.steps > 0 ? (nCert / truth.steps).toPrecision(3) : '-'} | ${seconds.toFixed(1)} |`,
    );
  }
  if (notes.length > 0) console.log(`\nPoincaré gap (decomposition) not certified (the certificate's one-line reason):\n${notes.join('\n')}`);
  console.log('\nThe grid minimum is over a few step sizes h = share / L (and counts from step 0), so on a Gaussian the');
  console.log('exact route can certify fewer steps at its own h; the soundness column is the grid at the certified h.');
  console.log('\nPer class, geometric mean / worst of gap/alpha and of N certified / grid min N:');
  for (const [kind, r] of Object.entries(ratios)) {
    const fmt = (xs: number[]): string => (xs.length ? `${geometricMean(xs).toPrecision(3)} / ${Math.max(...xs).toPrecision(3)}` : 'n/a');
    console.log(`- ${kind}: gap/alpha ${fmt(r.alpha)}; N ratio ${fmt(r.n)}`);
  }
  console.log('');
}

if (process.argv.includes('--kl-only')) klTable();
else {
  if (!process.argv.includes('--check-only')) {
    gaussianTable();
    if (!process.argv.includes('--no-grid')) {
      convexTable();
      klTable();
    }
  }
  checkTable();
}
