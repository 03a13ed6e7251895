// Initial positions: every coordinate of every particle drawn from N(mean, std^2).
import type { Rng } from '../random/rng.js';

export interface GaussianInitSpec {
  readonly mean: number;
  readonly std: number;
}

export function initialPositions(opts: { dim: number; particles: number; init: GaussianInitSpec; rng: Rng }): Float64Array {
  const { dim, particles, init, rng } = opts;
  if (!Number.isInteger(dim) || dim < 1) throw new RangeError(`initialPositions: dim must be a positive integer, got ${dim}`);
  if (!Number.isInteger(particles) || particles < 1)
    throw new RangeError(`initialPositions: particles must be a positive integer, got ${particles}`);
  if (!Number.isFinite(init.mean)) throw new RangeError(`initialPositions: mean must be finite, got ${init.mean}`);
  if (!(init.std > 0) || !Number.isFinite(init.std)) throw new RangeError(`initialPositions: std must be positive and finite, got ${init.std}`);
  const out = new Float64Array(dim * particles);
  rng.fillNormal(out);
  for (let k = 0; k < out.length; k++) out[k] = init.mean + init.std * out[k]!;
  return out;
}
