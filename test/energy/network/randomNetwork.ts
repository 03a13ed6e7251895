// Seeded random small MLPs for the network tests (a helper, not a test file).
import type { Activation, MlpLayer } from '../../../src/kernel/model.js';
import { createRng } from '../../../src/random/rng.js';

export function randomLayers(seed: number, dim: number, hidden: readonly number[], activation: Activation, scale = 0.8): MlpLayer[] {
  const rng = createRng(seed);
  const widths = [dim, ...hidden, 1];
  const layers: MlpLayer[] = [];
  for (let l = 0; l + 1 < widths.length; l++) {
    const inDim = widths[l]!;
    const outDim = widths[l + 1]!;
    const weight = new Float64Array(inDim * outDim).map(() => (scale * rng.normal()) / Math.sqrt(inDim));
    const bias = new Float64Array(outDim).map(() => 0.3 * rng.normal());
    layers.push({ inDim, outDim, weight, bias, activation: l + 2 === widths.length ? 'identity' : activation });
  }
  return layers;
}

export function randomPoints(seed: number, n: number, dim: number, spread = 1.5): Float64Array {
  const rng = createRng(seed);
  return new Float64Array(n * dim).map(() => spread * rng.normal());
}
