// Preconditioned ULA (proofs/stopping-preconditioned.md): certified N with and without a constant
// preconditioner P = C C^T, against the true minimal N of each chain.
//  - certified: `emcert check` itself (certifyEnergy), with and without --preconditioner auto, so the
//    numbers are what a user gets; each certificate is verified before it is written.
//  - exact (Gaussian only): the closed-form law of each chain, minimal N over 400 step sizes.
//  - grid: the ULA law propagated on a lattice (src/diagnostics/grid/ulaTransition.ts, exact Gaussian
//    kernel per axis), minimal first-crossing N over a few step sizes. The preconditioned chain is run as
//    plain ULA on g(y) = f(C y) from the transformed start (KL is invariant under y = C^-1 x), which is
//    exactly what the theorem says it is; C is diagonal here, so g is again an expression.
// Run: npx tsx bench/preconditioning.ts [--no-grid]     (several minutes with the grid: the unpreconditioned
// chain needs a fine lattice in x2, where pi has standard deviation 0.1, for over a thousand steps)
import { certifyEnergy } from '../src/certify/certifyEnergy.js';
import { buildEnergy } from '../src/certify/energyBuild.js';
import { autoFactor } from '../src/langevin/preconditioner.js';
import { loadEnergy } from '../src/energy/spec.js';
import { potentialFromEnergy, type GridPotential } from '../src/diagnostics/grid/potential.js';
import { cellArea, fieldOn, nodeCount, uniformGrid } from '../src/diagnostics/grid/grid.js';
import { firstStepBelow, solveUla } from '../src/diagnostics/grid/ulaTransition.js';
import { firstStepBelow as gaussianFirstStepBelow, gaussianTargetFromQuadratic } from '../src/certify/stopping/gaussianKlCurve.js';
import { preconditionedFirstStepBelow, preconditionedProblem } from '../src/certify/stopping/preconditionedGaussian.js';
import { point } from '../src/kernel/interval.js';

const EPS = 0.01;
const INIT = { mean: 3, std: 1 };
const CASES = [
  { spec: '0.5*x1^2 + 50*x2^2', gaussian: { a: [[1, 0], [0, 100]], b: [0, 0] } },
  { spec: '0.5*x1^2 + 50*x2^2 + 0.5*log(1+x1^2)', gaussian: null },
  { spec: '0.5*x1^2 + 50*x2^2 + softplus(x1 - x2)', gaussian: null },
] as const;

function certifiedSteps(spec: string, factor: number[][] | undefined): { steps: number | null; route: string | null; note: string } {
  const terms = [{ spec: `expr:${spec}`, weight: 1 }];
  const cert = certifyEnergy({ energy: buildEnergy(terms), terms, init: INIT, epsilon: EPS, timeBudgetMs: 20000, ...(factor ? { preconditioner: factor } : {}) });
  const p = cert.preconditioner?.claim;
  return { steps: cert.stopping?.steps ?? null, route: cert.stopping?.route ?? null, note: p ? `m_g=${p.m?.toPrecision(4)}, L_g=${p.upper?.toPrecision(4)}` : `alpha=${cert.constants.lsi.lower?.toPrecision(4)}, L=${cert.constants.smoothness.upper?.toPrecision(4)}` };
}

/** Minimal N of the exact Gaussian law over a log grid of steps in (0, 2/lambda_max). */
function exactMinimal(a: number[][], b: number[], factor: number[][] | null): { steps: number; h: number } | null {
  let best: { steps: number; h: number } | null = null;
  if (factor === null) {
    const target = gaussianTargetFromQuadratic(a, b, INIT)!;
    const hMax = 2 / Math.max(...target.eigenvalues);
    for (let i = 1; i <= 400; i++) {
      const h = hMax * 10 ** (-4 * (i / 400));
      const n = gaussianFirstStepBelow(target, h, EPS, best?.steps ?? 1e7);
      if (n !== null && (best === null || n < best.steps)) best = { steps: n, h };
    }
    return best;
  }
  const q = { hessian: a.map((r) => r.map(point)), gradientAtOrigin: b.map(point) };
  const p = preconditionedProblem({ dim: 2, temperature: 1, epsilon: EPS, init: INIT, alpha: 1, smoothness: 1, kl0: 1, quadratic: q, preconditioner: factor })!;
  const hMax = 2 / Math.max(...p.lambdas);
  for (let i = 1; i <= 400; i++) {
    const h = hMax * 10 ** (-4 * (i / 400));
    const n = preconditionedFirstStepBelow(p, h, EPS, best?.steps ?? 1e7);
    if (n !== null && (best === null || n < best.steps)) best = { steps: n, h };
  }
  return best;
}

/** Axis-aligned Gaussian start N(mean_i, std_i^2) on a grid, normalised. */
function startDensity(grid: ReturnType<typeof uniformGrid>, mean: [number, number], std: [number, number]): Float64Array {
  const rho = new Float64Array(nodeCount(grid));
  let s = 0;
  for (let iy = 0; iy < grid.ny; iy++) for (let ix = 0; ix < grid.nx; ix++) {
    const zx = (grid.x0 + ix * grid.hx - mean[0]) / std[0];
    const zy = (grid.y0 + iy * grid.hy - mean[1]) / std[1];
    const v = Math.exp(-0.5 * (zx * zx + zy * zy));
    rho[iy * grid.nx + ix] = v;
    s += v;
  }
  const norm = 1 / (s * cellArea(grid));
  for (let k = 0; k < rho.length; k++) rho[k] = rho[k]! * norm;
  return rho;
}

/**
 * Minimal first-crossing N of ULA on `potential` over steps hs (for I: near the exact Gaussian optimum
 * h = 0.0032, since 2/L = 0.02 bounds the stable steps; for P: a spread of steps up to 1), on a lattice covering `box` whose spacing
 * per axis is min(targetSpacing, sqrt(2h)) (the lattice kernel is exact only for sqrt(2h) >= spacing).
 */
function gridMinimal(potential: GridPotential, box: [[number, number], [number, number]], spacing: [number, number], mean: [number, number], std: [number, number], hs: readonly number[], cap: number): { steps: number; h: number; curve: Float64Array } | null {
  let best: { steps: number; h: number; curve: Float64Array } | null = null;
  for (const h of hs) {
    const sx = Math.min(spacing[0], Math.sqrt(2 * h));
    const sy = Math.min(spacing[1], Math.sqrt(2 * h));
    const nx = Math.ceil((box[0][1] - box[0][0]) / sx) + 1;
    const ny = Math.ceil((box[1][1] - box[1][0]) / sy) + 1;
    const grid = uniformGrid(box[0][0], box[0][1], box[1][0], box[1][1], nx, ny);
    const field = fieldOn(potential, grid);
    const rho0 = startDensity(grid, mean, std);
    const curve = solveUla({ potential, field, rho0, h, steps: Math.min(cap, best?.steps ?? cap), stopBelow: EPS });
    const n = firstStepBelow(curve, EPS);
    if (n !== null && (best === null || n < best.steps)) best = { steps: n, h, curve: curve.kl };
  }
  return best;
}

/** g(y) = f(C y) for a diagonal C, as an expression. */
function substituted(spec: string, c: number[][]): string {
  return spec.replace(/x([12])/g, (_, i: string) => `(${c[Number(i) - 1]![Number(i) - 1]!}*x${i})`);
}

const withGrid = !process.argv.includes('--no-grid');
console.log(`Preconditioned ULA: certified and true minimal N, KL <= ${EPS}, start N(${INIT.mean}, ${INIT.std}^2 I), T = 1\n`);
console.log('| energy | C (P = C C^T) | certified N (route; constants) | exact min N (h) | grid min N (h) |');
console.log('|---|---|---|---|---|');
const curves: string[] = [];
for (const c of CASES) {
  const energy = buildEnergy([{ spec: `expr:${c.spec}`, weight: 1 }]);
  const factor = autoFactor(energy, 1, new Float64Array(2).fill(INIT.mean))!;
  // Lattice computations need a diagonal C (g stays an expression); auto gives one for these energies up to rounding.
  const diag = [[factor[0]![0]!, 0], [0, factor[1]![1]!]];
  for (const f of [null, diag] as const) {
    const cert = certifiedSteps(c.spec, f ?? undefined);
    const exact = c.gaussian ? exactMinimal(c.gaussian.a.map((r) => [...r]), [...c.gaussian.b], f) : null;
    let gridCell = 'n/a';
    if (withGrid) {
      const started = Date.now();
      const g = f === null
        ? gridMinimal(potentialFromEnergy(loadEnergy(`expr:${c.spec}`), 1), [[-5, 9], [-2.6, 8.6]], [0.1, 0.05], [INIT.mean, INIT.mean], [INIT.std, INIT.std], [0.0032, 0.006], 3000)
        : gridMinimal(
            potentialFromEnergy(loadEnergy(`expr:${substituted(c.spec, f)}`), 1),
            [[(INIT.mean - 6 * INIT.std) / f[0]![0]! - 1, (INIT.mean + 6 * INIT.std) / f[0]![0]!], [(INIT.mean - 6 * INIT.std) / f[1]![1]! - 6, (INIT.mean + 6 * INIT.std) / f[1]![1]!]],
            [0.25, 0.25], [INIT.mean / f[0]![0]!, INIT.mean / f[1]![1]!], [INIT.std / f[0]![0]!, INIT.std / f[1]![1]!], [0.2, 0.4, 0.6, 0.8, 1.0], 5000);
      gridCell = g ? `${g.steps} (h=${g.h})` : 'none <= 5000';
      if (g) curves.push(`${c.spec} ${f ? 'P' : 'I'}: KL_k, k = 0..${g.curve.length - 1} (every ${Math.max(1, Math.floor(g.curve.length / 8))}th): ${Array.from(g.curve).filter((_, k) => k % Math.max(1, Math.floor(g.curve.length / 8)) === 0).map((x) => x.toPrecision(3)).join(', ')}  [${((Date.now() - started) / 1000).toFixed(0)} s]`);
    }
    const pText = f ? `diag(${f[0]![0]!.toPrecision(4)}, ${f[1]![1]!.toPrecision(4)})` : 'I';
    console.log(`| ${c.spec} | ${pText} | ${cert.steps ?? 'none'} (${cert.route ?? '-'}; ${cert.note}) | ${exact ? `${exact.steps} (h=${exact.h.toPrecision(3)})` : 'n/a'} | ${gridCell} |`);
  }
}
if (curves.length > 0) console.log('\nGrid-computed KL curves at the best step:\n' + curves.map((l) => `- ${l}`).join('\n'));
