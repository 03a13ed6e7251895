// Shared fixtures for the hypothesis-check tests.
import type { Interval } from '../../../src/kernel/interval.js';
import type { EnergyModel, MlpLayer } from '../../../src/kernel/model.js';
import type { Box } from '../../../src/kernel/checks/cover.js';

export const I = (lo: number, hi: number): Interval => ({ lo, hi });
export const R = I(-Infinity, Infinity);

export function wholeSpace(d: number): Box[] {
  return [Array.from({ length: d }, () => R)];
}

/** [-r, r]^d bisected `depth` times per coordinate, plus the 2d outer slabs. */
export function gridCover(d: number, r: number, perAxis: number): Box[] {
  const ticks = Array.from({ length: perAxis + 1 }, (_, k) => -r + (2 * r * k) / perAxis);
  let boxes: Interval[][] = [[]];
  for (let i = 0; i < d; i++) boxes = boxes.flatMap((b) => ticks.slice(0, -1).map((t, k) => [...b, I(t, ticks[k + 1]!)]));
  for (let i = 0; i < d; i++) {
    boxes.push(Array.from({ length: d }, (_, j) => (j === i ? I(r, Infinity) : R)));
    boxes.push(Array.from({ length: d }, (_, j) => (j === i ? I(-Infinity, -r) : R)));
  }
  return boxes;
}

export const tanhLayers: MlpLayer[] = [
  { inDim: 2, outDim: 3, weight: Float64Array.of(1, -0.5, 0.25, 1, -1, 0.5), bias: Float64Array.of(0, 0.5, -0.5), activation: 'tanh' },
  { inDim: 3, outDim: 1, weight: Float64Array.of(0.5, -0.5, 1), bias: Float64Array.of(0), activation: 'identity' },
];

export const tanhNet: EnergyModel = { kind: 'mlp', dim: 2, layers: tanhLayers };
export const regularizer = (lambda: number): EnergyModel => ({ kind: 'quadratic', dim: 2, lambda, center: [0, 0] });
export const netPlusReg = (lambda: number): EnergyModel => ({ kind: 'sum', dim: 2, terms: [{ weight: 1, model: tanhNet }, { weight: 1, model: regularizer(lambda) }] });

/** Float value of the tanh network (reference for sampling tests). */
export function tanhNetValue(x: readonly number[]): number {
  const [l1, l2] = tanhLayers;
  let out = l2!.bias[0]!;
  for (let k = 0; k < l1!.outDim; k++) {
    let z = l1!.bias[k]!;
    for (let j = 0; j < 2; j++) z += l1!.weight[k * 2 + j]! * x[j]!;
    out += l2!.weight[k]! * Math.tanh(z);
  }
  return out;
}

export function expr(source: string, dim = 2): EnergyModel {
  return { kind: 'expression', dim, source };
}

/** E = 2 tanh(x1 - 0.5 x2 + 0.3) + 0.05 |x|^2 as [network, regulariser] (boundedTerms [0] names the
 *  network): on (-inf, 0] x [1, 2] the network ranges over (-2, 2 tanh(-0.2)] (the frame-piece tests). */
export const tanhRidgeNet: EnergyModel = { kind: 'mlp', dim: 2, layers: [
  { inDim: 2, outDim: 1, weight: Float64Array.of(1, -0.5), bias: Float64Array.of(0.3), activation: 'tanh' },
  { inDim: 1, outDim: 1, weight: Float64Array.of(2), bias: Float64Array.of(0), activation: 'identity' },
] };
export const tanhRidgeModel: EnergyModel & { readonly kind: 'sum' } = { kind: 'sum', dim: 2, terms: [{ weight: 1, model: tanhRidgeNet }, { weight: 1, model: { kind: 'quadratic', dim: 2, lambda: 0.1, center: [0, 0] } }] };
