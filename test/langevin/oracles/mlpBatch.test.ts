// The layer-major batched evaluator against an independent 60-digit decimal.js evaluation of the
// same network (value and backpropagated gradient), for every activation and batch sizes that
// exercise the tile remainders.
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import type { Activation, MlpLayer } from '../../../src/kernel/model.js';
import { affine, mlpBatchOracle } from '../../../src/langevin/oracles/mlpBatch.js';
import { createRng } from '../../../src/random/rng.js';

const D = Decimal.clone({ precision: 60 });
type Dec = InstanceType<typeof D>;

function decAct(a: Activation, z: Dec): { h: Dec; d1: Dec } {
  const one = new D(1);
  const sig = one.div(one.plus(z.neg().exp()));
  switch (a) {
    case 'identity': return { h: z, d1: one };
    case 'tanh': { const t = z.tanh(); return { h: t, d1: one.minus(t.times(t)) }; }
    case 'sigmoid': return { h: sig, d1: sig.times(one.minus(sig)) };
    case 'softplus': return { h: one.plus(z.exp()).ln(), d1: sig };
    case 'silu': return { h: z.times(sig), d1: sig.plus(z.times(sig).times(one.minus(sig))) };
    case 'relu': return { h: z.gt(0) ? z : new D(0), d1: new D(z.gt(0) ? 1 : 0) };
  }
}

function decimalValueAndGradient(layers: MlpLayer[], x: number[]): { value: number; grad: number[] } {
  let h: Dec[] = x.map((v) => new D(v));
  const d1s: Dec[][] = [];
  for (const l of layers) {
    const next: Dec[] = [];
    const d1: Dec[] = [];
    for (let o = 0; o < l.outDim; o++) {
      let z = new D(l.bias[o]!);
      for (let i = 0; i < l.inDim; i++) z = z.plus(new D(l.weight[o * l.inDim + i]!).times(h[i]!));
      const r = decAct(l.activation, z);
      next.push(r.h);
      d1.push(r.d1);
    }
    d1s.push(d1);
    h = next;
  }
  let g: Dec[] = [new D(1)];
  for (let li = layers.length - 1; li >= 0; li--) {
    const l = layers[li]!;
    const delta = g.map((v, o) => v.times(d1s[li]![o]!));
    g = Array.from({ length: l.inDim }, (_, i) => delta.reduce((s, dv, o) => s.plus(dv.times(l.weight[o * l.inDim + i]!)), new D(0)));
  }
  return { value: h[0]!.toNumber(), grad: g.map((v) => v.toNumber()) };
}

function randomLayers(sizes: number[], act: Activation, seed: number): MlpLayer[] {
  const rng = createRng(seed);
  rng.normal();
  return sizes.slice(0, -1).map((inDim, l) => {
    const outDim = sizes[l + 1]!;
    const weight = Float64Array.from({ length: inDim * outDim }, () => rng.normal() / Math.sqrt(inDim));
    const bias = Float64Array.from({ length: outDim }, () => 0.3 * rng.normal());
    return { inDim, outDim, weight, bias, activation: l + 2 < sizes.length ? act : 'identity' };
  });
}

describe('mlpBatchOracle', () => {
  for (const act of ['identity', 'tanh', 'sigmoid', 'softplus', 'silu', 'relu'] as const) {
    it(`${act}: value and gradient match a 60-digit reference (batch of 37: tile remainders)`, () => {
      const sizes = [3, 7, 6, 5, 1];
      const layers = randomLayers(sizes, act, 17);
      const oracle = mlpBatchOracle(3, layers);
      const n = 37;
      const rng = createRng(4);
      rng.normal();
      const xs = Float64Array.from({ length: n * 3 }, () => 2 * rng.normal());
      const values = new Float64Array(n);
      const grads = new Float64Array(n * 3);
      oracle.valueAndGradientBatch(xs, n, values, grads);
      let worst = 0;
      for (let i = 0; i < n; i++) {
        const ref = decimalValueAndGradient(layers, Array.from(xs.subarray(3 * i, 3 * i + 3)));
        const scale = 1 + Math.abs(ref.value);
        worst = Math.max(worst, Math.abs(values[i]! - ref.value) / scale);
        for (let j = 0; j < 3; j++) worst = Math.max(worst, Math.abs(grads[3 * i + j]! - ref.grad[j]!) / (1 + Math.abs(ref.grad[j]!)));
      }
      expect(worst, `worst relative error ${worst}`).toBeLessThan(1e-13);
    });
  }

  it('a batch larger than one block (100 particles) gives each particle the same result as alone', () => {
    const layers = randomLayers([2, 9, 9, 1], 'silu', 5);
    const oracle = mlpBatchOracle(2, layers);
    const n = 100;
    const xs = Float64Array.from({ length: 2 * n }, (_, k) => Math.sin(1.7 * k) * 3);
    const v = new Float64Array(n);
    const g = new Float64Array(2 * n);
    oracle.valueAndGradientBatch(xs, n, v, g);
    const v1 = new Float64Array(1);
    const g1 = new Float64Array(2);
    for (const i of [0, 31, 32, 33, 63, 64, 99]) {
      oracle.valueAndGradientBatch(xs.slice(2 * i, 2 * i + 2), 1, v1, g1);
      expect(v1[0]).toBe(v[i]);
      expect([g1[0], g1[1]]).toEqual([g[2 * i], g[2 * i + 1]]);
    }
  });

  it('rejects layers that do not chain or do not end in one output', () => {
    const layers = randomLayers([2, 4, 1], 'tanh', 1);
    expect(() => mlpBatchOracle(3, layers)).toThrow(/layer 0/);
    expect(() => mlpBatchOracle(2, layers.slice(0, 1))).toThrow(/last layer has 4 outputs/);
  });

  it('affine: exact small products with every tile remainder (m = 3, O = 5)', () => {
    const a = Float64Array.of(1, 2, 3, 4, 5, 6); // [3, 2]
    const b = Float64Array.of(1, 0, 0, 1, 1, 1, 2, -1, -3, 0.5); // [5, 2]
    const out = new Float64Array(15);
    affine(a, b, Float64Array.of(0, 0, 0, 0, 10), 3, 2, 5, out);
    expect(Array.from(out)).toEqual([1, 2, 3, 0, 8, 3, 4, 7, 2, 3, 5, 6, 11, 4, -2]);
  });
});
