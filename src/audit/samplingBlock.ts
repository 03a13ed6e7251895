// Producer side of the sampling-block checks: the certified smoothness constant (the kernel's
// checkSmoothness on a cover proposed by src/certify/smoothnessProducer), a float witness of large
// curvature, and a seeded run of the configured sampler whose final positions are counted per
// region. The counts are re-derivable from the seed (`emcert verify` re-runs them); the TV bound
// from them is the kernel's checkTvLowerBound.
import type { Box } from '../kernel/box.js';
import type { Energy } from '../energy/types.js';
import { checkSmoothness } from '../kernel/checks/smoothness.js';
import type { FarField } from '../kernel/checks/farField.js';
import { proposeSmoothness, sampledHessianNorm } from '../certify/smoothnessProducer.js';
import { DEFAULT_MAX_BOXES } from '../certify/defaults.js';
import { TimeCap } from '../certify/timeCap.js';
import { samplePoints } from '../certify/sampling.js';
import { initialPositions } from '../langevin/init.js';
import { batchedOracle } from '../langevin/oracles/batched.js';
import { runChain } from '../langevin/run.js';
import type { SamplerName } from '../langevin/types.js';
import { createRng } from '../random/rng.js';
import { mulHi } from '../kernel/rounding.js';

export interface SamplingBlock {
  readonly sampler: SamplerName;
  readonly stepSize: number;
  readonly steps: number;
  readonly init: { readonly mean: number; readonly std: number };
  readonly temperature: number;
}

export interface StabilityResult {
  /** Certified upper bound on sup |eig hess E| (E units: T times the kernel's bound for f); Infinity if none. */
  readonly lipschitzUpper: number;
  /** Largest float |eig hess E| seen at sample points (a witness, not certified). */
  readonly lipschitzSampled: number;
  /** eta * L upper bound (rounded up). */
  readonly etaLUpper: number;
  /** Covering R^d, or with farField the cube the cones start from. */
  readonly boxes: Box[];
  readonly farField?: FarField;
  readonly reason?: string;
}

/** The certified smoothness constant of the block's energy. The cover search ends on its work limits
 *  (check's: DEFAULT_MAX_BOXES x effort boxes, patience x effort), so L matches `emcert check --effort`;
 *  the optional cap (default none) logs a cut. */
export function checkStability(energy: Energy, block: SamplingBlock, opts: { effort?: number; cap?: TimeCap } = {}): StabilityResult {
  const T = block.temperature;
  const effort = opts.effort ?? 1;
  const region = { center: Array.from({ length: energy.dim }, () => block.init.mean), radius: Math.max(4, 4 * block.init.std) };
  const p = proposeSmoothness(energy, T, region, { maxBoxes: Math.max(1, Math.round(DEFAULT_MAX_BOXES * effort)), patienceScale: effort, ...(opts.cap ? { cap: opts.cap } : {}) });
  // A float witness over a wider set of points (where the sampler goes).
  const pts = samplePoints(region.center, region.radius, energy.dim <= 2 ? 41 * 41 : 2000);
  const sampled = T * Math.max(p.sampled, ...pts.map((x) => sampledHessianNorm(energy, T, x)));
  if (p.boxes.length === 0) return { lipschitzUpper: Infinity, lipschitzSampled: sampled, etaLUpper: Infinity, boxes: [], reason: p.reason ?? 'no cover found' };
  const k = checkSmoothness(energy.model, T, p.boxes, p.farField);
  if (!k.ok) return { lipschitzUpper: Infinity, lipschitzSampled: sampled, etaLUpper: Infinity, boxes: p.boxes, ...(p.farField ? { farField: p.farField } : {}), reason: k.reason };
  const L = mulHi(T, k.value.upper);
  return { lipschitzUpper: L, lipschitzSampled: sampled, etaLUpper: mulHi(block.stepSize, L), boxes: p.boxes, ...(p.farField ? { farField: p.farField } : {}) };
}

/** For each region (a list of closed boxes; regions may overlap), how many of the points lie in it. */
export function countRegions(points: Float64Array, dim: number, regions: readonly (readonly Box[])[]): number[] {
  const counts = new Array<number>(regions.length).fill(0);
  const n = points.length / dim;
  for (let p = 0; p < n; p++) {
    const x = points.subarray(p * dim, (p + 1) * dim);
    regions.forEach((r, k) => { if (r.some((b) => b.every((c, i) => c.lo <= x[i]! && x[i]! <= c.hi))) counts[k]!++; });
  }
  return counts;
}

/** The configured sampler, seeded: n independent chains from the block's init, their final positions. */
export function runSamplingBlock(energy: Energy, block: SamplingBlock, particles: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const positions = initialPositions({ dim: energy.dim, particles, init: block.init, rng });
  const r = runChain({ kernel: block.sampler, oracle: batchedOracle(energy), positions, steps: block.steps, stepSize: block.stepSize, temperature: block.temperature, rng, blowUpFactor: Infinity });
  return Float64Array.from(r.state.positions);
}
