import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compileNetworkEnclosure,
  createFlatEnclosure,
  createThirdOrderEnclosure,
  tri3Count,
  tri3Index,
  triIndex,
  type FlatEnclosure,
} from '../../src/kernel/network.js';
import { withCenteredForms } from '../../src/kernel/networkCentered.js';
import { sigmoidThird, siluThird, tanhThird, sigmoidRanges } from '../../src/kernel/networkActivations.js';
import type { MlpLayer } from '../../src/kernel/model.js';
import { createRng } from '../../src/random/rng.js';
import { boxArb, networkArb, type NetSpec } from './networkArbitraries.js';
import { dec, outside, referenceActivation, referenceMlp, type Dec } from './networkReference.js';

function thirdEnclosure(net: NetSpec, lo: number[], hi: number[]) {
  const f = compileNetworkEnclosure(net.dim, net.layers, { thirdOrder: true });
  const e = createThirdOrderEnclosure(net.dim);
  f(Float64Array.from(lo), Float64Array.from(hi), e);
  return e;
}

function centeredWithThird(net: NetSpec): (lo: number[], hi: number[]) => FlatEnclosure {
  const direct = compileNetworkEnclosure(net.dim, net.layers);
  const fn = withCenteredForms(net.dim, direct, compileNetworkEnclosure(net.dim, net.layers, { thirdOrder: true }));
  return (lo, hi) => {
    const e = createFlatEnclosure(net.dim);
    fn(Float64Array.from(lo), Float64Array.from(hi), e);
    return e;
  };
}

describe('tri3Index', () => {
  it('numbers the sorted triples 0..n3-1 in lexicographic order, for any argument order', () => {
    for (const d of [1, 2, 3, 5]) {
      let next = 0;
      for (let a = 0; a < d; a++) for (let b = a; b < d; b++) for (let c = b; c < d; c++) {
        expect(tri3Index(d, a, b, c)).toBe(next);
        expect(tri3Index(d, c, a, b)).toBe(next);
        expect(tri3Index(d, b, c, a)).toBe(next);
        next++;
      }
      expect(next).toBe(tri3Count(d));
    }
  });
});

describe('third derivatives of activations (60-digit reference)', () => {
  const end = fc.oneof(
    fc.double({ min: -40, max: 40, noNaN: true }),
    fc.constantFrom(0, 1.1462158347805889, -1.1462158347805889, 2.2924316695611777, -2.2924316695611777, 1.3169578969248166, 1e-300, 710, -710),
    fc.double({ min: -1e-6, max: 1e-6, noNaN: true }),
  );
  const cases = [
    ['tanh', tanhThird],
    ['sigmoid', sigmoidThird],
    ['softplus', (a: number, b: number) => sigmoidRanges(a, b).d2],
    ['silu', siluThird],
  ] as const;
  for (const [name, third] of cases) {
    it(`${name}''' at sampled points of [a, b] lies in the enclosure`, () => {
      fc.assert(
        fc.property(end, end, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 3, maxLength: 3 }), (p, q, ts) => {
          const [a, b] = p <= q ? [p, q] : [q, p];
          const r = third(a, b);
          for (const x of [a, b, ...ts.map((t) => Math.min(b, a + t * (b - a)))]) {
            const bad = outside(`${name}'''`, referenceActivation(name, dec(x)).d3, r.lo, r.hi);
            if (bad) throw new Error(`on [${a}, ${b}] at ${x}: ${bad}`);
          }
        }),
        { numRuns: 150, seed: 77 },
      );
    });
  }

  it("reaches the extreme values: tanh''' in [-2, 2/3], sigmoid''' in [-1/8, 1/24] (a bound a hair too narrow fails)", () => {
    // tanh''' = 4s - 6s^2 (s = sech^2): -2 at z = 0, maximum 2/3 where s = 1/3, z = +-acosh(sqrt 3) = +-1.14621...
    const twoThirds = dec(2).div(3), oneTwentyFourth = dec(1).div(24);
    const whole = tanhThird(-Infinity, Infinity);
    expect(whole.lo).toBeLessThanOrEqual(-2);
    expect(whole.lo).toBeGreaterThan(-2 - 1e-14);
    expect(dec(whole.hi).gte(twoThirds)).toBe(true);
    expect(whole.hi - 2 / 3).toBeLessThan(1e-15);
    expect(dec(tanhThird(1.1, 1.2).hi).gte(twoThirds)).toBe(true);
    expect(dec(tanhThird(-1.2, -1.1).hi).gte(twoThirds)).toBe(true);
    expect(tanhThird(0, 0).lo).toBeLessThanOrEqual(-2);
    const sig = sigmoidThird(-Infinity, Infinity);
    expect(sig.lo).toBeLessThanOrEqual(-0.125);
    expect(dec(sig.hi).gte(oneTwentyFourth)).toBe(true);
    expect(dec(sigmoidThird(2.2, 2.4).hi).gte(oneTwentyFourth)).toBe(true);
    // Tight away from the critical points: a point interval is a few ulps wide, an interval its exact range.
    const at = tanhThird(0.7, 0.7);
    expect(at.hi - at.lo).toBeLessThan(1e-14);
    const ref = (z: number): number => referenceActivation('tanh', dec(z)).d3.toNumber();
    const r = tanhThird(0.2, 0.5); // monotone there (s > 1/4): range between the end values
    expect(r.lo).toBeCloseTo(Math.min(ref(0.2), ref(0.5)), 13);
    expect(r.hi).toBeCloseTo(Math.max(ref(0.2), ref(0.5)), 13);
  });
});

function thirdViolations(net: NetSpec, x: number[], lo: Float64Array, hi: Float64Array): string[] {
  const ref = referenceMlp(net.layers, x);
  const d = net.dim;
  const out: string[] = [];
  for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) for (let c = 0; c < d; c++) {
    const u = tri3Index(d, a, b, c);
    const bad = outside(`third[${a}][${b}][${c}]`, ref.third[a]![b]![c]!, lo[u]!, hi[u]!);
    if (bad) out.push(bad);
  }
  return out;
}

function flatViolations(net: NetSpec, x: number[], e: FlatEnclosure): string[] {
  const ref = referenceMlp(net.layers, x);
  const d = net.dim;
  const out: (string | null)[] = [outside('value', ref.value, e.valueLo, e.valueHi)];
  for (let a = 0; a < d; a++) out.push(outside(`gradient[${a}]`, ref.gradient[a]!, e.gradLo[a]!, e.gradHi[a]!));
  for (let a = 0; a < d; a++) for (let b = 0; b < d; b++)
    out.push(outside(`hessian[${a}][${b}]`, ref.hessian[a]![b]!, e.hessLo[triIndex(d, a, b)]!, e.hessHi[triIndex(d, a, b)]!));
  return out.filter((s): s is string => s !== null);
}

describe('network third derivative tensor and centered Hessian (60-digit reference)', () => {
  it('random networks, random boxes (some unbounded): the exact third derivatives at points inside lie in the enclosure', () => {
    fc.assert(
      fc.property(networkArb(undefined, 2).chain((net) => fc.tuple(fc.constant(net), boxArb(net.dim))), ([net, box]) => {
        const e = thirdEnclosure(net, box.lo, box.hi);
        for (const x of box.points) {
          const bad = thirdViolations(net, x, e.thirdLo, e.thirdHi);
          if (bad.length > 0) throw new Error(`at x = ${JSON.stringify(x)} in box lo=${box.lo} hi=${box.hi}: ${bad.join('; ')}`);
        }
      }),
      { numRuns: 25, seed: 50 },
    );
  });

  it('the centered Hessian form (with value and gradient forms) contains the exact derivatives at points inside', () => {
    fc.assert(
      fc.property(networkArb(undefined, 2).chain((net) => fc.tuple(fc.constant(net), boxArb(net.dim))), ([net, box]) => {
        const e = centeredWithThird(net)(box.lo, box.hi);
        for (const x of box.points) {
          const bad = flatViolations(net, x, e);
          if (bad.length > 0) throw new Error(`at x = ${JSON.stringify(x)} in box lo=${box.lo} hi=${box.hi}: ${bad.join('; ')}`);
        }
      }),
      { numRuns: 25, seed: 51 },
    );
  });

  it('point boxes: the third derivatives at the point lie in the enclosure of the degenerate box', () => {
    fc.assert(
      fc.property(networkArb(undefined, 2).chain((net) => fc.tuple(fc.constant(net), boxArb(net.dim))), ([net, box]) => {
        const x = box.points[0]!;
        const e = thirdEnclosure(net, x, x);
        const bad = thirdViolations(net, x, e.thirdLo, e.thirdHi);
        if (bad.length > 0) throw new Error(`at x = ${JSON.stringify(x)}: ${bad.join('; ')}`);
      }),
      { numRuns: 40, seed: 52 },
    );
  });
});

/** A fixed 2 -> 8 -> 8 -> 1 tanh network (LeCun-normal weights). */
function smallTanhNet(seed: number): NetSpec {
  const rng = createRng(seed);
  const widths = [2, 8, 8, 1];
  const layers: MlpLayer[] = [];
  for (let i = 0; i + 1 < widths.length; i++) {
    const inDim = widths[i]!, outDim = widths[i + 1]!;
    const weight = Float64Array.from({ length: inDim * outDim }, () => rng.normal() * Math.sqrt(1 / inDim));
    const bias = Float64Array.from({ length: outDim }, () => rng.normal() * 0.3);
    layers.push({ inDim, outDim, weight, bias, activation: i + 2 < widths.length ? 'tanh' : 'identity' });
  }
  return { dim: 2, layers };
}

/** Range of each exact Hessian entry over a 9 x 9 grid of the box [c, c + w]^2 (60-digit reference). */
function sampledHessianRanges(net: NetSpec, c: number[], w: number): [Dec, Dec][] {
  const ranges: [Dec, Dec][] = [];
  for (let i = 0; i <= 8; i++) for (let j = 0; j <= 8; j++) {
    const h = referenceMlp(net.layers, [c[0]! + (i * w) / 8, c[1]! + (j * w) / 8], false).hessian;
    [h[0]![0]!, h[0]![1]!, h[1]![1]!].forEach((v, t) => {
      const r = ranges[t];
      if (!r) ranges[t] = [v, v];
      else { if (v.lt(r[0])) r[0] = v; if (v.gt(r[1])) r[1] = v; }
    });
  }
  return ranges;
}

/** Enclosure width minus the sampled range width, per upper-triangle entry (an overestimate of the excess). */
function hessianExcess(encl: (lo: number[], hi: number[]) => FlatEnclosure, c: number[], w: number, sampled: [Dec, Dec][]): number[] {
  const e = encl([c[0]!, c[1]!], [c[0]! + w, c[1]! + w]);
  return sampled.map(([min, max], t) => dec(e.hessHi[t]!).minus(dec(e.hessLo[t]!)).minus(max.minus(min)).toNumber());
}

describe('centered Hessian form: second order in the box width', () => {
  it('halving the box width divides the Hessian overestimation by about 4 (direct interval forms: about 2)', () => {
    const net = smallTanhNet(7);
    const centered = centeredWithThird(net);
    const direct = (lo: number[], hi: number[]): FlatEnclosure => {
      const e = createFlatEnclosure(2);
      compileNetworkEnclosure(2, net.layers)(Float64Array.from(lo), Float64Array.from(hi), e);
      return e;
    };
    const c = [0.31, -0.42];
    const widths = [1 / 16, 1 / 32, 1 / 64];
    const sampled = widths.map((w) => sampledHessianRanges(net, c, w));
    const ex = widths.map((w, i) => hessianExcess(centered, c, w, sampled[i]!));
    const dx = widths.map((w, i) => hessianExcess(direct, c, w, sampled[i]!));
    for (let t = 0; t < 3; t++) {
      for (let i = 0; i + 1 < widths.length; i++) {
        const rc = ex[i]![t]! / ex[i + 1]![t]!, rd = dx[i]![t]! / dx[i + 1]![t]!;
        expect(rc, `centered entry ${t}: ${ex.map((x) => x[t])}`).toBeGreaterThan(3.3);
        expect(rd, `direct entry ${t}: ${dx.map((x) => x[t])}`).toBeLessThan(2.5);
      }
    }
  }, 300_000);
});

describe('thirdDerivativeEnclosure (kernel API)', () => {
  it('a network, a weighted sum with a quadratic: contains the 60-digit third derivatives; relu is refused', async () => {
    const { thirdDerivativeEnclosure } = await import('../../src/kernel/thirdDerivative.js');
    const net = smallTanhNet(3);
    const model = { kind: 'mlp' as const, dim: 2, layers: net.layers };
    const sum = { kind: 'sum' as const, dim: 2, terms: [{ weight: -1.5, model }, { weight: 2, model: { kind: 'quadratic' as const, dim: 2, lambda: 3, center: [0, 1] } }] };
    const box = [{ lo: 0.1, hi: 0.35 }, { lo: -0.6, hi: -0.2 }];
    const t = thirdDerivativeEnclosure(model, box);
    const s = thirdDerivativeEnclosure(sum, box);
    for (const x of [[0.1, -0.6], [0.2, -0.3], [0.35, -0.2]]) {
      const ref = referenceMlp(net.layers, x).third;
      for (let a = 0; a < 2; a++) for (let b = 0; b < 2; b++) for (let c = 0; c < 2; c++) {
        expect(outside('T', ref[a]![b]![c]!, t[a]![b]![c]!.lo, t[a]![b]![c]!.hi)).toBeNull();
        expect(outside('sum T', ref[a]![b]![c]!.times(-1.5), s[a]![b]![c]!.lo, s[a]![b]![c]!.hi)).toBeNull();
      }
    }
    // expressions are enclosed too (test/kernel/expressionThird.test.ts): (x1^3)''' = 6 exactly
    expect(thirdDerivativeEnclosure({ kind: 'expression', dim: 2, source: 'x1^3' }, box)[0]![0]![0]).toEqual({ lo: 6, hi: 6 });
    expect(() => thirdDerivativeEnclosure({ ...model, layers: model.layers.map((l) => ({ ...l, activation: l.activation === 'tanh' ? ('relu' as const) : l.activation })) }, box)).toThrow(/relu/);
  });
});
