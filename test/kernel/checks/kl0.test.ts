import { describe, expect, it } from 'vitest';
import { Decimal as DecimalBase } from 'decimal.js';
import { checkKl0Bound, minULowerBound } from '../../../src/kernel/checks/kl0.js';
import { regularizer } from './helpers.js';
import { D60, d60, encloses } from '../intervalReference.js';

const Decimal = DecimalBase.clone({ precision: 60 });

/** Exact KL(N(c 1, s^2 I) || N(center, T/lambda I)) in 60-digit decimals. */
function exactKl(d: number, lambda: number, T: number, center: number[], c: number, s: number): number {
  const a = new Decimal(lambda).div(T); // precision of pi
  const s2 = new Decimal(s).pow(2);
  let quad = new Decimal(0);
  for (const x of center) quad = quad.plus(new Decimal(c).minus(x).pow(2));
  // (tr(A S) + mu'A mu - d - ln det(A S)) / 2 with A = a I, S = s^2 I
  return a.times(s2).times(d).plus(a.times(quad)).minus(d).minus(a.times(s2).ln().times(d)).div(2).toNumber();
}

describe('checkKl0Bound', () => {
  for (const [lambda, T, center, c, s] of [
    [1, 1, [0, 0], 0, 1],
    [4, 2, [1, -1], 2, 0.5],
    [0.5, 1, [0, 0, 0], -1, 2],
  ] as const) {
    it(`is an upper bound, and tight for a quadratic (lambda ${lambda}, T ${T}, start N(${c}, ${s}^2))`, () => {
      const model = { kind: 'quadratic' as const, dim: center.length, lambda, center: [...center] };
      const m = lambda / T;
      const minU = minULowerBound(model, T, m * (1 - 1e-12), [...center]).lo;
      const r = checkKl0Bound({ model, temperature: T, m: m * (1 - 1e-12), infW: 0, smoothness: m * (1 + 1e-12), init: { mean: c, std: s }, minU });
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      const exact = exactKl(center.length, lambda, T, [...center], c, s);
      expect(r.value.upper).toBeGreaterThanOrEqual(exact);
      expect(r.value.upper).toBeLessThan(exact + 1e-6);
    });
  }

  it('min U from any anchor is a lower bound', () => {
    const model = regularizer(2);
    for (const anchor of [[0, 0], [1, 1], [-3, 0.5]]) expect(minULowerBound(model, 1, 2, anchor).lo).toBeLessThanOrEqual(0);
    // With a smaller m the bound is looser but still sound.
    expect(minULowerBound(model, 1, 1, [1, 1]).lo).toBeLessThanOrEqual(minULowerBound(model, 1, 2, [1, 1]).lo);
  });

  it('refuses infinite smoothness and m <= 0', () => {
    const model = regularizer(1);
    expect(checkKl0Bound({ model, temperature: 1, m: 1, infW: 0, smoothness: Infinity, init: { mean: 0, std: 1 }, minU: 0 }).ok).toBe(false);
    expect(checkKl0Bound({ model, temperature: 1, m: 0, infW: 0, smoothness: 1, init: { mean: 0, std: 1 }, minU: 0 }).ok).toBe(false);
  });
});

describe('checkKl0Bound: the bound formula, every input and every refusal', () => {
  // The proof's bound (proofs/kl0.md) at 60 digits from the exact values of the inputs:
  //   f(c) + (L/2) d s^2 - (d/2) ln(2 pi e s^2) - inf W - min U + (d/2) ln(2 pi / m),
  // f = (lambda / (2T)) |x - center|^2 at x = c 1.
  const lambda = 2;
  const T = 0.7;
  const center = [0.5, -1];
  const base = { model: { kind: 'quadratic' as const, dim: 2, lambda, center }, temperature: T, m: 2.5, infW: 0.75, smoothness: 3, init: { mean: 0.3, std: 0.6 }, minU: -0.25 };
  function reference(p: typeof base): { kl: InstanceType<typeof D60>; logZ: InstanceType<typeof D60> } {
    const d = p.model.dim;
    const pi = D60.acos(-1);
    const half = new D60(d).div(2);
    const c = d60(p.init.mean);
    let sq = new D60(0);
    for (const x of p.model.center) sq = sq.plus(c.minus(d60(x)).pow(2));
    const fc = d60(p.model.lambda).div(d60(p.temperature).times(2)).times(sq);
    const s2 = d60(p.init.std).pow(2);
    const meanF = fc.plus(d60(p.smoothness).div(2).times(d).times(s2));
    const entropy = half.times(pi.times(2).times(D60.exp(1)).times(s2).ln());
    const logZ = d60(p.infW).neg().minus(d60(p.minU)).plus(half.times(pi.times(2).div(d60(p.m)).ln()));
    return { kl: meanF.minus(entropy).plus(logZ), logZ };
  }
  function expectBound(p: typeof base): void {
    const r = checkKl0Bound(p);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const { kl, logZ } = reference(p);
    expect(kl.gt(0)).toBe(true); // so the max(0, .) clamp is not what is tested
    // An upper bound that is tight to rounding (1e-13 relative): every term has the right sign.
    expect(encloses({ lo: -Infinity, hi: r.value.upper }, kl), `${r.value.upper} vs ${kl}`).toBe(true);
    expect(new D60(r.value.upper).minus(kl).abs().lte(kl.abs().times(1e-13))).toBe(true);
    expect(encloses({ lo: -Infinity, hi: r.value.logZUpper }, logZ)).toBe(true);
    expect(new D60(r.value.logZUpper).minus(logZ).abs().lte(1e-13)).toBe(true);
  }

  it('matches the 60-digit bound with inf W != 0, min U != 0, L != m, s != 1', () => {
    expectBound(base);
    expectBound({ ...base, infW: -1.25, minU: 0.5, smoothness: 0.125, init: { mean: -2, std: 1.5 } });
  });

  it('accepts L = 0 (an affine f has a zero Hessian): the (L/2) d s^2 term vanishes', () => {
    expectBound({ ...base, smoothness: 0 });
  });

  it('is clamped at 0 from below (KL >= 0)', () => {
    // A huge min U makes the formula negative: the bound reported is 0, not the negative number.
    const r = checkKl0Bound({ ...base, minU: 1000 });
    expect(r.ok && r.value.upper).toBe(0);
  });

  it('refuses every unusable input', () => {
    for (const [bad, why] of [
      [{ temperature: 0 }, /^kl0: temperature 0/],
      [{ m: 0 }, /strong convexity/],
      [{ m: -1 }, /strong convexity/],
      [{ m: Number.NaN }, /strong convexity/],
      [{ m: Infinity }, /strong convexity/],
      [{ infW: Infinity }, /inf W/],
      [{ infW: -Infinity }, /inf W/],
      [{ infW: Number.NaN }, /inf W/],
      [{ smoothness: -1e-300 }, /smoothness bound/],
      [{ smoothness: Number.NaN }, /smoothness bound/],
      [{ init: { mean: Number.NaN, std: 1 } }, /bad initial law/],
      [{ init: { mean: Infinity, std: 1 } }, /bad initial law/],
      [{ init: { mean: 0, std: 0 } }, /bad initial law/],
      [{ init: { mean: 0, std: -1 } }, /bad initial law/],
      [{ init: { mean: 0, std: Infinity } }, /bad initial law/],
      [{ init: { mean: 0, std: Number.NaN } }, /bad initial law/],
      [{ minU: -Infinity }, /min U/],
      [{ minU: Number.NaN }, /min U/],
    ] as const) {
      const r = checkKl0Bound({ ...base, ...bad });
      expect(r.ok ? 'accepted' : r.reason, JSON.stringify(bad)).toMatch(why);
    }
  });

  it('refuses when f(c) cannot be enclosed or the bound is not finite', () => {
    const log = { kind: 'expression' as const, dim: 2, source: 'log(x1) + x2^2' };
    const r = checkKl0Bound({ ...base, model: log, init: { mean: -1, std: 1 } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/f\(c\) cannot be enclosed/);
    // f(c) overflows to +inf at c = 1e200: the bound is +inf, which is no bound.
    const far = checkKl0Bound({ ...base, init: { mean: 1e200, std: 1 } });
    expect(far.ok).toBe(false);
    if (!far.ok) expect(far.reason).toMatch(/not finite/);
  });
});

describe('minULowerBound', () => {
  it('is U(x0) - |grad U(x0)|^2 / (2m) at 60 digits, and its upper end is U(x0)', () => {
    // U = (lambda / 2T) |x - center|^2, anchor x0: U(x0) and grad U(x0) = (lambda / T)(x0 - center).
    const lambda = 3;
    const T = 0.7;
    const center = [0.5, -1];
    const x0 = [1.25, 0.5];
    const m = 2.5;
    const r = minULowerBound({ kind: 'quadratic', dim: 2, lambda, center }, T, m, x0);
    const a = d60(lambda).div(d60(T));
    let sq = new D60(0);
    for (let i = 0; i < 2; i++) sq = sq.plus(d60(x0[i]!).minus(d60(center[i]!)).pow(2));
    const u = a.div(2).times(sq);
    const lo = u.minus(a.pow(2).times(sq).div(d60(m).times(2)));
    expect(encloses({ lo: r.lo, hi: Infinity }, lo)).toBe(true);
    expect(new D60(r.lo).minus(lo).abs().lte(1e-13)).toBe(true);
    expect(encloses({ lo: -Infinity, hi: r.hi }, u)).toBe(true);
    expect(new D60(r.hi).minus(u).abs().lte(1e-13)).toBe(true);
  });

  it('gives the whole line when it cannot bound min U', () => {
    const model = regularizer(2);
    const whole = { lo: -Infinity, hi: Infinity };
    expect(minULowerBound(model, 1, 0, [0, 0])).toEqual(whole);
    expect(minULowerBound(model, 1, -1, [0, 0])).toEqual(whole);
    expect(minULowerBound(model, 1, Number.NaN, [0, 0])).toEqual(whole);
    expect(minULowerBound(model, 1, 2, [0])).toEqual(whole);
    expect(minULowerBound(model, 1, 2, [0, Number.NaN])).toEqual(whole);
    expect(minULowerBound(model, 1, 2, [Infinity, 0])).toEqual(whole);
    expect(minULowerBound({ kind: 'expression', dim: 2, source: 'log(x1) + x2^2' }, 1, 2, [-1, 0])).toEqual(whole);
  });
});
