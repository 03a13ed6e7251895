// ULA in the 2D experiment: at the certified step when the grid can resolve it (exact transitions,
// giving the exact first step with KL < eps), otherwise a continuous-time proxy for that count,
// clearly labelled, plus a demonstration curve at a step the grid resolves.
import { fieldOn, gaussianDensityOnGrid, uniformGrid, type GaussianStart } from '../diagnostics/grid/grid.js';
import type { GridPotential } from '../diagnostics/grid/potential.js';
import { firstStepBelow, planUlaGrid, solveUla } from '../diagnostics/grid/ulaTransition.js';
import type { CertificateSummary } from './certificate.js';

export interface UlaResult {
  /** 'certified step': the certificate's eta; 'demonstration step': a step chosen for the figure. */
  readonly stepKind: 'certified step' | 'demonstration step';
  /** Step in f-units (h = eta * T) and in the engine's convention. */
  readonly h: number;
  readonly eta: number;
  readonly nodesPerAxis: number;
  /** Recorded steps (at most ~300 of them) and KL / free energy there. */
  readonly steps: number[];
  readonly kl: number[];
  readonly freeEnergy: number[];
  /** Vempala-Wibisono: exp(-alpha h k) KL0 + 8 h d L^2 / alpha, when the certificate covers this h. */
  readonly stoppingBound: number[] | null;
  readonly stoppingBoundNote: string;
}

export interface UlaFirstBelow {
  readonly epsilon: number;
  readonly certifiedSteps: number | null;
  readonly computedSteps: number | null;
  /** 'grid': exact transitions at the certified step; 'continuous-time proxy': t* / h; 'none'. */
  readonly method: 'grid' | 'continuous-time proxy' | 'none';
  /** KL after exactly the certified number of steps, when the grid ran all of them (must be <= eps). */
  readonly klAtCertifiedSteps: number | null;
  readonly note: string;
}

export interface UlaRunInput {
  readonly potential: GridPotential;
  readonly start: GaussianStart;
  readonly temperature: number;
  readonly epsilon: number;
  readonly certificate?: CertificateSummary;
  readonly box: [[number, number], [number, number]];
  /** Largest sampled |hess f| on the grid. */
  readonly curvature: number;
  /** The Fokker-Planck curve (f-time). */
  readonly langevin: { readonly times: readonly number[]; readonly kl: readonly number[] };
  readonly maxWork: number;
}

interface Solved {
  readonly result: UlaResult;
  readonly fullKl: Float64Array;
}

export function runUlaExperiment(input: UlaRunInput): { curve: UlaResult | { infeasible: string }; firstBelow: UlaFirstBelow } {
  const { potential, start, temperature, epsilon, certificate, box, langevin } = input;
  const width = Math.max(box[0][1] - box[0][0], box[1][1] - box[1][0]);
  const certified = certificate?.verdict === 'certified' ? certificate : undefined;
  const alpha = certified?.alpha;
  const L = certified?.smoothness;
  const kl0 = certified?.kl0;
  const stop = certified?.stopping;
  const tStarIndex = langevin.kl.findIndex((v) => v < epsilon);
  const tStar = tStarIndex >= 0 ? langevin.times[tStarIndex]! : null;

  const solve = (h: number, steps: number, stepKind: UlaResult['stepKind'], stopBelow?: number): Solved | null => {
    const plan = planUlaGrid(width, h, steps, { maxWork: input.maxWork, minNodes: 61 });
    if (!('nodes' in plan)) return null;
    const g = uniformGrid(box[0][0], box[0][1], box[1][0], box[1][1], plan.nodes, plan.nodes);
    const c = solveUla({ potential, field: fieldOn(potential, g), rho0: gaussianDensityOnGrid(g, start), h, steps, ...(stopBelow !== undefined ? { stopBelow } : {}) });
    const every = Math.max(1, Math.floor(c.kl.length / 300));
    const idx: number[] = [];
    for (let k = 0; k < c.kl.length; k += every) idx.push(k);
    if (idx[idx.length - 1] !== c.kl.length - 1) idx.push(c.kl.length - 1);
    const covered = alpha !== undefined && L !== undefined && kl0 !== undefined && h <= alpha / (4 * L * L);
    const result: UlaResult = {
      stepKind,
      h,
      eta: h / temperature,
      nodesPerAxis: plan.nodes,
      steps: idx,
      kl: idx.map((k) => c.kl[k]!),
      freeEnergy: idx.map((k) => c.freeEnergy[k]!),
      stoppingBound: covered ? idx.map((k) => Math.exp(-alpha! * h * k) * kl0! + (8 * h * 2 * L! * L!) / alpha!) : null,
      stoppingBoundNote: covered
        ? 'exp(-alpha h k) KL0 + 8 h d L^2 / alpha (Vempala-Wibisono, valid for h <= alpha / (4 L^2))'
        : 'no stopping bound drawn: no certificate, or this step exceeds alpha / (4 L^2)',
    };
    return { result, fullKl: c.kl };
  };

  const demonstration = (): UlaResult | { infeasible: string } => {
    // A step the grid resolves with about 121 nodes per axis, at least 0.05 / (largest sampled
    // curvature) and at most 0.1; the certificate's alpha / (4 L^2) when that is resolvable too.
    const resolvable = (width / 120) ** 2 / 2;
    let h = Math.min(0.1, Math.max(0.05 / Math.max(input.curvature, 1e-6), resolvable));
    if (alpha !== undefined && L !== undefined && alpha / (4 * L * L) >= resolvable) h = Math.min(h, alpha / (4 * L * L));
    const tEnd = langevin.times[langevin.times.length - 1]!;
    const perStep = planUlaGrid(width, h, 1, { maxWork: Infinity, minNodes: 61 });
    if (!('nodes' in perStep)) return { infeasible: perStep.infeasible };
    const steps = Math.min(4000, Math.ceil(tEnd / h), Math.floor(input.maxWork / perStep.work));
    if (steps < 10) return { infeasible: `a demonstration step h=${h.toPrecision(3)} allows only ${steps} steps within the work limit` };
    const r = solve(h, steps, 'demonstration step');
    return r ? r.result : { infeasible: `the demonstration step h=${h.toPrecision(3)} does not fit the grid` };
  };

  const whyNoStopping = (): string => {
    if (!certificate) return 'no certificate';
    if (!certified) return `${certificate.verdict}: ${certificate.note}`;
    if (L === undefined) return 'the certificate has no smoothness bound L';
    if (kl0 === undefined) return 'the certificate has no KL0 bound';
    return certificate.note;
  };

  if (!stop) {
    return {
      curve: demonstration(),
      firstBelow: { epsilon, certifiedSteps: null, computedSteps: null, method: 'none', klAtCertifiedSteps: null, note: `no certified stopping rule (${whyNoStopping()})` },
    };
  }
  const h = stop.stepSize * temperature;
  // The whole certified run if affordable, else only until KL < eps (enough for the first step below eps).
  const solved = solve(h, stop.steps, 'certified step') ?? (tStar !== null ? solve(h, Math.min(stop.steps, Math.ceil((1.5 * tStar) / h) + 10), 'certified step', epsilon) : null);
  if (solved) {
    const k = firstStepBelow({ h, kl: solved.fullKl, freeEnergy: solved.fullKl, sigmaOverSpacing: 1 }, epsilon);
    const klAtCertifiedSteps = solved.fullKl.length === stop.steps + 1 ? solved.fullKl[stop.steps]! : null;
    return {
      curve: solved.result,
      firstBelow: { epsilon, certifiedSteps: stop.steps, computedSteps: k, method: 'grid', klAtCertifiedSteps, note: `exact grid transitions at the certified step h=${h.toPrecision(4)} (${solved.result.nodesPerAxis}^2 nodes)` },
    };
  }
  return {
    curve: demonstration(),
    firstBelow: {
      epsilon,
      certifiedSteps: stop.steps,
      computedSteps: tStar !== null ? Math.ceil(tStar / h) : null,
      method: tStar !== null ? 'continuous-time proxy' : 'none',
      klAtCertifiedSteps: null,
      note: `certified step h=${h.toPrecision(3)} is finer than the grid can resolve within the work limit: computed count is t* / h, t* the Fokker-Planck time where KL < eps (ULA's O(h) bias not included)`,
    },
  };
}
