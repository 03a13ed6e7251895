import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileNetworkEnclosure, createFlatEnclosure, triIndex, type FlatEnclosure } from '../../src/kernel/network.js';
import { withCenteredForms } from '../../src/kernel/networkCentered.js';
import type { MlpLayer } from '../../src/kernel/model.js';
import { boxArb, networkArb, type NetSpec } from './networkArbitraries.js';
import { outside, referenceMlp } from './networkReference.js';

function violations(net: NetSpec, x: number[], e: FlatEnclosure): string[] {
  const ref = referenceMlp(net.layers, x);
  const d = net.dim;
  const out: (string | null)[] = [outside('value', ref.value, e.valueLo, e.valueHi)];
  for (let a = 0; a < d; a++) out.push(outside(`gradient[${a}]`, ref.gradient[a]!, e.gradLo[a]!, e.gradHi[a]!));
  for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) {
    const t = triIndex(d, a, b);
    out.push(outside(`hessian[${a}][${b}]`, ref.hessian[a]![b]!, e.hessLo[t]!, e.hessHi[t]!));
  }
  return out.filter((s): s is string => s !== null);
}

function encloseWith(net: NetSpec, lo: number[], hi: number[], centered: boolean): FlatEnclosure {
  const direct = compileNetworkEnclosure(net.dim, net.layers);
  const fn = centered ? withCenteredForms(net.dim, direct) : direct;
  const e = createFlatEnclosure(net.dim);
  fn(Float64Array.from(lo), Float64Array.from(hi), e);
  return e;
}

describe('network enclosure soundness (60-digit decimal reference)', () => {
  for (const centered of [false, true]) {
    it(`random networks, random boxes (some unbounded), points inside: exact values lie in the enclosures${centered ? ' (centered forms)' : ''}`, () => {
      fc.assert(
        fc.property(networkArb().chain((net) => fc.tuple(fc.constant(net), boxArb(net.dim))), ([net, box]) => {
          const e = encloseWith(net, box.lo, box.hi, centered);
          for (const x of box.points) {
            const bad = violations(net, x, e);
            if (bad.length > 0) throw new Error(`at x = ${JSON.stringify(x)} in box lo=${box.lo} hi=${box.hi}: ${bad.join('; ')}`);
          }
        }),
        { numRuns: 80, seed: centered ? 41 : 40 },
      );
    });
  }

  it('point boxes: the enclosure of a degenerate box contains the exact value at that point', () => {
    fc.assert(
      fc.property(networkArb().chain((net) => fc.tuple(fc.constant(net), boxArb(net.dim))), ([net, box]) => {
        const x = box.points[0]!;
        const bad = violations(net, x, encloseWith(net, x, x, true));
        if (bad.length > 0) throw new Error(`at x = ${JSON.stringify(x)}: ${bad.join('; ')}`);
      }),
      { numRuns: 120, seed: 42 },
    );
  });

  it('the tanh rounding trap: a network whose pre-activation is exactly 0.24274782672084871', () => {
    const z = 0.24274782672084871;
    const layers: MlpLayer[] = [
      { inDim: 1, outDim: 1, weight: Float64Array.of(1), bias: Float64Array.of(0), activation: 'tanh' },
      { inDim: 1, outDim: 1, weight: Float64Array.of(1), bias: Float64Array.of(0), activation: 'identity' },
    ];
    const e = encloseWith({ dim: 1, layers }, [z], [z], false);
    expect(violations({ dim: 1, layers }, [z], e)).toEqual([]);
  });
});

describe('network enclosure on unbounded boxes', () => {
  it('bounded activations keep the value bounded on the whole plane', () => {
    const layers: MlpLayer[] = [
      { inDim: 2, outDim: 3, weight: Float64Array.of(1, -2, 0.5, 1, -1, 3), bias: Float64Array.of(0.1, 0, -1), activation: 'tanh' },
      { inDim: 3, outDim: 1, weight: Float64Array.of(1, -1, 2), bias: Float64Array.of(0.5), activation: 'identity' },
    ];
    const e = encloseWith({ dim: 2, layers }, [-Infinity, -Infinity], [Infinity, Infinity], true);
    // |output| <= 0.5 + 1 + 1 + 2 and the gradient is bounded by the weights.
    expect(e.valueLo).toBeGreaterThanOrEqual(-4.5 - 1e-12);
    expect(e.valueHi).toBeLessThanOrEqual(4.5 + 1e-12);
    for (let a = 0; a < 2; a++) expect(Number.isFinite(e.gradLo[a]!) && Number.isFinite(e.gradHi[a]!)).toBe(true);
  });

  it('a linear-growth activation (softplus) gives an unbounded value on [0, inf)', () => {
    const layers: MlpLayer[] = [
      { inDim: 1, outDim: 1, weight: Float64Array.of(1), bias: Float64Array.of(0), activation: 'softplus' },
      { inDim: 1, outDim: 1, weight: Float64Array.of(1), bias: Float64Array.of(0), activation: 'identity' },
    ];
    const e = encloseWith({ dim: 1, layers }, [0], [Infinity], true);
    expect(e.valueHi).toBe(Infinity);
    expect(e.valueLo).toBeGreaterThan(0.69); // softplus(0) = ln 2
  });
});

describe('network enclosure tightness', () => {
  it('widths shrink at least linearly as the box shrinks to a point', () => {
    fc.assert(
      fc.property(
        networkArb(['tanh', 'sigmoid', 'softplus', 'silu']),
        fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 3, maxLength: 3 }),
        (net, c) => {
          const center = c.slice(0, net.dim);
          const widths = (r: number): number[] => {
            const e = encloseWith(net, center.map((v) => v - r), center.map((v) => v + r), false);
            return [e.valueHi - e.valueLo, ...Array.from(e.gradLo, (lo, a) => e.gradHi[a]! - lo), ...Array.from(e.hessLo, (lo, t) => e.hessHi[t]! - lo)];
          };
          const big = widths(1e-3), small = widths(1e-6);
          small.forEach((w, i) => {
            // Linear shrinking: w(1e-6) <= 1.5 * w(1e-3) / 1000, plus a rounding floor.
            if (!(w <= 1.5e-3 * big[i]! + 1e-11)) throw new Error(`entry ${i}: width ${w} at r=1e-6 vs ${big[i]} at r=1e-3`);
          });
        },
      ),
      { numRuns: 60, seed: 43 },
    );
  });

  it('the value overestimation shrinks quadratically (affine pre-activations, mean-value forms)', () => {
    const layers: MlpLayer[] = [
      { inDim: 2, outDim: 4, weight: Float64Array.of(1, -2, 0.5, 1, -1, 3, 0.3, 0.7), bias: Float64Array.of(0.1, 0, -1, 0.2), activation: 'tanh' },
      { inDim: 4, outDim: 1, weight: Float64Array.of(1, -1, 2, 0.5), bias: Float64Array.of(0.5), activation: 'identity' },
    ];
    const net = { dim: 2, layers };
    const f = (x: number, y: number): number =>
      0.5 + Math.tanh(x - 2 * y + 0.1) - Math.tanh(0.5 * x + y) + 2 * Math.tanh(-x + 3 * y - 1) + 0.5 * Math.tanh(0.3 * x + 0.7 * y + 0.2);
    // Width minus the densely sampled range: the part of the width that is overestimation.
    const excess = (r: number, centered: boolean): number => {
      const e = encloseWith(net, [0.3 - r, -0.2 - r], [0.3 + r, -0.2 + r], centered);
      let lo = Infinity, hi = -Infinity;
      for (let i = 0; i <= 100; i++) for (let j = 0; j <= 100; j++) {
        const v = f(0.3 - r + (2 * r * i) / 100, -0.2 - r + (2 * r * j) / 100);
        lo = Math.min(lo, v); hi = Math.max(hi, v);
      }
      return e.valueHi - e.valueLo - (hi - lo);
    };
    // Quadratic: shrinking r tenfold shrinks the excess about a hundredfold (here at least 30x),
    // both with the mean-value forms and with the affine pre-activation forms alone.
    expect(excess(1e-2, true)).toBeLessThan(excess(1e-1, true) / 30);
    expect(excess(1e-2, false)).toBeLessThan(excess(1e-1, false) / 30);
    expect(excess(1e-2, true)).toBeLessThanOrEqual(excess(1e-2, false));
  });
});

describe('network validation', () => {
  it('rejects a shape mismatch with a message naming the layer', () => {
    const layers: MlpLayer[] = [{ inDim: 3, outDim: 1, weight: Float64Array.of(1, 2, 3), bias: Float64Array.of(0), activation: 'identity' }];
    expect(() => compileNetworkEnclosure(2, layers)).toThrow(/layers\[0\]\.inDim is 3, expected 2/);
  });
  it('rejects a non-scalar output', () => {
    const layers: MlpLayer[] = [{ inDim: 1, outDim: 2, weight: Float64Array.of(1, 2), bias: Float64Array.of(0, 0), activation: 'identity' }];
    expect(() => compileNetworkEnclosure(1, layers)).toThrow(/expected 1/);
  });
});
