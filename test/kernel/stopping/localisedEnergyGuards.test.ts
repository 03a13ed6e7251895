// checkLocalisedEnergy's refusals, each from an ACCEPTED specification with one field changed and the
// reason matched (a refusal some later check would also make does not show that its own guard works),
// and the constants where the answer is known in closed form: f = q gives W = 0, L~ = max m_i,
// alpha~ = min m_i; f = q + k gives osc W = k exactly (W = k chi, from 0 outside K' to k on K).
import { describe, expect, it } from 'vitest';
import { checkLocalisedEnergy, localisedKl0Upper, localisedOutsideMassUpper, outerBox, type LocalisedEnergySpec } from '../../../src/kernel/stopping/localisedEnergy.js';
import { bisectionGrid } from '../../../src/certify/stopping/localisation.js';
import type { EnergyModel } from '../../../src/kernel/model.js';
import type { Box } from '../../../src/kernel/checks/cover.js';
import { D60, d60, exactDecimal } from '../intervalReference.js';
import { cutoffReference } from './cutoffReference.js';

const f: EnergyModel = { kind: 'expression', dim: 2, source: 'x1^2 + 1.5*x2^2 + 0.01*x1^4' };
const cutoff = [{ lo: -1, hi: 1, width: 0.5 }, { lo: -1, hi: 1.5, width: 0.75 }];
const spec: LocalisedEnergySpec = { cutoff, quadratic: { curvature: [2, 3], center: [0, 0] }, boxes: bisectionGrid(outerBox(cutoff), 3) };

function reason(model: EnergyModel, T: number, s: unknown): string {
  const r = checkLocalisedEnergy(model, T, s as LocalisedEnergySpec);
  return r.ok ? 'accepted' : r.reason;
}

describe('checkLocalisedEnergy: refusals from an accepted specification', () => {
  it('the specification is accepted', () => {
    expect(reason(f, 1, spec)).toBe('accepted');
  });

  it('temperature', () => {
    for (const T of [0, -1, NaN, Infinity]) expect(reason(f, T, spec)).toMatch(/^localised energy: temperature /);
  });

  it('the cut-off: one interval per axis, bounded with lo < hi, width > 0 and finite', () => {
    expect(reason(f, 1, { ...spec, cutoff: cutoff.slice(0, 1) })).toBe('localised energy: cut-off: expected 2 axes');
    expect(reason(f, 1, { ...spec, cutoff: 'K' })).toBe('localised energy: cut-off: expected 2 axes');
    const axis = (c: object) => [cutoff[0], { ...cutoff[1], ...c }];
    for (const c of [{ lo: NaN }, { lo: -Infinity }, { hi: NaN }, { hi: Infinity }, { lo: 1.5 }, { lo: 2 }]) {
      expect(reason(f, 1, { ...spec, cutoff: axis(c) }), JSON.stringify(c)).toMatch(/^localised energy: cut-off axis 1: .* is not a bounded interval$/);
    }
    for (const c of [{ width: 0 }, { width: -0.5 }, { width: NaN }, { width: Infinity }]) {
      expect(reason(f, 1, { ...spec, cutoff: axis(c) }), JSON.stringify(c)).toMatch(/^localised energy: cut-off axis 1: width .*: expected > 0$/);
    }
  });

  it('the quadratic: present, with one finite curvature > 0 and one finite centre per axis', () => {
    const expected = 'localised energy: quadratic: expected 2 curvatures and centres';
    expect(reason(f, 1, { ...spec, quadratic: undefined })).toBe(expected);
    expect(reason(f, 1, { ...spec, quadratic: { curvature: 2, center: [0, 0] } })).toBe(expected);
    expect(reason(f, 1, { ...spec, quadratic: { curvature: [2, 3], center: 0 } })).toBe(expected);
    expect(reason(f, 1, { ...spec, quadratic: { curvature: [2], center: [0, 0] } })).toBe(expected);
    expect(reason(f, 1, { ...spec, quadratic: { curvature: [2, 3], center: [0] } })).toBe(expected);
    for (const m of [0, -1, NaN, Infinity]) {
      expect(reason(f, 1, { ...spec, quadratic: { curvature: [2, m], center: [0, 0] } })).toMatch(/^localised energy: quadratic curvature\[1\] = .*: expected > 0$/);
    }
    for (const c of [NaN, Infinity, -Infinity]) {
      expect(reason(f, 1, { ...spec, quadratic: { curvature: [2, 3], center: [0, c] } })).toMatch(/^localised energy: quadratic center\[1\] = .*: expected finite$/);
    }
  });

  it('the boxes: a list, at most MAX_COVER_BOXES (50 000 passes that test), each a box, a bisection partition of K\'', () => {
    expect(reason(f, 1, { ...spec, boxes: 'all' })).toBe('localised energy: expected at most 50000 boxes');
    const one = spec.boxes[0]!;
    expect(reason(f, 1, { ...spec, boxes: new Array<Box>(50_001).fill(one) })).toBe('localised energy: expected at most 50000 boxes');
    expect(reason(f, 1, { ...spec, boxes: new Array<Box>(50_000).fill(one) })).toMatch(/^localised energy: the boxes are not a bisection partition of K'/);
    expect(reason(f, 1, { ...spec, boxes: [...spec.boxes.slice(1), [{ lo: 0, hi: 1 }]] })).toMatch(/^localised energy: boxes\[63\]: has 1 coordinates, expected 2$/);
    expect(reason(f, 1, { ...spec, boxes: spec.boxes.slice(1) })).toMatch(/^localised energy: the boxes are not a bisection partition of K': /);
    expect(reason(f, 1, { ...spec, boxes: [] })).toMatch(/^localised energy: the boxes are not a bisection partition of K': /);
  });

  it('a model that is not C^2, and one whose enclosure is unbounded on a box of K\'', () => {
    expect(reason({ kind: 'expression', dim: 2, source: 'x1^2 + x2^2 + abs(x1)' }, 1, spec)).toMatch(/^localised energy: .*abs/);
    // log(x1 + 1.4) is finite on K' = [-1.5, 1.5] x [-1.75, 2.25] except on the first column of boxes.
    expect(reason({ kind: 'expression', dim: 2, source: 'x1^2 + x2^2 + log(x1 + 1.6)' }, 1, spec)).toBe('accepted');
    expect(reason({ kind: 'expression', dim: 2, source: 'x1^2 + x2^2 + log(x1 + 1.5)' }, 1, spec)).toMatch(/^localised energy: box 0 has an unbounded enclosure$/);
    // sqrt(x1 + 1.5): W stays finite at x1 = -1.5 (sqrt is 0 there) but hess f~ does not.
    expect(reason({ kind: 'expression', dim: 2, source: 'x1^2 + x2^2 + sqrt(x1 + 1.5)' }, 1, spec)).toMatch(/^localised energy: box 0 has an unbounded enclosure$/);
    // 4e308 x1 overflows on boxes inside K while hess f~ stays diag(2, 3): only W is unbounded there, above
    // for x1 > 0 and below for x1 < 0 (the box is moved to the front: a transition box would fail on its Hessian).
    const overflow: EnergyModel = { kind: 'expression', dim: 2, source: '1e308*x1 + 1e308*x1 + 1e308*x1 + 1e308*x1 + x1^2 + 1.5*x2^2' };
    for (const lo of [0.375, -0.75]) {
      const k = spec.boxes.findIndex((b) => b[0]!.lo === lo && b[0]!.hi === lo + 0.375 && b[1]!.lo === -0.25 && b[1]!.hi === 0.25);
      expect(k).toBeGreaterThan(0);
      const boxes = [spec.boxes[k]!, ...spec.boxes.filter((_, j) => j !== k)];
      expect(reason(overflow, 1, { ...spec, boxes })).toBe('localised energy: box 0 has an unbounded enclosure');
    }
    // An expression the smoothness scan passes but the enclosure cannot compile: refused with its error, not thrown.
    expect(reason({ kind: 'expression', dim: 2, source: 'x1^2 + x2^2 + foo(x1)' }, 1, spec)).toMatch(/^localised energy: box 0 cannot be enclosed \(.*unsupported function foo\)$/);
  });
});

describe('checkLocalisedEnergy: constants in closed form', () => {
  it('f = q: W = 0 (osc 0), L~ = max m_i = 3 (not min), alpha~ = min m_i = 2 (not max)', () => {
    const q: EnergyModel = { kind: 'expression', dim: 2, source: 'x1^2 + 1.5*x2^2' };
    const r = checkLocalisedEnergy(q, 1, spec);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    // Taylor form at the box midpoints: D = f - q cancels to within a few ulps.
    expect(r.value.oscillation).toBeLessThan(1e-12);
    expect(r.value.smoothness).toBeGreaterThanOrEqual(3);
    expect(r.value.smoothness).toBeLessThan(3 + 1e-12);
    expect(r.value.alpha).toBeLessThanOrEqual(2);
    expect(r.value.alpha).toBeGreaterThan(2 * (1 - 1e-12));
  });

  it('f = q + 0.75 at T = 2: W = 0.375 chi, osc = 0.375 (0 outside K\' and on its edge, 0.375 on K), alpha~ <= 2 e^-0.375 (60 digits)', () => {
    const q: EnergyModel = { kind: 'expression', dim: 2, source: '2*x1^2 + 3*x2^2 + 0.75' };
    const r = checkLocalisedEnergy(q, 2, spec);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.oscillation).toBeGreaterThanOrEqual(0.375);
    expect(r.value.oscillation).toBeLessThan(0.375 + 1e-12);
    const alpha = new D60(2).times(d60(r.value.oscillation).neg().exp());
    expect(exactDecimal(r.value.alpha).lte(alpha)).toBe(true);
    expect(exactDecimal(r.value.alpha).gte(alpha.times(1 - 1e-14))).toBe(true);
  });
});

describe('checkLocalisedEnergy: L~ from the boxes, both signs of the spectrum', () => {
  it('f = q + 0.02 at T = 2 (D = 0.01): hess f~ = diag(2, 3) + 0.01 hess chi is positive definite, and its top eigenvalue 3 + 0.01 c_2\'\' exceeds max m_i = 3', () => {
    const r = checkLocalisedEnergy({ kind: 'expression', dim: 2, source: '2*x1^2 + 3*x2^2 + 0.02' }, 2, spec);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    // At x1 = 0 (c_1 = 1) and x2 = -1.75 + 0.75 u, u = 1/2 - sqrt(3)/6: c_2'' = 10 sqrt(3) / (3 * 0.75^2), its maximum.
    const u = new D60(0.5).minus(new D60(3).sqrt().div(6));
    const x2 = d60(-1.75).plus(u.times(0.75));
    const [, , c2] = cutoffReference(x2, cutoff[1]!);
    const top = new D60(3).plus(c2.times(0.01));
    expect(top.gt(3.1)).toBe(true);
    expect(exactDecimal(r.value.smoothness).gte(top)).toBe(true);
  });

  it('a bump D = 0.1 exp(-50 x^2) on K: f~\'\'(0) = 2 - 10 = -8, so L~ >= 8 comes from the lower end of the spectrum', () => {
    const c = [{ lo: -1, hi: 1, width: 0.5 }];
    const s1: LocalisedEnergySpec = { cutoff: c, quadratic: { curvature: [2], center: [0] }, boxes: bisectionGrid(outerBox(c), 6) };
    const r = checkLocalisedEnergy({ kind: 'expression', dim: 1, source: 'x1^2 + 0.1*exp(-50*x1^2)' }, 1, s1);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.smoothness).toBeGreaterThanOrEqual(8);
  });
});

describe('checkLocalisedEnergy: osc W from the ends of the box enclosures; K\' rounded outward', () => {
  it('D = 0.1 x1 (f = q + 0.1 x1): osc W >= 2 max 0.1 x1 c_1(x1) (60-digit samples; W is odd in x1), within 50% on 64 boxes', () => {
    const r = checkLocalisedEnergy({ kind: 'expression', dim: 2, source: 'x1^2 + 1.5*x2^2 + 0.1*x1' }, 1, spec);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    let top = new D60(0);
    for (let k = 0; k <= 3000; k++) {
      const x = d60(1).plus(new D60(k).div(6000));
      const w = x.times(cutoffReference(x, cutoff[0]!)[0]).times(d60(0.1));
      if (w.gt(top)) top = w;
    }
    expect(exactDecimal(r.value.oscillation).gte(top.times(2))).toBe(true);
    expect(r.value.oscillation).toBeLessThan(top.times(2).toNumber() * 1.5);
  });

  it('outerBox: a - w rounded down and b + w rounded up when they are not doubles (one ulp outside the exact ends)', () => {
    // 1.1 - 0.2 and 1.1 + 0.2 are not doubles (checked: the nearest doubles differ from the exact sums).
    const [k] = outerBox([{ lo: 1.1, hi: 1.1, width: 0.2 }]);
    const lo = d60(1.1).minus(d60(0.2)), hi = d60(1.1).plus(d60(0.2));
    expect(exactDecimal(1.1 - 0.2).eq(lo) || exactDecimal(1.1 + 0.2).eq(hi)).toBe(false);
    expect(exactDecimal(k!.lo).lte(lo) && exactDecimal(k!.lo).gt(lo.minus(2 ** -52))).toBe(true);
    expect(exactDecimal(k!.hi).gte(hi) && exactDecimal(k!.hi).lt(hi.plus(2 ** -51))).toBe(true);
  });
});

describe('localisedKl0Upper and localisedOutsideMassUpper in 2-d', () => {
  it('KL~_0 sums both axes (60-digit closed form, rounded up, within 1e-14)', () => {
    const q = { curvature: [2, 0.5], center: [0.25, -1] };
    const kl = localisedKl0Upper(q, { mean: 0.5, std: 1.5 }, 0.125);
    let ref = d60(0.125);
    for (let i = 0; i < 2; i++) {
      const m = d60(q.curvature[i]!), mv = m.times(new D60(2.25));
      ref = ref.plus(mv.minus(1).minus(mv.ln()).plus(m.times(d60(0.5).minus(d60(q.center[i]!)).pow(2))).div(2));
    }
    expect(exactDecimal(kl).gte(ref)).toBe(true);
    expect(exactDecimal(kl).lte(ref.times(1 + 1e-14))).toBe(true);
  });

  it('pi~(K^c) <= e^osc sum_i [Phi((a_i - c_i) sqrt m_i) + 1 - Phi((b_i - c_i) sqrt m_i)], clamped at 1', () => {
    const s: LocalisedEnergySpec = { cutoff: [{ lo: -1, hi: 2, width: 1 }, { lo: 0, hi: 3, width: 1 }], quadratic: { curvature: [1, 4], center: [0.5, 1] }, boxes: [] };
    // Axis 1: z in (-inf, -1.5] and [1.5, inf): 2 Q(1.5); axis 2: (x - 1) 2 outside [-2, 4]: Q(2) + Q(4).
    const erfc = (x: InstanceType<typeof D60>) => {
      // erfc(x) = 1 - erf(x), erf by its Taylor series (x <= 3: 150 terms are plenty at 60 digits).
      let term = x, sum = x;
      for (let n = 1; n < 200; n++) {
        term = term.times(x.pow(2)).neg().div(n);
        sum = sum.plus(term.div(2 * n + 1));
      }
      return new D60(1).minus(sum.times(2).div(D60.acos(-1).sqrt()));
    };
    const q = (z: number) => erfc(new D60(z).div(new D60(2).sqrt())).div(2);
    const total = q(1.5).times(2).plus(q(2)).plus(q(4));
    const m = localisedOutsideMassUpper(s, 0.25);
    const ref = total.times(new D60(0.25).exp());
    expect(exactDecimal(m).gte(ref)).toBe(true);
    expect(exactDecimal(m).lte(ref.times(1 + 1e-9))).toBe(true);
    expect(localisedOutsideMassUpper(s, 2)).toBe(1);
  });
});
