import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileModelEnclosure, encloseModel, reciprocalTemperature, scaleEnclosure } from '../../src/kernel/enclosure.js';
import type { EnergyModel } from '../../src/kernel/model.js';
import { boxArb, networkArb } from './networkArbitraries.js';
import { dec, outside, referenceMlp, type Dec } from './networkReference.js';

interface Ref { value: Dec; gradient: Dec[]; hessian: Dec[][] }

function referenceQuadratic(lambda: number, center: number[], x: number[]): Ref {
  const L = dec(lambda);
  const diffs = x.map((v, i) => dec(v).minus(dec(center[i]!)));
  return {
    value: diffs.reduce((s, t) => s.plus(t.times(t)), dec(0)).times(L).div(2),
    gradient: diffs.map((t) => t.times(L)),
    hessian: x.map((_, a) => x.map((__, b) => (a === b ? L : dec(0)))),
  };
}

function violations(model: EnergyModel, box: { lo: number[]; hi: number[] }, x: number[], ref: Ref): string[] {
  const e = encloseModel(model, box.lo.map((lo, i) => ({ lo, hi: box.hi[i]! })));
  const out: (string | null)[] = [outside('value', ref.value, e.value.lo, e.value.hi)];
  ref.gradient.forEach((g, a) => out.push(outside(`gradient[${a}]`, g, e.gradient[a]!.lo, e.gradient[a]!.hi)));
  ref.hessian.forEach((row, a) => row.forEach((h, b) => out.push(outside(`hessian[${a}][${b}]`, h, e.hessian[a]![b]!.lo, e.hessian[a]![b]!.hi))));
  return out.filter((s): s is string => s !== null).map((s) => `at ${JSON.stringify(x)}: ${s}`);
}

const smallDouble = fc.double({ min: -3, max: 3, noNaN: true });

describe('encloseModel soundness (60-digit reference)', () => {
  it('quadratic (lambda/2)|x - c|^2 on random boxes, some unbounded', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }).chain((d) => fc.tuple(fc.constant(d), fc.double({ min: 0, max: 10, noNaN: true }), fc.array(smallDouble, { minLength: d, maxLength: d }), boxArb(d))),
        ([d, lambda, center, box]) => {
          const model: EnergyModel = { kind: 'quadratic', dim: d, lambda, center };
          const bad = box.points.flatMap((x) => violations(model, box, x, referenceQuadratic(lambda, center, x)));
          if (bad.length > 0) throw new Error(bad.join('; '));
        },
      ),
      { numRuns: 200, seed: 31 },
    );
  });

  it('sum w1 * network + w2 * quadratic (weights of any sign)', () => {
    fc.assert(
      fc.property(
        networkArb().chain((net) => fc.tuple(fc.constant(net), smallDouble, smallDouble, fc.array(smallDouble, { minLength: net.dim, maxLength: net.dim }), boxArb(net.dim))),
        ([net, w1, w2, center, box]) => {
          const model: EnergyModel = {
            kind: 'sum',
            dim: net.dim,
            terms: [
              { weight: w1, model: { kind: 'mlp', dim: net.dim, layers: net.layers } },
              { weight: w2, model: { kind: 'quadratic', dim: net.dim, lambda: 0.5, center } },
            ],
          };
          const bad = box.points.flatMap((x) => {
            const m = referenceMlp(net.layers, x), q = referenceQuadratic(0.5, center, x);
            const W1 = dec(w1), W2 = dec(w2);
            const ref: Ref = {
              value: m.value.times(W1).plus(q.value.times(W2)),
              gradient: m.gradient.map((g, a) => g.times(W1).plus(q.gradient[a]!.times(W2))),
              hessian: m.hessian.map((row, a) => row.map((h, b) => h.times(W1).plus(q.hessian[a]![b]!.times(W2)))),
            };
            return violations(model, box, x, ref);
          });
          if (bad.length > 0) throw new Error(bad.join('; '));
        },
      ),
      { numRuns: 60, seed: 32 },
    );
  });

  it('expression x1^2 * x2 - 3 x1 + x2^4 / 4 through the expression enclosure, with centered forms', () => {
    fc.assert(
      fc.property(boxArb(2), (box) => {
        const model: EnergyModel = { kind: 'expression', dim: 2, source: 'x1^2 * x2 - 3 * x1 + x2^4 / 4' };
        const bad = box.points.flatMap((p) => {
          const [x, y] = p.map(dec) as [Dec, Dec];
          const ref: Ref = {
            value: x.times(x).times(y).minus(x.times(3)).plus(y.pow(4).div(4)),
            gradient: [x.times(y).times(2).minus(3), x.times(x).plus(y.pow(3))],
            hessian: [[y.times(2), x.times(2)], [x.times(2), y.times(y).times(3)]],
          };
          return violations(model, box, p, ref);
        });
        if (bad.length > 0) throw new Error(bad.join('; '));
      }),
      { numRuns: 200, seed: 33 },
    );
  });
});

describe('temperature scaling', () => {
  it('reciprocalTemperature encloses the exact 1/T', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1e6, noNaN: true }), (T) => {
        const r = reciprocalTemperature(T);
        const exact = dec(1).div(dec(T));
        expect(outside('1/T', exact, r.lo, r.hi)).toBeNull();
      }),
      { numRuns: 500, seed: 34 },
    );
    expect(() => reciprocalTemperature(0)).toThrow(/positive/);
    expect(() => reciprocalTemperature(NaN)).toThrow(/positive/);
  });

  it('reciprocalTemperature of an interval [a, b] contains 1/T for both ends (1/T is decreasing)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1e6, noNaN: true }), fc.double({ min: 1e-6, max: 1e6, noNaN: true }), (x, y) => {
        const [a, b] = x <= y ? [x, y] : [y, x];
        const r = reciprocalTemperature({ lo: a, hi: b });
        expect(outside('1/a', dec(1).div(dec(a)), r.lo, r.hi)).toBeNull();
        expect(outside('1/b', dec(1).div(dec(b)), r.lo, r.hi)).toBeNull();
      }),
      { numRuns: 300, seed: 35 },
    );
    expect(() => reciprocalTemperature({ lo: 0, hi: 1 })).toThrow(/positive/);
    expect(() => reciprocalTemperature({ lo: 2, hi: 1 })).toThrow(/positive/);
    expect(() => reciprocalTemperature({ lo: 1, hi: Infinity })).toThrow(/positive/);
  });

  it('scaleEnclosure by 1/T contains E/T at sampled points', () => {
    const model: EnergyModel = { kind: 'quadratic', dim: 2, lambda: 3, center: [0.1, -0.2] };
    const e = scaleEnclosure(encloseModel(model, [{ lo: -1, hi: 1 }, { lo: 0, hi: 2 }]), reciprocalTemperature(3));
    // E/3 = (1/2)|x - c|^2 has range [0.2^2 / 2, (1.1^2 + 2.2^2)/2] on the box, Hessian I.
    expect(e.value.lo).toBeLessThanOrEqual(0.02 + 1e-15);
    expect(e.value.lo).toBeGreaterThan(0.0199);
    expect(e.value.hi).toBeGreaterThanOrEqual((1.1 ** 2 + 2.2 ** 2) / 2);
    expect(e.hessian[0]![0]!.lo).toBeLessThanOrEqual(1);
    expect(e.hessian[0]![0]!.hi).toBeGreaterThanOrEqual(1);
    expect(e.hessian[0]![0]!.hi - e.hessian[0]![0]!.lo).toBeLessThan(1e-15);
  });
});

describe('compileModelEnclosure', () => {
  it('rejects a box of the wrong dimension and an empty box', () => {
    const c = compileModelEnclosure({ kind: 'quadratic', dim: 2, lambda: 1, center: [0, 0] });
    expect(() => c.enclose([{ lo: 0, hi: 1 }])).toThrow(/1 coordinates, the model has 2/);
    expect(() => c.enclose([{ lo: 1, hi: 0 }, { lo: 0, hi: 1 }])).toThrow(/not an interval/);
    expect(() => c.enclose([{ lo: NaN, hi: 0 }, { lo: 0, hi: 1 }])).toThrow(/not an interval/);
  });

  it('marks relu networks as not twice differentiable and reports their Hessian as unknown across a kink', () => {
    const model: EnergyModel = {
      kind: 'mlp',
      dim: 1,
      layers: [
        { inDim: 1, outDim: 1, weight: Float64Array.of(1), bias: Float64Array.of(0), activation: 'relu' },
        { inDim: 1, outDim: 1, weight: Float64Array.of(1), bias: Float64Array.of(0), activation: 'identity' },
      ],
    };
    const c = compileModelEnclosure(model);
    expect(c.twiceDifferentiable).toBe(false);
    const across = c.enclose([{ lo: -1, hi: 1 }]);
    expect(across.hessian[0]![0]).toEqual({ lo: -Infinity, hi: Infinity });
    expect(across.gradient[0]!.lo).toBeLessThanOrEqual(0);
    expect(across.gradient[0]!.hi).toBeGreaterThanOrEqual(1);
    const right = c.enclose([{ lo: 0.5, hi: 1 }]);
    expect(right.hessian[0]![0]!.lo).toBeLessThanOrEqual(0);
    expect(right.hessian[0]![0]!.hi).toBeGreaterThanOrEqual(0);
    expect(right.hessian[0]![0]!.hi - right.hessian[0]![0]!.lo).toBeLessThan(1e-300);
  });

  it('the Hessian it returns is symmetric', () => {
    const e = encloseModel({ kind: 'expression', dim: 2, source: 'sin(x1) * x2^2' }, [{ lo: 0, hi: 1 }, { lo: -1, hi: 2 }]);
    expect(e.hessian[0]![1]).toEqual(e.hessian[1]![0]);
  });
});
