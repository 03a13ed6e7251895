// The 2D experiment on grids: Fokker-Planck (continuous Langevin), exact ULA transitions, and the
// gradient flow along characteristics, with the certified bounds drawn from a certificate summary.
// All times are f-time (engine time multiplied by T); ULA steps use h = eta * T.
import { solveFlow } from '../diagnostics/grid/flowCharacteristics.js';
import { scharfetterGummel, solveFokkerPlanck } from '../diagnostics/grid/fokkerPlanck.js';
import { chooseGrid, fieldOn, type GridField, gaussianDensityOnGrid, gridBox, nodeCoordinates, nodeCount, type GaussianStart } from '../diagnostics/grid/grid.js';
import { maxCurvature, type GridPotential } from '../diagnostics/grid/potential.js';
import { hessianCostMicros, tabulatePotential } from '../diagnostics/grid/tabulated.js';
import type { CertificateSummary } from './certificate.js';
import { runUlaExperiment, type UlaFirstBelow, type UlaResult } from './ulaRun.js';

export interface GridExperimentOptions {
  readonly potential: GridPotential;
  readonly start: GaussianStart;
  readonly temperature: number;
  readonly epsilon: number;
  readonly certificate?: CertificateSummary;
  /** Fokker-Planck nodes per axis; default 121. */
  readonly nodes?: number;
  /** Longest Langevin time; default 20. The run stops earlier once KL < klFloor (default 1e-7). */
  readonly tMax?: number;
  readonly klFloor?: number;
  /** Cap on explicit Fokker-Planck steps; default 150000. */
  readonly maxFokkerPlanckSteps?: number;
  /** Cap on ULA multiply-adds; default 3e9. */
  readonly ulaMaxWork?: number;
  /** Tabulate the potential when a Hessian costs more than this many microseconds; default 3. */
  readonly tabulateAboveMicros?: number;
  /** Flow quadrature points per axis; default 56. */
  readonly flowPoints?: number;
}

export interface GridExperimentResult {
  readonly grid: {
    readonly box: [[number, number], [number, number]];
    readonly nodesPerAxis: number;
    readonly spacing: [number, number];
    readonly level: number;
    readonly initStds: number;
    readonly logZ: number;
    /** Largest |hess f| over the grid nodes (sampled, not certified). */
    readonly gridCurvature: number;
    /** How grad f and hess f were evaluated (exactly, or interpolated for expensive energies). */
    readonly evaluation: string;
    /** A tighter box for figures: f - min f < 10 joined with mean +- 3 std, padded by 5%. */
    readonly viewBox: [[number, number], [number, number]];
  };
  readonly langevin: {
    readonly times: number[];
    readonly kl: number[];
    readonly fisher: number[];
    readonly freeEnergy: number[];
    readonly bound: number[] | null;
    readonly boundNote: string;
    readonly dt: number;
    readonly monotone: boolean;
    readonly largestIncrease: number;
  };
  readonly ula: UlaResult | { readonly infeasible: string };
  /** The ULA step count at the certified step where KL first drops under eps. */
  readonly ulaFirstBelow: UlaFirstBelow;
  readonly flow: {
    readonly times: number[];
    readonly kl: number[];
    readonly freeEnergy: number[];
    readonly klRate: number[];
    readonly minimumTime: number;
    readonly minimumKl: number;
    readonly rose: boolean;
    readonly rise: number;
  };
}

export function runGridExperiment(opts: GridExperimentOptions): GridExperimentResult {
  const { potential, start, temperature, epsilon, certificate } = opts;
  const nodes = opts.nodes ?? 121;
  const chosen = chooseGrid(potential, start, { nodes, initStds: 5 });
  const { grid } = chosen;
  const field = fieldOn(potential, grid);
  const box = gridBox(grid);
  // Networks evaluated in float64 can cost ~100 us per Hessian: then the ULA drift and the flow's
  // characteristics use a bicubic table of the Fokker-Planck grid (one evaluation per node).
  const probe = nodeCoordinates(grid).subarray(0, 2 * Math.min(64, nodeCount(grid)));
  const micros = hessianCostMicros(potential, probe);
  const tabulated = micros > (opts.tabulateAboveMicros ?? 3) ? tabulatePotential(potential, grid, field.f) : null;
  const evaluator = tabulated ?? potential;
  const curvature = maxCurvature(evaluator, nodeCoordinates(grid), nodeCount(grid));
  const evaluation = tabulated
    ? `the energy costs ${micros.toFixed(0)} us per Hessian, so the ULA drift and the flow use bicubic interpolation of f, grad f, hess f from the ${nodes}^2 grid (O(h^3) error)`
    : 'f, grad f and hess f are evaluated exactly at every point';

  // Continuous Langevin.
  const op = scharfetterGummel(field);
  const maxSteps = opts.maxFokkerPlanckSteps ?? 150000;
  const tEnd = Math.min(opts.tMax ?? 20, (maxSteps * 0.9) / op.maxOutRate);
  const rho0 = gaussianDensityOnGrid(grid, start);
  const fp = solveFokkerPlanck({ field, rho0, tEnd, records: 2000, klFloor: opts.klFloor ?? 1e-7, maxSteps });
  let largestIncrease = -Infinity;
  for (let i = 1; i < fp.kl.length; i++) largestIncrease = Math.max(largestIncrease, fp.kl[i]! - fp.kl[i - 1]!);
  const monotone = largestIncrease <= 1e-12 * Math.max(1, fp.kl[0]!);
  const alpha = certificate?.verdict === 'certified' ? certificate.alpha : undefined;
  const kl0 = certificate?.verdict === 'certified' ? certificate.kl0 : undefined;
  // Monotonicity is judged on every record; the report keeps at most ~400 of them.
  const keep = thinIndices(fp.times.length, 400);
  const times = keep.map((i) => fp.times[i]!);
  // With a certified alpha but no certified KL0 the certified rate is drawn from the computed KL0.
  const kl0Used = kl0 ?? (alpha !== undefined ? fp.kl[0]! : undefined);
  const bound = alpha !== undefined && kl0Used !== undefined ? times.map((t) => Math.exp(-2 * alpha * t) * kl0Used) : null;
  const boundNote =
    alpha !== undefined && kl0 !== undefined
      ? `exp(-2 alpha t) KL0 with certified alpha=${alpha.toPrecision(4)} and certified KL0<=${kl0.toPrecision(4)}`
      : alpha !== undefined
        ? `exp(-2 alpha t) KL0 with certified alpha=${alpha.toPrecision(4)} and the computed (not certified) KL0=${fp.kl[0]!.toPrecision(4)}: the certificate has no KL0 bound`
        : `no certified bound (${certificate ? `${certificate.verdict}: ${certificate.note}` : 'no certificate'})`;

  const ula = runUlaExperiment({ potential: evaluator, start, temperature, epsilon, ...(certificate ? { certificate } : {}), box, curvature, langevin: fp, maxWork: opts.ulaMaxWork ?? 3e9 });

  // Gradient flow over the Langevin horizon, kept between 2 and 8 time units (it rises well before).
  const flowEnd = Math.min(8, Math.max(2, fp.times[fp.times.length - 1]!));
  const flow = solveFlow({ potential: evaluator, logZ: field.logZ, start, tEnd: flowEnd, records: 150, pointsPerAxis: opts.flowPoints ?? 56, startStds: 5 });
  let iMin = 0;
  for (let i = 1; i < flow.kl.length; i++) if (flow.kl[i]! < flow.kl[iMin]!) iMin = i;
  const rise = flow.kl[flow.kl.length - 1]! - flow.kl[iMin]!;

  return {
    grid: {
      box,
      nodesPerAxis: nodes,
      spacing: [grid.hx, grid.hy],
      level: chosen.level,
      initStds: chosen.initStds,
      logZ: field.logZ,
      gridCurvature: curvature,
      evaluation,
      viewBox: viewBox(field, start),
    },
    langevin: {
      times,
      kl: keep.map((i) => fp.kl[i]!),
      fisher: keep.map((i) => fp.fisher[i]!),
      freeEnergy: keep.map((i) => fp.freeEnergy[i]!),
      bound,
      boundNote,
      dt: fp.dt,
      monotone,
      largestIncrease,
    },
    ula: ula.curve,
    ulaFirstBelow: ula.firstBelow,
    flow: {
      times: flow.times,
      kl: flow.kl,
      freeEnergy: flow.freeEnergy,
      klRate: flow.klRate,
      minimumTime: flow.times[iMin]!,
      minimumKl: flow.kl[iMin]!,
      rose: iMin < flow.kl.length - 1 && rise > 1e-6,
      rise,
    },
  };
}

/** Indices 0..n-1 thinned to about max of them, always keeping the first and the last. */
export function thinIndices(n: number, max: number): number[] {
  const every = Math.max(1, Math.ceil(n / max));
  const out: number[] = [];
  for (let i = 0; i < n; i += every) out.push(i);
  if (out[out.length - 1] !== n - 1) out.push(n - 1);
  return out;
}

function viewBox(field: GridField, start: GaussianStart): [[number, number], [number, number]] {
  const { grid, f, fMin } = field;
  let xlo = start.mean - 3 * start.std, xhi = start.mean + 3 * start.std;
  let ylo = xlo, yhi = xhi;
  for (let iy = 0; iy < grid.ny; iy++)
    for (let ix = 0; ix < grid.nx; ix++)
      // 20: the grid's own level and the landscape's colour span, so every well a sample can sit in
      // (a shallower mode of a trained model too) is inside the plot.
      if (f[iy * grid.nx + ix]! - fMin < 20) {
        const x = grid.x0 + ix * grid.hx, y = grid.y0 + iy * grid.hy;
        xlo = Math.min(xlo, x); xhi = Math.max(xhi, x); ylo = Math.min(ylo, y); yhi = Math.max(yhi, y);
      }
  const px = 0.05 * (xhi - xlo), py = 0.05 * (yhi - ylo);
  return [[xlo - px, xhi + px], [ylo - py, yhi + py]];
}
