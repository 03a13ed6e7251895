import { describe, expect, it } from 'vitest';
import { mul, point } from '../../../src/kernel/interval.js';
import { encloseGaussianUlaKl } from '../../../src/kernel/stopping/gaussianUla.js';
import { vempalaWibisonoBound, vempalaWibisonoMaxStep, vempalaWibisonoSeedStep } from '../../../src/kernel/stopping/vempalaWibisono.js';
import { D60, d60, encloses, exactDecimal } from '../intervalReference.js';
import { checkStoppingRoute } from '../../../src/kernel/stopping/check.js';
import type { StoppingInput, StoppingRoute } from '../../../src/kernel/stopping/types.js';
import { exactGaussianRoute } from '../../../src/certify/stopping/exactGaussian.js';
import { vempalaWibisonoOptimisedRoute, vempalaWibisonoSeedRoute } from '../../../src/certify/stopping/vempalaWibisono.js';

// E = 0.5*(4 x1^2 + x2^2), T = 1, start N(2, 1): KL0 = (5 + 20 - 2 - ln 4) / 2 exactly.
const input: StoppingInput = {
  dim: 2,
  temperature: 1,
  epsilon: 0.01,
  init: { mean: 2, std: 1 },
  alpha: 1,
  smoothness: 4,
  kl0: (23 - Math.log(4)) / 2 + 1e-12,
  quadratic: { hessian: [[point(4), point(0)], [point(0), point(1)]], gradientAtOrigin: [point(0), point(0)] },
};

const routes: Record<string, StoppingRoute> = {
  seed: vempalaWibisonoSeedRoute(input),
  optimised: vempalaWibisonoOptimisedRoute(input),
  exact: exactGaussianRoute(input),
};

describe('checkStoppingRoute', () => {
  it('accepts the routes the producers propose', () => {
    for (const route of Object.values(routes)) expect(checkStoppingRoute(route, input)).toEqual({ ok: true });
  });

  it('rejects a KL route that claims the TV metric, and grid-propagation without its model', () => {
    for (const route of Object.values(routes)) expect(checkStoppingRoute({ ...route, metric: 'TV' }, input).ok, route.route).toBe(false);
    const grid = { route: 'grid-propagation', theorem: 'proofs/stopping-grid-propagation.md', applies: true, metric: 'TV', stepSize: 0.1, h: 0.1, steps: 3 } as const;
    expect(checkStoppingRoute(grid, input)).toEqual({ ok: false, reason: 'grid-propagation needs the energy model' });
    expect(checkStoppingRoute({ ...grid, metric: 'KL' }, input).ok).toBe(false);
  });

  it('rejects a smaller step count', () => {
    for (const route of Object.values(routes)) {
      const tampered = { ...route, steps: route.steps! - 1 };
      expect(checkStoppingRoute(tampered, input).ok, route.route).toBe(false);
    }
  });

  it('rejects another step size (a larger one, and stepSize and h that disagree)', () => {
    for (const route of Object.values(routes)) {
      const larger = { ...route, stepSize: route.stepSize! * 1.3, h: route.h! * 1.3 };
      expect(checkStoppingRoute(larger, input).ok, route.route).toBe(false);
      const mismatch = { ...route, h: route.h! * 0.999 };
      expect(checkStoppingRoute(mismatch, input).ok, route.route).toBe(false);
    }
    // The exact route's KL is not monotone in h: a much smaller step with the same N also fails.
    const smaller = { ...routes.exact!, stepSize: routes.exact!.stepSize! / 2, h: routes.exact!.h! / 2 };
    expect(checkStoppingRoute(smaller, input).ok).toBe(false);
  });

  it('rejects a changed route name, theorem, or a route marked not applicable', () => {
    const exactAsVw = { ...routes.exact!, route: 'vempala-wibisono-optimised' as const, theorem: 'proofs/stopping-vempala-wibisono.md' };
    const check = checkStoppingRoute(exactAsVw, input);
    expect(check.ok).toBe(false);
    expect(check.ok ? '' : check.reason).toMatch(/alpha \/ \(4 L\^2\)/);
    expect(checkStoppingRoute({ ...routes.exact!, theorem: 'proofs/stopping-vempala-wibisono.md' }, input).ok).toBe(false);
    expect(checkStoppingRoute({ ...routes.exact!, route: 'kl-hessian-lipschitz', theorem: 'proofs/stopping-kl-hessian-lipschitz.md' }, input).ok).toBe(false);
    expect(checkStoppingRoute({ ...routes.exact!, route: 'made-up' as never }, input).ok).toBe(false);
    expect(checkStoppingRoute({ ...routes.exact!, applies: false }, input).ok).toBe(false);
  });

  it('rejects a smaller epsilon, a larger alpha claim is not needed by exact but a smaller L is', () => {
    for (const route of Object.values(routes)) {
      expect(checkStoppingRoute(route, { ...input, epsilon: 0.009 }).ok, route.route).toBe(false);
    }
    // Vempala-Wibisono at the stored h with a worse (larger) L no longer fits h <= alpha/(4L^2).
    expect(checkStoppingRoute(routes.optimised!, { ...input, smoothness: 4.1 }).ok).toBe(false);
    // Inconsistent constants (alpha > L) are refused.
    expect(checkStoppingRoute(routes.optimised!, { ...input, alpha: 5, smoothness: 4 }).ok).toBe(false);
    // A different quadratic (the start farther from the mode) breaks the exact route.
    const shifted = { ...input, init: { mean: 3, std: 1 } };
    expect(checkStoppingRoute(routes.exact!, shifted).ok).toBe(false);
  });

  it('rejects malformed fields without throwing', () => {
    const base = routes.exact!;
    for (const bad of [
      { ...base, steps: 1.5 },
      { ...base, steps: -1 },
      { ...base, stepSize: 0 },
      { ...base, stepSize: Number.NaN },
      { ...base, h: undefined },
    ]) {
      expect(checkStoppingRoute(bad, input).ok).toBe(false);
    }
    expect(checkStoppingRoute(base, { ...input, temperature: 0 }).ok).toBe(false);
    expect(checkStoppingRoute(routes.seed!, { ...input, kl0: Infinity }).ok).toBe(false);
    expect(checkStoppingRoute(routes.seed!, { ...input, smoothness: Infinity }).ok).toBe(false);
    // Evidence that is NaN, infinite or asymmetric beyond overlap fails instead of throwing.
    const z = point(0);
    for (const hessian of [
      [[{ lo: Number.NaN, hi: Number.NaN }, z], [z, point(1)]],
      [[{ lo: 1, hi: Infinity }, z], [z, point(1)]],
      [[point(4), point(1)], [point(2), point(1)]],
    ]) {
      expect(checkStoppingRoute(base, { ...input, quadratic: { hessian, gradientAtOrigin: [z, z] } }).ok).toBe(false);
    }
    expect(checkStoppingRoute(base, { ...input, quadratic: { hessian: input.quadratic!.hessian, gradientAtOrigin: [{ lo: -Infinity, hi: Infinity }, z] } }).ok).toBe(false);
    const { quadratic: _q, ...noQuadratic } = input;
    expect(checkStoppingRoute(base, noQuadratic).ok).toBe(false);
  });
});

// Thresholds strictly inside an enclosure. T = 0.3 and 0.7 are not dyadic, so h = stepSize * T is
// not a double and the kernel's h is a 1-ulp interval; every threshold below lies strictly between
// the ends of the kernel's enclosure, on the wrong side of the 60-digit true value, so a check that
// compared the wrong end (lo for hi) would accept a false claim.
const f64 = new Float64Array(1);
const i64 = new BigInt64Array(f64.buffer);
/** The next double towards +inf (positive finite x only). */
function nextUpPositive(x: number): number {
  f64[0] = x;
  i64[0] = i64[0]! + 1n;
  return f64[0]!;
}
function nextDownPositive(x: number): number {
  f64[0] = x;
  i64[0] = i64[0]! - 1n;
  return f64[0]!;
}
/** The largest double strictly below the real number r > 0. */
function doubleBelow(r: InstanceType<typeof D60>): number {
  let x = r.toNumber();
  while (exactDecimal(x).gte(r)) x = nextDownPositive(x);
  return x;
}

describe('checkStoppingRoute: thresholds strictly inside the enclosures', () => {
  const T = 0.3;
  const stepSize = 0.001;
  const steps = 5000;
  const dim = 2;
  const alpha = 1;
  const smoothness = 4;
  const hExact = exactDecimal(stepSize).times(exactDecimal(T));
  const hKernel = mul(point(stepSize), point(T));
  // KL0 chosen so that both halves of the bound are equal (up to 1e-12): then the seed step
  // alpha eps / (16 d L^2) is this h, and the seed route is checked at the same numbers.
  const hD = new D60(hExact);
  const kl0 = hD.times(256).times(hD.times(steps).exp()).times(1 + 1e-12).toNumber();
  const constants = { dim, alpha, smoothness, kl0 };
  // Theorem 1's right-hand side at the true h, 60 digits: exp(-alpha h N) KL0 + 8 h d L^2 / alpha.
  const bound = hD.times(-alpha * steps).exp().times(d60(kl0)).plus(hD.times(8 * dim * smoothness * smoothness).div(alpha));
  const enclosure = vempalaWibisonoBound(constants, hKernel, steps);
  const base: StoppingInput = { dim, temperature: T, epsilon: 1, init: { mean: 0, std: 1 }, alpha, smoothness, kl0 };

  it('the construction: h is not a double, and the kernel encloses the 60-digit bound', () => {
    expect(exactDecimal(stepSize * T).eq(hExact)).toBe(false);
    expect(hKernel.lo < hKernel.hi).toBe(true);
    expect(encloses(hKernel, hExact)).toBe(true);
    expect(encloses(enclosure, bound)).toBe(true);
  });

  for (const route of ['vempala-wibisono-seed', 'vempala-wibisono-optimised'] as const) {
    const r: StoppingRoute = { route, theorem: 'proofs/stopping-vempala-wibisono.md', applies: true, stepSize, h: stepSize * T, steps };
    it(`${route}: rejects epsilon just below the true bound (inside the enclosure), accepts epsilon = enclosure.hi`, () => {
      const below = doubleBelow(bound);
      expect(enclosure.lo < below && below < enclosure.hi).toBe(true);
      const rejected = checkStoppingRoute(r, { ...base, epsilon: below });
      expect(rejected.ok).toBe(false);
      expect(rejected.ok ? '' : rejected.reason).toMatch(/Vempala-Wibisono bound after 5000 steps/);
      // enclosure.hi >= the true bound: a sound claim, accepted (the comparison is <=, not <).
      expect(exactDecimal(enclosure.hi).gte(bound)).toBe(true);
      expect(checkStoppingRoute(r, { ...base, epsilon: enclosure.hi })).toEqual({ ok: true });
    });
  }

  it('rejects h whose enclosure straddles alpha / (4 L^2) with the true h above it', () => {
    // alpha = 1, L = 3: h_max = 1/36 is not a double. Find stepSize with 1/36 < stepSize * 0.7 <
    // nextUp(rd(1/36)): the kernel's h is then [rd(1/36), nextUp(rd(1/36))], the same interval as h_max.
    const T7 = 0.7;
    const q = new D60(1).div(36);
    const qlo = doubleBelow(q);
    const qhi = nextUpPositive(qlo);
    let s = 1 / 36 / T7;
    for (let k = 0; k < 200; k++) {
      const p = exactDecimal(s).times(exactDecimal(T7));
      if (p.gt(q) && p.lt(exactDecimal(qhi))) break;
      s = p.lte(q) ? nextUpPositive(s) : nextDownPositive(s);
    }
    const p = exactDecimal(s).times(exactDecimal(T7));
    expect(p.gt(q) && p.lt(exactDecimal(qhi))).toBe(true);
    const c = { dim: 1, alpha: 1, smoothness: 3, kl0: 1 };
    const hMax = vempalaWibisonoMaxStep(c);
    const h = mul(point(s), point(T7));
    expect(encloses(hMax, q)).toBe(true);
    // Straddling: h.lo <= hMax.lo and h.hi <= hMax.hi, yet the true h exceeds the true h_max.
    expect(h.lo <= hMax.lo && hMax.lo < h.hi && h.hi <= hMax.hi).toBe(true);
    const r: StoppingRoute = { route: 'vempala-wibisono-optimised', theorem: 'proofs/stopping-vempala-wibisono.md', applies: true, stepSize: s, h: s * T7, steps: 0 };
    const got = checkStoppingRoute(r, { temperature: T7, epsilon: 100, init: { mean: 0, std: 1 }, ...c });
    expect(got.ok).toBe(false);
    expect(got.ok ? '' : got.reason).toMatch(/exceeds alpha \/ \(4 L\^2\)/);
  });

  it('the bound is taken over the whole h interval: KL0 = 0 makes it 256 h, exact at both ends', () => {
    // alpha = 1, L = 4, d = 2, KL0 = 0: the bound is 8 h d L^2 / alpha = 256 h, so at the kernel's
    // h = [h.lo, h.hi] it is exactly [256 h.lo, 256 h.hi]. epsilon = 256 h.lo is below the true
    // 256 h (h = stepSize * T is not a double): a bound taken at h.lo alone would accept it.
    const c = { dim: 2, alpha: 1, smoothness: 4, kl0: 0 };
    const r: StoppingRoute = { route: 'vempala-wibisono-optimised', theorem: 'proofs/stopping-vempala-wibisono.md', applies: true, stepSize, h: stepSize * T, steps: 10 };
    const eps = 256 * hKernel.lo;
    expect(exactDecimal(eps).lt(hExact.times(256))).toBe(true);
    const got = checkStoppingRoute(r, { ...base, ...c, epsilon: eps });
    expect(got.ok ? 'accepted' : got.reason).toMatch(/Vempala-Wibisono bound/);
    expect(checkStoppingRoute(r, { ...base, ...c, epsilon: 256 * hKernel.hi })).toEqual({ ok: true });
  });

  describe('seed step with a seed that is not a double (d = 3: alpha eps / (16 d L^2) = 1/768)', () => {
    const c3 = { dim: 3, alpha: 1, smoothness: 4, kl0: 1 };
    const seedInput: StoppingInput = { ...base, ...c3, temperature: 0.7, epsilon: 1 };
    const seed = vempalaWibisonoSeedStep(c3, 1);
    const seedExact = new D60(1).div(768);
    const seedRoute = (stepSize: number, temperature: number): StoppingRoute => ({ route: 'vempala-wibisono-seed', theorem: 'proofs/stopping-vempala-wibisono.md', applies: true, stepSize, h: stepSize * temperature, steps: 5000 });
    /** A stepSize whose kernel h = stepSize * 0.7 satisfies pred, searched ulp by ulp around target / 0.7. */
    function stepWith(target: number, pred: (h: { lo: number; hi: number }) => boolean): number {
      let down = target / 0.7;
      let up = target / 0.7;
      for (let k = 0; k < 400; k++) {
        if (pred(mul(point(down), point(0.7)))) return down;
        if (pred(mul(point(up), point(0.7)))) return up;
        down = nextDownPositive(down);
        up = nextUpPositive(up);
      }
      throw new Error('no step found');
    }

    it('the construction', () => {
      expect(encloses(seed, seedExact)).toBe(true);
      expect(seed.lo < seed.hi).toBe(true);
    });

    it('accepts h = seed.hi and h = seed.lo (1 - 1e-9) as points (T = 1)', () => {
      expect(checkStoppingRoute(seedRoute(seed.hi, 1), { ...seedInput, temperature: 1 })).toEqual({ ok: true });
      const shrunk = seed.lo * (1 - 1e-9);
      expect(checkStoppingRoute(seedRoute(shrunk, 1), { ...seedInput, temperature: 1 })).toEqual({ ok: true });
    });

    it('rejects h whose enclosure reaches above seed.hi (its lower end at seed.hi)', () => {
      const s = stepWith(seed.hi, (h) => h.lo === seed.hi && h.lo < h.hi);
      const got = checkStoppingRoute(seedRoute(s, 0.7), seedInput);
      expect(got.ok ? 'accepted' : got.reason).toMatch(/is not the seed/);
    });

    it('rejects h whose enclosure reaches below seed.lo (1 - 1e-9) (its upper end at it)', () => {
      const shrunk = seed.lo * (1 - 1e-9);
      const s = stepWith(shrunk, (h) => h.hi === shrunk && h.lo < h.hi);
      const got = checkStoppingRoute(seedRoute(s, 0.7), seedInput);
      expect(got.ok ? 'accepted' : got.reason).toMatch(/is not the seed/);
    });
  });

  it('exact-gaussian: rejects epsilon just below the true KL (inside the enclosure), accepts epsilon = enclosure.hi', () => {
    // f = (4 x1^2 + x2^2) / 2, start N(2 1, I). Diagonal A = diag(a): per coordinate, with M = 1 - h a,
    // mean_N = M^N mean_0, var_N = s^2 M^(2N) + 2h (1 - M^(2N)) / (1 - M^2), and
    // KL = sum_i (a_i var_i + a_i mean_i^2 - 1 - ln(a_i var_i)) / 2 (closed form, 60 digits).
    const a = [4, 1];
    const n = 40;
    const s = 0.05 / T;
    const hG = exactDecimal(s).times(exactDecimal(T));
    let kl = new D60(0);
    for (const ai of a) {
      const m = new D60(1).minus(hG.times(ai));
      const m2n = m.pow(2 * n);
      const v = m2n.plus(hG.times(2).times(new D60(1).minus(m2n)).div(new D60(1).minus(m.pow(2))));
      const mean = m.pow(n).times(2);
      kl = kl.plus(v.times(ai).plus(mean.pow(2).times(ai)).minus(1).minus(v.times(ai).ln()).div(2));
    }
    const quadratic = { hessian: [[point(4), point(0)], [point(0), point(1)]], gradientAtOrigin: [point(0), point(0)] };
    const hK = mul(point(s), point(T));
    expect(hK.lo < hK.hi).toBe(true);
    const enclosed = encloseGaussianUlaKl(quadratic, { mean: 2, std: 1 }, hK, n);
    expect(enclosed.ok).toBe(true);
    if (!enclosed.ok) return;
    expect(encloses(enclosed.kl, kl)).toBe(true);
    const below = doubleBelow(kl);
    expect(enclosed.kl.lo < below && below < enclosed.kl.hi).toBe(true);
    const r: StoppingRoute = { route: 'exact-gaussian', theorem: 'proofs/stopping-exact-gaussian.md', applies: true, stepSize: s, h: s * T, steps: n };
    const gInput: StoppingInput = { dim: 2, temperature: T, epsilon: below, init: { mean: 2, std: 1 }, alpha: 0, smoothness: Infinity, kl0: Infinity, quadratic };
    const rejected = checkStoppingRoute(r, gInput);
    expect(rejected.ok).toBe(false);
    expect(rejected.ok ? '' : rejected.reason).toMatch(/exact Gaussian KL after 40 steps/);
    expect(checkStoppingRoute(r, { ...gInput, epsilon: enclosed.kl.hi })).toEqual({ ok: true });
  });
});

describe('checkStoppingRoute: every field check, one at a time', () => {
  const vw = (over: Partial<StoppingRoute> = {}): StoppingRoute => ({ route: 'vempala-wibisono-optimised', theorem: 'proofs/stopping-vempala-wibisono.md', applies: true, stepSize: 1 / 64, h: 1 / 64, steps: 0, ...over });
  // alpha = 1, L = 4, d = 2: h_max = 1/64 exactly; at N = 0 the bound is KL0 + 8 h d L^2 / alpha = KL0 + 4.
  const vwInput: StoppingInput = { dim: 2, temperature: 1, epsilon: 10, init: { mean: 0, std: 1 }, alpha: 1, smoothness: 4, kl0: 1 };
  const reason = (r: ReturnType<typeof checkStoppingRoute>) => (r.ok ? 'accepted' : r.reason);

  it('accepts h = alpha / (4 L^2) exactly, alpha = L, steps = 0 (the boundaries are inclusive)', () => {
    expect(checkStoppingRoute(vw(), vwInput)).toEqual({ ok: true });
    // alpha = L = 4 (f = 2|x|^2 has both): h_max = 1/16.
    expect(checkStoppingRoute(vw({ stepSize: 1 / 16, h: 1 / 16 }), { ...vwInput, alpha: 4, smoothness: 4, epsilon: 100 })).toEqual({ ok: true });
    expect(checkStoppingRoute(vw(), { ...vwInput, dim: 1 })).toEqual({ ok: true });
  });

  it('rejects bad dim, temperature, epsilon, stepSize, steps and h (each alone)', () => {
    const cases: [Partial<StoppingInput>, Partial<StoppingRoute>, RegExp][] = [
      [{ dim: 0 }, {}, /^dim = 0/],
      [{ dim: 1.5 }, {}, /^dim = 1.5/],
      [{ dim: Number.NaN }, {}, /^dim = NaN/],
      // T = 0 with h = stepSize * 0 = 0: the bound would be KL0 <= epsilon, a claim about no sampler.
      [{ temperature: 0 }, { h: 0 }, /^temperature = 0/],
      [{ temperature: -1 }, { h: -1 / 64 }, /^temperature = -1/],
      [{ temperature: Infinity }, { h: Infinity }, /^temperature = Infinity/],
      [{ temperature: Number.NaN }, {}, /^temperature = NaN/],
      [{ epsilon: 0 }, {}, /^epsilon = 0/],
      [{ epsilon: -1 }, {}, /^epsilon = -1/],
      [{ epsilon: Infinity }, {}, /^epsilon = Infinity/],
      [{ epsilon: Number.NaN }, {}, /^epsilon = NaN/],
      [{}, { stepSize: undefined }, /^stepSize = undefined/],
      [{}, { stepSize: 0, h: 0 }, /^stepSize = 0/],
      [{}, { stepSize: -1 / 64, h: -1 / 64 }, /^stepSize = -/],
      [{}, { stepSize: Infinity, h: Infinity }, /^stepSize = Infinity/],
      [{}, { steps: undefined }, /^steps = undefined/],
      [{}, { steps: -1 }, /^steps = -1/],
      [{}, { steps: 0.5 }, /^steps = 0.5/],
      [{}, { steps: 2 ** 53 }, /^steps = /],
      [{}, { h: nextUpPositive(1 / 64) }, /^h = .* is not stepSize \* temperature/],
      [{}, { h: nextDownPositive(1 / 64) }, /^h = .* is not stepSize \* temperature/],
      // KL0 < 0 is no certified KL0 (the bound would be below the bias).
      [{ kl0: -1 }, {}, /^KL0 = -1/],
      [{ kl0: Infinity }, {}, /^KL0 = Infinity/],
      [{ alpha: 0 }, {}, /^alpha = 0/],
      [{ alpha: -1 }, {}, /^alpha = -1/],
      [{ smoothness: 0, alpha: 1 }, {}, /^L = 0/],
    ];
    for (const [inp, rt, why] of cases) {
      const got = checkStoppingRoute(vw(rt), { ...vwInput, ...inp });
      expect(reason(got), JSON.stringify([inp, rt])).toMatch(why);
    }
  });

  it('rejects an unknown route even when its theorem field matches an inherited property', () => {
    const proto = { ...vw(), route: 'toString' as never, theorem: Object.prototype.toString as never };
    expect(reason(checkStoppingRoute(proto, vwInput))).toMatch(/unknown route/);
  });

  it('seed route: accepts h = the seed step, and h down to seed (1 - 1e-9); rejects a larger h that still fits h_max', () => {
    // epsilon = 1: the seed is alpha eps / (16 d L^2) = 1/512 < h_max = 1/64, both exact.
    const seedInput = { ...vwInput, epsilon: 1, kl0: 1 };
    const seed = (stepSize: number, steps: number): StoppingRoute => ({ route: 'vempala-wibisono-seed', theorem: 'proofs/stopping-vempala-wibisono.md', applies: true, stepSize, h: stepSize, steps });
    // bias 8 h d L^2 = 0.5, decay exp(-2000/512) < 0.03: the bound is < 1.
    expect(checkStoppingRoute(seed(1 / 512, 2000), seedInput)).toEqual({ ok: true });
    const shrunk = (1 / 512) * (1 - 1e-9);
    expect(checkStoppingRoute(seed(shrunk, 2000), seedInput)).toEqual({ ok: true });
    expect(reason(checkStoppingRoute(seed(nextDownPositive(shrunk), 2000), seedInput))).toMatch(/is not the seed/);
    // 1.5 / 512 < 1/64 and its bound 0.75 + tiny < 1 would pass, but it is not the seed route's step.
    expect(checkStoppingRoute({ ...seed(1.5 / 512, 20000), route: 'vempala-wibisono-optimised' }, seedInput)).toEqual({ ok: true });
    expect(reason(checkStoppingRoute(seed(1.5 / 512, 20000), seedInput))).toMatch(/is not the seed/);
    expect(reason(checkStoppingRoute(seed(nextUpPositive(1 / 512), 2000), seedInput))).toMatch(/is not the seed/);
  });

  describe('exact-gaussian', () => {
    const quadratic = { hessian: [[point(4), point(0)], [point(0), point(1)]], gradientAtOrigin: [point(0), point(0)] };
    const ex = (over: Partial<StoppingRoute> = {}): StoppingRoute => ({ route: 'exact-gaussian', theorem: 'proofs/stopping-exact-gaussian.md', applies: true, stepSize: 0.125, h: 0.125, steps: 30, ...over });
    const exInput: StoppingInput = { dim: 2, temperature: 1, epsilon: 0.5, init: { mean: 2, std: 1 }, alpha: 0, smoothness: Infinity, kl0: Infinity, quadratic };

    it('accepts a point start (std = 0) after steps >= 1, refuses negative, NaN or infinite starts', () => {
      expect(checkStoppingRoute(ex(), exInput)).toEqual({ ok: true });
      expect(checkStoppingRoute(ex(), { ...exInput, init: { mean: 2, std: 0 } })).toEqual({ ok: true });
      // std = -1 has the same square as std = 1 but is no Gaussian start.
      for (const init of [{ mean: 2, std: -1 }, { mean: 2, std: Number.NaN }, { mean: 2, std: Infinity }, { mean: Number.NaN, std: 1 }, { mean: Infinity, std: 1 }]) {
        expect(reason(checkStoppingRoute(ex(), { ...exInput, init })), JSON.stringify(init)).toMatch(/is not a finite Gaussian start/);
      }
    });

    it('refuses missing evidence, evidence of another dimension, and evidence that is not positive definite', () => {
      const { quadratic: _q, ...none } = exInput;
      expect(reason(checkStoppingRoute(ex(), none))).toMatch(/needs proven quadratic evidence/);
      // A 2 x 2 Hessian for a 3-dimensional f says nothing about the third coordinate.
      expect(reason(checkStoppingRoute(ex(), { ...exInput, dim: 3 }))).toMatch(/dimension 2, not 3/);
      const indefinite = { hessian: [[point(4), point(0)], [point(0), point(-1)]], gradientAtOrigin: [point(0), point(0)] };
      expect(reason(checkStoppingRoute(ex(), { ...exInput, quadratic: indefinite }))).toMatch(/not proven positive definite/);
    });
  });
});
