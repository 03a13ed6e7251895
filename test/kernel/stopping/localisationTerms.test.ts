// Each term of the localisation bound (kernel/stopping/localisation.ts) against its own formula in
// 80-digit decimals from the returned constants, so that a dropped or swapped term, a wrong clamp or a
// term computed from the wrong input fails here (localisation.test.ts checks only the sum).
import { describe, expect, it } from 'vitest';
import { Decimal } from 'decimal.js';
import { localisationRoute, type LocalisationSearch } from '../../../src/certify/stopping/localisation.js';
import { vempalaWibisonoMaxStep } from '../../../src/kernel/stopping/vempalaWibisono.js';
import { localisationTvBound, piOutsideUpper } from '../../../src/kernel/stopping/localisation.js';
import { exitProbabilityBound } from '../../../src/kernel/stopping/localisationExit.js';
import { nextUp, point } from '../../../src/kernel/interval.js';
import type { EnergyModel } from '../../../src/kernel/model.js';
import { quarticModel, QUARTIC_SEARCH } from './localisationQuartic.js';
import { exactDecimal } from '../intervalReference.js';

const D80 = Decimal.clone({ precision: 80, toExpNeg: -9e15, toExpPos: 9e15, minE: -9e15, maxE: 9e15 });
const d = (x: number): Decimal => new D80(exactDecimal(x));

/** Phi(x) = (1 + erf(x / sqrt 2)) / 2 by the erf Taylor series in 80 digits (|x| <= 9). */
function normalCdf(x: Decimal): Decimal {
  const z = x.div(new D80(2).sqrt());
  let term = z;
  let sum = z;
  for (let n = 1; n < 400; n++) {
    term = term.times(z.pow(2)).neg().div(n);
    const t = term.div(2 * n + 1);
    sum = sum.plus(t);
    if (t.abs().lt(new D80('1e-70'))) break;
  }
  const erf = sum.times(2).div(D80.acos(-1).sqrt());
  return erf.plus(1).div(2);
}

const model: EnergyModel = quarticModel;
const init = { mean: 0.25, std: 0.9 };
const SEARCH: LocalisationSearch = QUARTIC_SEARCH;

const rel = (x: number, ref: Decimal, slack: number): void => {
  expect(exactDecimal(x).gte(ref)).toBe(true);
  expect(exactDecimal(x).lte(ref.times(1 + slack))).toBe(true);
};

describe('localisationTvBound, term by term', () => {
  const r = localisationRoute(model, 1, init, 0.1, SEARCH);
  if ('reason' in r) throw new Error(r.reason);
  const ev = r.evidence;
  const h = point(r.h);
  const c = localisationTvBound(model, 1, init, h, r.steps, ev);
  if (!c.ok) throw new Error(c.reason);
  const v = c.value;
  const cut = ev.localised.cutoff[0]!;
  const m = ev.localised.quadratic.curvature[0]!;
  const qc = ev.localised.quadratic.center[0]!;

  it('kl0 = KL(N(m, sigma^2) || N(c, 1/m)) + osc W, rounded up by a few ulps', () => {
    const mv = d(m).times(d(init.std).pow(2));
    const kl = mv.minus(1).minus(mv.ln()).plus(d(m).times(d(init.mean).minus(d(qc)).pow(2))).div(2).plus(d(v.oscillation));
    rel(v.kl0, kl, 1e-14);
  });

  it('innerKl = e^{-alpha h N} kl0 + 8 h d L^2 / alpha and innerTv = sqrt(innerKl / 2), each rounded up', () => {
    const a = d(v.alpha), l = d(v.smoothness), hh = d(r.h);
    const kl = a.times(hh).times(r.steps).neg().exp().times(d(v.kl0)).plus(hh.times(8).times(l.pow(2)).div(a));
    rel(v.innerKl, kl, 1e-14);
    rel(v.innerTv, d(v.innerKl).div(2).sqrt(), 1e-15);
    expect(v.innerTv).toBeLessThan(1);
  });

  it('pi~(K^c) <= e^{osc W} (Phi((a - c) sqrt m) + 1 - Phi((b - c) sqrt m)), within e^{osc} 1e-15', () => {
    const root = d(m).sqrt();
    const q = normalCdf(d(cut.lo).minus(d(qc)).times(root)).plus(1).minus(normalCdf(d(cut.hi).minus(d(qc)).times(root)));
    const ref = q.times(d(v.oscillation).exp());
    // Phi far in the tail is enclosed with an absolute (not relative) error near 1e-16: compare absolutely (times e^{osc W}).
    expect(exactDecimal(v.piTildeOutside).gte(ref)).toBe(true);
    expect(exactDecimal(v.piTildeOutside).lte(ref.plus(d(v.oscillation).exp().times(1e-15)))).toBe(true);
    expect(v.piTildeOutside).toBeLessThan(1);
  });

  it('pi(K^c) is at least the true mass outside K (fine quadrature) and not the clamp', () => {
    // int exp(-f) over [-40, 40] and over K by Simpson with 400 000 panels (f = 0.01 x^4 + 0.5 x^2).
    const simpson = (lo: number, hi: number): number => {
      const n = 400_000, step = (hi - lo) / n;
      const g = (x: number): number => Math.exp(-(0.01 * x ** 4 + 0.5 * x * x));
      let s = g(lo) + g(hi);
      for (let k = 1; k < n; k++) s += (k % 2 === 1 ? 4 : 2) * g(lo + k * step);
      return (s * step) / 3;
    };
    const inside = simpson(cut.lo, cut.hi);
    const outside = simpson(-40, cut.lo) + simpson(cut.hi, 40);
    expect(v.piOutside).toBeGreaterThanOrEqual((outside / (inside + outside)) * (1 + 1e-6));
    expect(v.piOutside).toBeLessThan(1);
  });

  it('the exit term is the exit bound of the stored drift (K, Phi, b) from this start after N steps', () => {
    const e = exitProbabilityBound({ region: [{ lo: cut.lo, hi: cut.hi }], lyapunov: ev.drift.lyapunov, b: ev.drift.b, init, steps: r.steps });
    expect(v.exit).toBe(e.exit);
    expect(v.exit).toBeGreaterThan(0);
  });

  it('tv = exit + innerTv + max(pi(K^c), pi~(K^c)) rounded up by at most two ulps', () => {
    const sum = d(v.exit).plus(d(v.innerTv)).plus(d(Math.max(v.piOutside, v.piTildeOutside)));
    rel(v.tv, sum, 5e-16);
    expect(v.tv).toBeLessThan(1);
    expect(v.piOutside).not.toBe(v.piTildeOutside);
  });

  it('N = 0 is a step count (exit 0, inner KL = kl0 + bias); negative and fractional counts are refused', () => {
    const z = localisationTvBound(model, 1, init, h, 0, ev);
    expect(z.ok).toBe(true);
    if (z.ok) expect(z.value.exit).toBe(0);
    for (const n of [-1, 1.5, Number.NaN]) {
      const bad = localisationTvBound(model, 1, init, h, n, ev);
      expect(bad.ok).toBe(false);
      if (!bad.ok) expect(bad.reason).toMatch(/expected an integer >= 0/);
    }
  });

  it('refuses a mass of K whose integral underflows to 0 (no positive lower bound), by name', () => {
    const under = { ...ev, mass: { ...ev.mass, shift: -1e6 } };
    const z = localisationTvBound(model, 1, init, h, r.steps, under);
    expect(z.ok).toBe(false);
    if (!z.ok) expect(z.reason).toMatch(/no positive lower bound/);
  });

  it('pi(K^c) is clamped to 1 when the tail bound exceeds the mass of a tiny K', () => {
    const tiny = [{ lo: -0.001, hi: 0.001 }];
    const p = piOutsideUpper(model, 1, tiny, { boxes: [tiny], shift: 0, tail: { boundedTerms: [0], anchor: [0] } });
    expect(p.ok).toBe(true);
    if (p.ok) expect(p.value).toBe(1);
  });

  const reason = (x: ReturnType<typeof localisationTvBound>): string => (x.ok ? 'ok' : x.reason);

  it('the tail evidence is passed on whole: a decomposition beside bounded terms, a bad anchor are refused by name', () => {
    const dec = { ...ev, mass: { ...ev.mass, tail: { ...ev.mass.tail, decomposition: { bump: null, cover: [[{ lo: -Infinity, hi: 0 }], [{ lo: 0, hi: Infinity }]] } } } };
    expect(reason(localisationTvBound(model, 1, init, h, r.steps, dec))).toMatch(/^the tail of pi outside K: .*takes no bounded terms/);
    const anchor = { ...ev, mass: { ...ev.mass, tail: { ...ev.mass.tail, anchor: [0, 0] } } };
    expect(reason(localisationTvBound(model, 1, init, h, r.steps, anchor))).toMatch(/^the tail of pi outside K: /);
  });

  it('a start the exit bound cannot use is refused as such', () => {
    expect(reason(localisationTvBound(model, 1, { mean: 0, std: 0 }, h, r.steps, ev))).toMatch(/^exit bound: init normal/);
  });

  it('h = alpha~ / (4 L~^2) (its lower end) is accepted and the next double is refused by that check', () => {
    // A large b keeps the drift check from refusing the larger step first.
    const loose = { ...ev, drift: { ...ev.drift, b: 1 } };
    const max = vempalaWibisonoMaxStep({ dim: 1, alpha: v.alpha, smoothness: v.smoothness, kl0: v.kl0 }).lo;
    expect(max).toBeGreaterThan(r.h);
    expect(localisationTvBound(model, 1, init, point(max), r.steps, loose).ok).toBe(true);
    expect(reason(localisationTvBound(model, 1, init, { lo: max, hi: nextUp(max) }, r.steps, loose))).toMatch(/^h = .* exceeds alpha~ \/ \(4 L~\^2\)/);
  });
});
