// Producer (untrusted) of the smoothness evidence: a cover of R^d on which the kernel's bound on
// max |eig(hess f)| is small. When the Hessian grows without bound (a double well's quartic), no
// finite L exists and the producer says so after a cheap far-field probe instead of searching.
// Energies with a network term get a far-field cover (farFieldProducer.ts): boxes over a cube and
// cones outside it, where unbounded outer boxes would keep every first-layer neuron "active".
import type { Box } from '../kernel/checks/cover.js';
import { boxSpectralRadius } from '../kernel/checks/smoothness.js';
import type { Energy } from '../energy/types.js';
import { symmetricEigenvalues } from './floatLinalg.js';
import { refineCover } from './refine.js';
import { samplePoints } from './sampling.js';
import { scaledPatience, type Region, type SearchBudget } from './lsiProducer.js';
import type { FarField } from '../kernel/checks/farField.js';
import { hasNetwork, refineFarFieldCover } from './farFieldProducer.js';

/** The cones start at |x - c|_inf = FAR_FIELD_SCALE * region radius: at 4 (R = 16 for the shipped
 *  models) the far-field bound of the checkerboard model is 38, at 2 it stalls at 74 (bench/smoothnessCover.ts). */
const FAR_FIELD_SCALE = 4;

export interface SmoothnessProposal {
  /** Boxes covering R^d, or with farField the cube |x - c|_inf <= R. */
  readonly boxes: Box[];
  readonly farField?: FarField;
  /** The kernel's bound on the proposed cover (Infinity: no finite L found). */
  readonly upper: number;
  /** Largest sampled Hessian norm (a lower estimate of the true L). */
  readonly sampled: number;
  readonly reason?: string;
}

export function sampledHessianNorm(energy: Energy, temperature: number, x: Float64Array): number {
  const ev = symmetricEigenvalues(energy.hessian(x), energy.dim);
  return Math.max(Math.abs(ev[0]!), Math.abs(ev[ev.length - 1]!)) / temperature;
}

export function proposeSmoothness(energy: Energy, temperature: number, region: Region, budget: SearchBudget): SmoothnessProposal {
  const points = samplePoints(region.center, region.radius, energy.dim <= 2 ? 31 * 31 : 1000);
  const sampled = Math.max(...points.map((x) => sampledHessianNorm(energy, temperature, x)));
  const growth = farFieldGrowth(energy, temperature, region);
  if (growth) return { boxes: [], upper: Infinity, sampled, reason: growth };
  if (hasNetwork(energy.model)) {
    const far = refineFarFieldCover(energy.model, temperature, {
      center: region.center,
      radius: FAR_FIELD_SCALE * region.radius,
      goal: 1.02 * sampled,
      maxPieces: budget.maxBoxes,
      patience: scaledPatience(budget, 256),
      ...(budget.cap ? { cap: budget.cap } : {}),
    });
    if (Number.isFinite(far.upper)) return { boxes: far.boxes, farField: far.farField, upper: far.upper, sampled };
  }
  const cover = refineCover({
    center: region.center,
    radius: region.radius,
    score: (box) => -boxSpectralRadius(energy.model, temperature, box),
    goal: -1.02 * sampled,
    maxBoxes: budget.maxBoxes,
    patience: scaledPatience(budget, 64),
    ...(budget.cap ? { cap: budget.cap } : {}),
  });
  const upper = -cover.worst;
  if (!Number.isFinite(upper)) return { boxes: [], upper: Infinity, sampled, reason: 'no finite bound on the Hessian over the unbounded outer boxes' };
  return { boxes: cover.boxes, upper, sampled };
}

/** A reason when the Hessian norm keeps growing far out along some axis (then sup is infinite). */
function farFieldGrowth(energy: Energy, temperature: number, region: Region): string | undefined {
  for (let i = 0; i < energy.dim; i++)
    for (const sign of [1, -1]) {
      const at = (r: number): number => {
        const x = Float64Array.from(region.center);
        x[i] = x[i]! + sign * r;
        return sampledHessianNorm(energy, temperature, x);
      };
      const near = at(1e3);
      const far = at(1e6);
      if (!Number.isFinite(far) || far > 100 * Math.max(near, 1e-300)) return `the Hessian grows without bound along ${sign > 0 ? '+' : '-'}x${i + 1} (|hess f| ~ ${far.toPrecision(3)} at distance 1e6): no finite smoothness constant`;
    }
  return undefined;
}
