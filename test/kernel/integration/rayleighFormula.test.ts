// checkRayleighQuotient on hand-made brackets (point leaves with exact weights, a chosen tail bound):
// the kernel's bound against the formula of proofs/mixing-bracket.md section 2 evaluated in 50-digit
// decimals, and against R(g) of measures the bracket admits. No integration runs: each case is instant.
import { describe, expect, it } from 'vitest';
import { Decimal } from 'decimal.js';
import type { EnergyModel } from '../../../src/kernel/model.js';
import type { IntegralBracket } from '../../../src/kernel/integration/evidence.js';
import { checkRayleighQuotient, relaxationLower, ridgeRanges, MAX_RIDGE_TERMS, type RidgeTestFunction } from '../../../src/kernel/integration/rayleigh.js';

const D = Decimal.clone({ precision: 50 });
type Dec = Decimal;
const exact = (x: number): Dec => new D(x.toPrecision(100)); // every digit of the double

const model1: EnergyModel = { kind: 'expression', dim: 1, source: '0.5*x1^2' };
const model2: EnergyModel = { kind: 'expression', dim: 2, source: '0.5*(x1^2 + x2^2)' };

/** Point leaves x_k (d-vectors) with weights w_k, tail bound tau: e^s Z in [sum w, sum w + tau]. */
function bracket(model: EnergyModel, xs: number[][], ws: number[], tau: number): IntegralBracket {
  const z = ws.reduce((a, b) => a + b, 0); // small integers and halves: exact
  return {
    model, temperature: 1, shift: 0,
    boxes: xs.map((x) => x.map((v) => ({ lo: v, hi: v }))),
    leaves: ws.map((w) => ({ lo: w, hi: w })),
    tail: { upper: tau, m: 1, infW: 0, minU: 0, center: [] },
    inner: xs[0]!.map(() => ({ lo: -8, hi: 8 })),
    scaledZ: { lo: z, hi: z + tau },
    logZ: { lo: -Infinity, hi: Infinity },
  };
}

/** g - c and |grad g|^2 at x, in decimals. */
function ridgeDec(g: RidgeTestFunction, x: number[]): { h: Dec; g2: Dec } {
  let h = exact(g.center).neg();
  const grad = x.map(() => new D(0));
  for (const t of g.terms) {
    let z = exact(t.b);
    x.forEach((v, i) => { z = z.plus(exact(t.a[i]!).times(exact(v))); });
    const th = z.tanh();
    h = h.plus(exact(t.c).times(th));
    const s = exact(t.c).times(new D(1).minus(th.pow(2)));
    x.forEach((_, i) => { grad[i] = grad[i]!.plus(s.times(exact(t.a[i]!))); });
  }
  return { h, g2: grad.reduce((a, b) => a.plus(b.pow(2)), new D(0)) };
}

/** The bound of proofs/mixing-bracket.md section 2 for point leaves: (N + G tau)/Z over M2/(Z + tau) - max(|M1 -+ V tau|)^2 / Z^2. */
function formula(g: RidgeTestFunction, xs: number[][], ws: number[], tau: number): { gap: Dec; varianceLower: Dec; energyHi: Dec } {
  let m1 = new D(0), m2 = new D(0), n = new D(0), z = new D(0);
  xs.forEach((x, k) => {
    const r = ridgeDec(g, x);
    const w = exact(ws[k]!);
    m1 = m1.plus(r.h.times(w)); m2 = m2.plus(r.h.pow(2).times(w)); n = n.plus(r.g2.times(w)); z = z.plus(w);
  });
  const d = xs[0]!.length;
  let V = exact(g.center).abs();
  const gi = Array.from({ length: d }, () => new D(0));
  for (const t of g.terms) {
    V = V.plus(exact(t.c).abs());
    for (let i = 0; i < d; i++) gi[i] = gi[i]!.plus(exact(t.c).abs().times(exact(t.a[i]!).abs()));
  }
  const G = gi.reduce((a, b) => a.plus(b.pow(2)), new D(0));
  const T = exact(tau);
  const energyHi = n.plus(G.times(T)).div(z);
  const second = m2.div(z.plus(T));
  const shift = D.max(m1.minus(V.times(T)).abs(), m1.plus(V.times(T)).abs()).div(z).pow(2);
  const varianceLower = second.minus(shift);
  return { gap: energyHi.div(varianceLower), varianceLower, energyHi };
}

/** R(g) of the discrete measure sum w_k delta_{x_k} (+ an atom of mass tau with h = hAtom, |grad g|^2 = g2Atom). */
function quotient(g: RidgeTestFunction, xs: number[][], ws: number[], atom?: { mass: number; h: Dec; g2: Dec }): Dec {
  const pts = xs.map((x, k) => ({ ...ridgeDec(g, x), w: exact(ws[k]!) }));
  if (atom) pts.push({ h: atom.h, g2: atom.g2, w: exact(atom.mass) });
  const z = pts.reduce((a, p) => a.plus(p.w), new D(0));
  const mean = pts.reduce((a, p) => a.plus(p.h.times(p.w)), new D(0)).div(z);
  const variance = pts.reduce((a, p) => a.plus(p.h.minus(mean).pow(2).times(p.w)), new D(0)).div(z);
  const energy = pts.reduce((a, p) => a.plus(p.g2.times(p.w)), new D(0)).div(z);
  return energy.div(variance);
}

const xs1 = [[-1], [0], [0.5], [2]];
const ws1 = [1, 2, 1.5, 0.5];
const g1: RidgeTestFunction = { terms: [{ c: 1.3, a: [0.7], b: 0.1 }, { c: -0.4, a: [2.1], b: -0.3 }], center: 0.2 };

describe('checkRayleighQuotient against the formula in 50-digit decimals', () => {
  it('no tail: the bound is R(g) of the discrete measure itself, rounded up by at most 1e-13 relative', () => {
    const r = checkRayleighQuotient(bracket(model1, xs1, ws1, 0), g1);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const ref = quotient(g1, xs1, ws1);
    expect(new D(r.value.gapUpper).gte(ref), `${r.value.gapUpper} < ${ref}`).toBe(true);
    expect(new D(r.value.gapUpper).lte(ref.times(1 + 1e-13))).toBe(true);
    const f = formula(g1, xs1, ws1, 0);
    expect(new D(r.value.varianceLower).lte(f.varianceLower)).toBe(true);
    expect(new D(r.value.varianceLower).gte(f.varianceLower.times(1 - 1e-13))).toBe(true);
    expect(new D(r.value.energy.lo).lte(f.energyHi) && f.energyHi.lte(r.value.energy.hi)).toBe(true);
    expect(r.value.energy.hi - r.value.energy.lo).toBeLessThan(1e-14);
  });

  for (const tau of [1e-3, 0.05])
    it(`tail bound ${tau}: the bound is the formula's (within 1e-13) and above R(g) of a measure with an adversarial atom of mass tau`, () => {
      const r = checkRayleighQuotient(bracket(model1, xs1, ws1, tau), g1);
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      const f = formula(g1, xs1, ws1, tau);
      expect(new D(r.value.gapUpper).gte(f.gap)).toBe(true);
      expect(new D(r.value.gapUpper).lte(f.gap.times(1 + 1e-13))).toBe(true);
      expect(new D(r.value.energy.hi).gte(f.energyHi)).toBe(true);
      expect(new D(r.value.energy.hi).lte(f.energyHi.times(1 + 1e-13))).toBe(true);
      // Any law with these leaves plus outside mass <= tau: the bound holds for each (here the atom
      // sits at the mean of h with |grad g|^2 = G = (1.3*0.7 + 0.4*2.1)^2, the largest the tail term allows).
      const pts = xs1.map((x, k) => ({ h: ridgeDec(g1, x).h, w: exact(ws1[k]!) }));
      const z = pts.reduce((a, p) => a.plus(p.w), new D(0));
      const mean = pts.reduce((a, p) => a.plus(p.h.times(p.w)), new D(0)).div(z);
      const G = new D('1.75').pow(2);
      const withAtom = quotient(g1, xs1, ws1, { mass: tau, h: mean, g2: G });
      expect(new D(r.value.gapUpper).gte(withAtom)).toBe(true);
      // ... and strictly above the no-tail bound: the tail is counted.
      const none = checkRayleighQuotient(bracket(model1, xs1, ws1, 0), g1);
      expect(none.ok && r.value.gapUpper > none.value.gapUpper).toBe(true);
    });

  for (const center of [1, -1])
    it(`centre ${center} (E g - c of either sign) with a tail: the tail widens E g - c on both sides`, () => {
      const g: RidgeTestFunction = { terms: g1.terms, center };
      const r = checkRayleighQuotient(bracket(model1, xs1, ws1, 0.02), g);
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      const f = formula(g, xs1, ws1, 0.02);
      expect(new D(r.value.gapUpper).gte(f.gap)).toBe(true);
      // Var = E(g-c)^2 - (E g - c)^2 cancels more with |c| = 1: rounding is amplified (still below 1e-10).
      expect(new D(r.value.gapUpper).lte(f.gap.times(1 + 1e-10))).toBe(true);
      expect(new D(r.value.varianceLower).lte(f.varianceLower)).toBe(true);
    });

  it('2-D, three terms, a negative centre: the formula within 1e-13', () => {
    const xs = [[-1, 0.5], [0.25, -2], [1.5, 1], [0, 0], [-0.75, -0.25]];
    const ws = [0.5, 1, 2, 3, 1.25];
    const g: RidgeTestFunction = { terms: [{ c: 0.9, a: [0.6, -0.2], b: 0.05 }, { c: 0.5, a: [0, 1.4], b: 0.3 }, { c: -0.25, a: [-1.1, 0.8], b: 0 }], center: -0.15 };
    for (const tau of [0, 0.01]) {
      const r = checkRayleighQuotient(bracket(model2, xs, ws, tau), g);
      expect(r.ok).toBe(true);
      if (!r.ok) continue;
      const f = formula(g, xs, ws, tau);
      expect(new D(r.value.gapUpper).gte(f.gap)).toBe(true);
      expect(new D(r.value.gapUpper).lte(f.gap.times(1 + 1e-13))).toBe(true);
    }
  });

  it('refuses: no positive variance lower bound once the tail is large, terms out of range, non-finite inputs', () => {
    // tau = 10 against Z = 5: the mean's uncertainty swamps the variance.
    const big = checkRayleighQuotient(bracket(model1, xs1, ws1, 10), g1);
    expect(big.ok).toBe(false);
    if (!big.ok) expect(big.reason).toMatch(/no positive lower bound on Var/);
    const b = bracket(model1, xs1, ws1, 0);
    const term = { c: 1, a: [1], b: 0 };
    expect(checkRayleighQuotient(b, { terms: Array.from({ length: MAX_RIDGE_TERMS }, () => term), center: 0 }).ok).toBe(true);
    const cases: [RidgeTestFunction, RegExp][] = [
      [{ terms: Array.from({ length: MAX_RIDGE_TERMS + 1 }, () => term), center: 0 }, /1 to 64 terms/],
      [{ terms: [], center: 0 }, /1 to 64 terms/],
      [{ terms: 'x' as never, center: 0 }, /1 to 64 terms/],
      [{ terms: [term], center: Infinity }, /centre must be a finite number/],
      [{ terms: [term], center: '0' as never }, /centre must be a finite number/],
      [{ terms: [{ c: Infinity, a: [1], b: 0 }], center: 0 }, /term 0: c and b must be finite/],
      [{ terms: [{ c: '1' as never, a: [1], b: 0 }], center: 0 }, /term 0: c and b must be finite/],
      [{ terms: [{ c: 1, a: [1], b: NaN }], center: 0 }, /term 0: c and b must be finite/],
      [{ terms: [{ c: 1, a: [1], b: '0' as never }], center: 0 }, /term 0: c and b must be finite/],
      [{ terms: [term, { c: 1, a: [Infinity], b: 0 }], center: 0 }, /term 1: a must be 1 finite numbers/],
      [{ terms: [{ c: 1, a: ['1' as never], b: 0 }], center: 0 }, /term 0: a must be 1 finite numbers/],
      [{ terms: [{ c: 1, a: 1 as never, b: 0 }], center: 0 }, /term 0: a must be 1 finite numbers/],
      [{ terms: [{ c: 1, a: [1, 0], b: 0 }], center: 0 }, /term 0: a must be 1 finite numbers/],
    ];
    // In 2-D, one coefficient of a not finite is enough to refuse.
    const b2 = bracket(model2, [[0, 0], [1, 1]], [1, 1], 0);
    const half = checkRayleighQuotient(b2, { terms: [{ c: 1, a: [1, Infinity], b: 0 }], center: 0 });
    expect(half.ok).toBe(false);
    if (!half.ok) expect(half.reason).toMatch(/term 0: a must be 2 finite numbers/);
    for (const [g, pattern] of cases) {
      const r = checkRayleighQuotient(b, g);
      expect(r.ok, JSON.stringify(g)).toBe(false);
      if (!r.ok) expect(r.reason).toMatch(pattern);
    }
    // Z without a positive lower end (named as such); an infinite tail.
    const noZ = { ...b, scaledZ: { lo: 0, hi: 5 } };
    const z0 = checkRayleighQuotient(noZ, g1);
    expect(z0.ok).toBe(false);
    if (!z0.ok) expect(z0.reason).toMatch(/no positive lower bound on Z/);
    // R(g) above the largest double: gradient^2 about 1e300 against a variance about 2.5e-21.
    const steep = checkRayleighQuotient(bracket(model1, [[0], [1e-160]], [1, 1], 0), { terms: [{ c: 1, a: [1e150], b: 0 }], center: 0 });
    expect(steep.ok).toBe(false);
    if (!steep.ok) expect(steep.reason).toMatch(/the quotient overflows/);
    const infTail = bracket(model1, xs1, ws1, Infinity);
    expect(checkRayleighQuotient(infTail, g1).ok).toBe(false);
  });
});

describe('relaxationLower', () => {
  it('1 / (T gap) rounded down, and that over eta in steps, against decimals (T, gap, eta not exact in binary)', () => {
    const gap = 0.1883, T = 0.3, eta = 0.03;
    const r = relaxationLower(gap, T, eta);
    const time = new D(1).div(exact(T).times(exact(gap)));
    expect(new D(r.time).lte(time)).toBe(true);
    expect(new D(r.time).gte(time.times(1 - 1e-15))).toBe(true);
    const steps = time.div(exact(eta));
    expect(new D(r.steps!).lte(steps)).toBe(true);
    expect(new D(r.steps!).gte(steps.times(1 - 1e-15))).toBe(true);
    expect(relaxationLower(gap, T).steps).toBeUndefined();
    expect(relaxationLower(gap, T).time).toBe(r.time);
  });
});

describe('ridgeRanges', () => {
  it('a zero coefficient ignores its coordinate, even an unbounded one; the others are enclosed', () => {
    const g: RidgeTestFunction = { terms: [{ c: 2, a: [0.5, 0], b: 0.1 }], center: 0.3 };
    const r = ridgeRanges(g, [{ lo: 0.2, hi: 0.2 }, { lo: -Infinity, hi: Infinity }]);
    const z = exact(0.5).times(exact(0.2)).plus(exact(0.1));
    const v = exact(2).times(z.tanh()).minus(exact(0.3));
    const g2 = exact(2).times(new D(1).minus(z.tanh().pow(2))).times(exact(0.5)).pow(2);
    expect(new D(r.value.lo).lte(v) && v.lte(r.value.hi) && r.value.hi - r.value.lo < 1e-14).toBe(true);
    expect(new D(r.gradSq.lo).lte(g2) && g2.lte(r.gradSq.hi) && r.gradSq.hi - r.gradSq.lo < 1e-14).toBe(true);
  });
});
