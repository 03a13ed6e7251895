import { Decimal } from 'decimal.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACTIVATION_FNS } from '../../../src/energy/network/activations.js';
import { MlpEnergy } from '../../../src/energy/network/mlp.js';
import { initTf, tfjsOracle } from '../../../src/energy/tfjs.js';
import type { Activation, MlpLayer } from '../../../src/kernel/model.js';
import { randomLayers, randomPoints } from './randomNetwork.js';

const SMOOTH: Activation[] = ['identity', 'tanh', 'sigmoid', 'softplus', 'silu'];
const ARCHITECTURES: [number, number[]][] = [[1, [3]], [2, [5, 4]], [3, [4, 3, 2]], [2, [8]]];

Decimal.set({ precision: 50 });

// An independent 50-digit evaluation of the network's value.
function decimalActivation(z: Decimal, a: Activation): Decimal {
  const one = new Decimal(1);
  const sig = one.div(one.plus(z.neg().exp()));
  switch (a) {
    case 'identity': return z;
    case 'tanh': return z.tanh();
    case 'sigmoid': return sig;
    case 'softplus': return one.plus(z.exp()).ln();
    case 'silu': return z.times(sig);
    case 'relu': return z.isPositive() ? z : new Decimal(0);
  }
}

function decimalValue(layers: readonly MlpLayer[], x: ArrayLike<number>): number {
  let h = Array.from(x, (v) => new Decimal(v));
  for (const l of layers) {
    const next: Decimal[] = [];
    for (let i = 0; i < l.outDim; i++) {
      let s = new Decimal(l.bias[i]!);
      for (let j = 0; j < l.inDim; j++) s = s.plus(new Decimal(l.weight[i * l.inDim + j]!).times(h[j]!));
      next.push(decimalActivation(s, l.activation));
    }
    h = next;
  }
  return h[0]!.toNumber();
}

function fd(f: (x: Float64Array) => number, x: Float64Array, j: number, h = 1e-5): number {
  const xp = Float64Array.from(x);
  const xm = Float64Array.from(x);
  xp[j]! += h;
  xm[j]! -= h;
  return (f(xp) - f(xm)) / (xp[j]! - xm[j]!);
}

const close = (a: number, b: number, rel: number) => Math.abs(a - b) <= rel * (1 + Math.abs(a) + Math.abs(b));

describe('activation derivatives', () => {
  for (const a of SMOOTH)
    it(`${a}: d1 and d2 agree with finite differences`, () => {
      const f = ACTIVATION_FNS[a];
      for (const z of [-30, -4, -1.3, -0.2, 0, 0.7, 2.5, 30]) {
        expect(close(f.d1(z), (f.value(z + 1e-6) - f.value(z - 1e-6)) / 2e-6, 1e-7), `${a}' at ${z}`).toBe(true);
        expect(close(f.d2(z), (f.d1(z + 1e-6) - f.d1(z - 1e-6)) / 2e-6, 1e-7), `${a}'' at ${z}`).toBe(true);
      }
    });
  it('softplus and silu do not overflow far out', () => {
    expect(ACTIVATION_FNS.softplus.value(1000)).toBe(1000);
    expect(ACTIVATION_FNS.softplus.value(-1000)).toBe(0);
    expect(ACTIVATION_FNS.silu.value(-1000)).toBe(-0);
  });
});

describe('float64 MLP evaluator', () => {
  for (const activation of SMOOTH)
    for (const [a, [dim, hidden]] of ARCHITECTURES.entries())
      it(`${activation} ${dim} -> ${hidden.join(' x ')} -> 1: value, gradient and Hessian`, () => {
        const layers = randomLayers(100 * a + SMOOTH.indexOf(activation), dim, hidden, activation);
        const e = new MlpEnergy(layers, { dim, spec: 'test' });
        expect(e.twiceDifferentiable).toBe(true);
        const n = 6;
        const xs = randomPoints(7 + a, n, dim);
        const values = new Float64Array(n);
        const grads = new Float64Array(n * dim);
        e.valueAndGradientBatch(xs, n, values, grads);
        const hess = e.hessianBatch(xs, n);
        for (let i = 0; i < n; i++) {
          const x = xs.slice(i * dim, (i + 1) * dim);
          const ref = decimalValue(layers, x);
          expect(Math.abs(values[i]! - ref), `value at point ${i}`).toBeLessThanOrEqual(1e-13 * (1 + Math.abs(ref)));
          expect(e.value(x)).toBe(values[i]); // batched (4 particles per weight load) = single point, bit for bit
          expect(Array.from(e.gradient(x))).toEqual(Array.from(grads.subarray(i * dim, (i + 1) * dim)));
          for (let j = 0; j < dim; j++) {
            const g = grads[i * dim + j]!;
            const numeric = fd((y) => e.value(y), x, j);
            expect(close(g, numeric, 1e-7), `dE/dx${j + 1} ${g} vs ${numeric}`).toBe(true);
            for (let k = 0; k < dim; k++) {
              const hjk = hess[i * dim * dim + j * dim + k]!;
              expect(hjk).toBe(hess[i * dim * dim + k * dim + j]);
              const numericH = fd((y) => e.gradient(y)[j]!, x, k);
              expect(close(hjk, numericH, 1e-7), `H[${j}][${k}] ${hjk} vs ${numericH}`).toBe(true);
            }
          }
        }
      });

  it('relu is accepted, flagged not twice differentiable, with a warning', () => {
    const layers = randomLayers(5, 2, [4], 'relu');
    const e = new MlpEnergy(layers, { dim: 2, spec: 'relu-net' });
    expect(e.twiceDifferentiable).toBe(false);
    expect(e.warnings.join(' ')).toMatch(/relu-net: relu is not twice differentiable/);
    const x = new Float64Array([0.3, -0.4]);
    expect(Math.abs(e.value(x) - decimalValue(layers, x))).toBeLessThan(1e-14);
  });

  it('refuses layers whose shapes do not chain', () => {
    const layers = randomLayers(5, 2, [4], 'tanh');
    expect(() => new MlpEnergy(layers, { dim: 3, spec: 't' })).toThrow(/do not chain/);
    expect(() => new MlpEnergy(layers.slice(0, 1), { dim: 2, spec: 't' })).toThrow(/outputs 4 values/);
  });
});

describe('tfjs float32 evaluator agrees with the float64 evaluator', () => {
  beforeAll(async () => {
    await initTf();
  });
  for (const activation of [...SMOOTH, 'relu'] as Activation[])
    it(activation, () => {
      const dim = 2;
      const layers = randomLayers(31, dim, [16, 16], activation);
      const e = new MlpEnergy(layers, { dim, spec: 'test' });
      const oracle = tfjsOracle(e);
      const n = 64;
      const xs = randomPoints(9, n, dim);
      const v32 = new Float64Array(n);
      const g32 = new Float64Array(n * dim);
      const v64 = new Float64Array(n);
      const g64 = new Float64Array(n * dim);
      oracle.valueAndGradientBatch(xs, n, v32, g32);
      e.valueAndGradientBatch(xs, n, v64, g64);
      oracle.dispose();
      let worst = 0;
      for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(v32[i]! - v64[i]!) / (1 + Math.abs(v64[i]!)));
      for (let k = 0; k < n * dim; k++) worst = Math.max(worst, Math.abs(g32[k]! - g64[k]!) / (1 + Math.abs(g64[k]!)));
      expect(worst).toBeLessThan(2e-5);
      expect(worst).toBeGreaterThan(0); // float32 really is a different evaluator
    });
});
