import { describe, expect, it } from 'vitest';
import { boxIntegral } from '../../../src/kernel/integration/boxIntegral.js';
import type { EnergyModel } from '../../../src/kernel/model.js';
import { D, expSegment, gaussianSegment, type Dec } from './reference.js';

// Separable energies with closed-form box integrals: f = E / T.
const gauss: EnergyModel = { kind: 'expression', dim: 2, source: '0.5*(x1^2 + 3*(x2 - 0.25)^2)' };
const gauss3: EnergyModel = { kind: 'expression', dim: 3, source: '0.5*(2*x1^2 + x2^2 + 5*x3^2)' };
const linear: EnergyModel = { kind: 'expression', dim: 2, source: '2*x1 - 0.75*x2' };

type B = [number, number][];
const toBox = (b: B) => b.map(([lo, hi]) => ({ lo, hi }));

function gaussRef(box: B, T: number, shift: number): Dec {
  return gaussianSegment(1 / T, 0, box[0]![0], box[0]![1]).times(gaussianSegment(3 / T, 0.25, box[1]![0], box[1]![1])).times(new D(shift).exp());
}
function gauss3Ref(box: B, T: number): Dec {
  return [2, 1, 5].reduce((acc, a, i) => acc.times(gaussianSegment(a / T, 0, box[i]![0], box[i]![1])), new D(1));
}
function linearRef(box: B, T: number): Dec {
  // ∫ exp(-(2 x1 - 0.75 x2)/T) = prod over coordinates of exp(-g l) E(g, h - l).
  const g = [2 / T, -0.75 / T];
  return box.reduce((acc, [l, h], i) => acc.times(new D(-g[i]!).times(l).exp()).times(expSegment(g[i]!, h - l)), new D(1));
}

function expectInside(lo: number, hi: number, ref: Dec): void {
  expect(new D(lo).lte(ref), `lower ${lo} > reference ${ref.toNumber()}`).toBe(true);
  expect(ref.lte(hi), `upper ${hi} < reference ${ref.toNumber()}`).toBe(true);
}

describe('boxIntegral: enclosures of ∫_B exp(-(f - s)) against 120-digit closed forms', () => {
  const boxes: B[] = [[[0, 0.05], [0, 0.05]], [[-1.3, -1.25], [0.6, 0.65]], [[0.5, 0.75], [-0.5, -0.25]], [[-2, 2], [-1, 1]], [[2.5, 2.5001], [0.1, 0.1001]]];
  for (const T of [1, 0.1])
    for (const box of boxes)
      it(`Gaussian, T = ${T}, box ${JSON.stringify(box)}: every form encloses the reference`, () => {
        const ref = gaussRef(box, T, 0.5);
        for (const opts of [{ meanValue: false, taylor: false }, { zeroth: false, taylor: false }, { zeroth: false, meanValue: false }, {}]) {
          const r = boxIntegral(gauss, T, toBox(box), 0.5, opts);
          expectInside(r.lo, r.hi, ref);
        }
      });

  it('the Taylor form is second order: relative width <= |H| h^2 (a wrong centre or slope fails)', () => {
    for (const h of [0.02, 0.01, 0.005]) {
      const box: B = [[0.3, 0.3 + h], [0.1, 0.1 + h]];
      const ref = gaussRef(box, 1, 0);
      const r = boxIntegral(gauss, 1, toBox(box), 0, { zeroth: false, meanValue: false });
      expectInside(r.lo, r.hi, ref);
      // q ranges over (1/2)(1 (h/2)^2 + 3 (h/2)^2) = h^2 / 2: the bracket's relative width is about that.
      const rel = (r.hi - r.lo) / ref.toNumber();
      expect(rel).toBeLessThan(0.55 * h * h);
      expect(rel).toBeGreaterThan(0.3 * h * h); // and not better than the theory allows (it would be suspicious)
    }
  });

  it('zeroth order is first order only (relative width about |grad f| h)', () => {
    const box: B = [[1, 1.01], [1, 1.01]];
    const r = boxIntegral(gauss, 1, toBox(box), 0, { meanValue: false, taylor: false });
    const ref = gaussRef(box, 1, 0);
    expectInside(r.lo, r.hi, ref);
    expect((r.hi - r.lo) / ref.toNumber()).toBeGreaterThan(0.01);
  });

  it('is exact up to rounding for a linear energy (the reference lies strictly inside a 1e-12 bracket)', () => {
    for (const box of [[[0, 0.5], [0, 0.5]], [[-3, 1], [2, 2.125]], [[0.1, 0.1000001], [-5, 5]]] as B[])
      for (const T of [1, 0.3]) {
        const r = boxIntegral(linear, T, toBox(box), 0, { zeroth: false, meanValue: false });
        const ref = linearRef(box, T);
        expectInside(r.lo, r.hi, ref);
        expect((r.hi - r.lo) / ref.toNumber()).toBeLessThan(1e-12);
        const mv = boxIntegral(linear, T, toBox(box), 0, { zeroth: false, taylor: false });
        expectInside(mv.lo, mv.hi, ref);
        expect((mv.hi - mv.lo) / ref.toNumber()).toBeLessThan(1e-12);
      }
  });

  it('three dimensions', () => {
    for (const box of [[[0, 0.1], [-0.1, 0], [0.05, 0.1]], [[-1, 1], [-2, 2], [-0.5, 0.5]]] as B[]) {
      const r = boxIntegral(gauss3, 0.5, toBox(box), 0);
      expectInside(r.lo, r.hi, gauss3Ref(box, 0.5));
    }
  });

  it('a shift keeps exp(-f) representable at low temperature (the value is exp(s) times the integral)', () => {
    const sharp: EnergyModel = { kind: 'expression', dim: 1, source: '(x1 - 1)^2 - 40' };
    const T = 0.05; // f = 20 (x - 1)^2 - 800: exp(-f) = e^800 overflows
    const r = boxIntegral(sharp, T, [{ lo: 0.9, hi: 1.1 }], -800);
    // ∫ exp(-20 (x-1)^2) over [0.9, 1.1]
    const ref = gaussianSegment(40, 1, 0.9, 1.1);
    expectInside(r.lo, r.hi, ref);
    expect(Number.isFinite(r.hi)).toBe(true);
  });

  it('a relu network gets the zeroth-order bound only (the first-order forms need C^2)', () => {
    const relu: EnergyModel = { kind: 'mlp', dim: 1, layers: [
      { inDim: 1, outDim: 1, weight: Float64Array.of(1), bias: Float64Array.of(0), activation: 'relu' },
      { inDim: 1, outDim: 1, weight: Float64Array.of(1), bias: Float64Array.of(0), activation: 'identity' },
    ] };
    const r = boxIntegral(relu, 1, [{ lo: -1, hi: 1 }], 0);
    // ∫_{-1}^{1} exp(-relu(x)) = 1 + (1 - 1/e)
    const ref = new D(2).minus(new D(-1).exp());
    expectInside(r.lo, r.hi, ref);
    expect(r.lo).toBeCloseTo(2 * Math.exp(-1), 12);
    expect(r.hi).toBeCloseTo(2, 12);
  });
});

describe('boxIntegral: the memo of its own results', () => {
  it('a repeated call returns the value a fresh model object computes; T, shift, box and the forms are part of the key', () => {
    const m: EnergyModel = { kind: 'expression', dim: 2, source: '0.5*(x1^2 + 3*(x2 - 0.25)^2)' };
    const fresh = (): EnergyModel => ({ ...m });
    const box = toBox([[0.1, 0.35], [-0.2, 0.05]]);
    const first = boxIntegral(m, 1, box, 0.5);
    const again = boxIntegral(m, 1, box.map((c) => ({ ...c })), 0.5);
    expect(again).toEqual(first);
    expect(again).not.toBe(first); // a copy: a caller that edits it cannot change the memo
    (again as { lo: number }).lo = 0;
    expect(boxIntegral(m, 1, box, 0.5)).toEqual(boxIntegral(fresh(), 1, box, 0.5));
    // Each differing argument is computed, not served: each result equals a fresh model's and encloses its reference.
    const nearby: [number, number, [number, number][]][] = [[0.5, 0.5, [[0.1, 0.35], [-0.2, 0.05]]], [1, 0.25, [[0.1, 0.35], [-0.2, 0.05]]], [1, 0.5, [[0.1, 0.35000000000000003], [-0.2, 0.05]]], [1, 0.5, [[0.1, 0.35], [-0.19999999999999998, 0.05]]]];
    for (const [T, s, b] of nearby) {
      const r = boxIntegral(m, T, toBox(b), s);
      expect(r).toEqual(boxIntegral(fresh(), T, toBox(b), s));
      expectInside(r.lo, r.hi, gaussRef(b, T, s));
    }
    // A single form is never served from the memo of all three (it is looser here).
    const zeroth = boxIntegral(m, 1, box, 0.5, { meanValue: false, taylor: false });
    expect(zeroth.hi - zeroth.lo).toBeGreaterThan(first.hi - first.lo);
    expect(zeroth).toEqual(boxIntegral(fresh(), 1, box, 0.5, { meanValue: false, taylor: false }));
  });
});
