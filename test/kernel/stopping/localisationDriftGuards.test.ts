// The refusals of checkLyapunovDrift one by one, from an accepted claim with one field changed and the
// reason matched; driftExcess's handling of a box that cannot be enclosed.
import { describe, expect, it } from 'vitest';
import { checkLyapunovDrift, driftExcess, invalidLyapunov } from '../../../src/kernel/stopping/localisationDrift.js';
import { bisectionGrid } from '../../../src/certify/stopping/localisation.js';
import { MAX_COVER_BOXES } from '../../../src/kernel/checks/cover.js';
import { point } from '../../../src/kernel/interval.js';
import type { EnergyModel } from '../../../src/kernel/model.js';
import { D60, d60, exactDecimal } from '../intervalReference.js';

const quartic: EnergyModel = { kind: 'expression', dim: 1, source: '0.5*x1^2 + 0.1*x1^4' };
const region = [{ lo: -3, hi: 3 }];
const lyapunov = { center: [0], s: [0.3] };
const h = point(0.01);
const boxes = bisectionGrid(region, 4);
const b = driftExcess(quartic, 1, h, lyapunov, boxes).worstExcess;
const claim = { region, boxes, lyapunov, b };
const why = (r: ReturnType<typeof checkLyapunovDrift>): string => (r.ok ? 'ok' : r.reason);

describe('checkLyapunovDrift refusals', () => {
  it('accepts the claim it starts from', () => {
    expect(checkLyapunovDrift(quartic, 1, h, claim).ok).toBe(true);
  });

  it('refuses a bad temperature and each bad step interval', () => {
    expect(why(checkLyapunovDrift(quartic, 0, h, claim))).toMatch(/^drift: temperature 0: must be a positive finite number/);
    for (const hh of [{ lo: 0, hi: 0.01 }, { lo: 0.02, hi: 0.01 }, { lo: 0.01, hi: Infinity }, { lo: Number.NaN, hi: 0.01 }]) {
      expect(why(checkLyapunovDrift(quartic, 1, hh, claim))).toMatch(/^drift: step .* is not a positive finite interval/);
    }
    expect(checkLyapunovDrift(quartic, 1, { lo: 0.01, hi: 0.01 }, claim).ok).toBe(true);
  });

  it('refuses each bad Lyapunov function, b, and box list', () => {
    expect(invalidLyapunov({ center: [0, 0], s: [1] }, 1)).toMatch(/^lyapunov center: expected 1 numbers/);
    expect(invalidLyapunov({ center: [0], s: [1, 1] }, 1)).toMatch(/^lyapunov s: expected 1 numbers/);
    expect(invalidLyapunov({ center: 'x' as never, s: [1] }, 1)).toMatch(/^lyapunov center/);
    expect(invalidLyapunov({ center: [0], s: 'x' as never }, 1)).toMatch(/^lyapunov s/);
    expect(invalidLyapunov({ center: [Number.NaN], s: [1] }, 1)).toMatch(/^lyapunov center\[0\] = NaN/);
    for (const s of [0, -1, Infinity, Number.NaN]) expect(invalidLyapunov({ center: [0], s: [s] }, 1)).toMatch(/^lyapunov s\[0\] = /);
    expect(invalidLyapunov({ center: [0, 1], s: [1, 2] }, 2)).toBeUndefined();
    expect(why(checkLyapunovDrift(quartic, 1, h, { ...claim, lyapunov: { center: [0], s: [0] } }))).toMatch(/^drift: lyapunov s\[0\]/);
    for (const bb of [-1e-300, Infinity, Number.NaN]) expect(why(checkLyapunovDrift(quartic, 1, h, { ...claim, b: bb }))).toMatch(/^drift: b = .*finite number >= 0/);
    expect(why(checkLyapunovDrift(quartic, 1, h, { ...claim, boxes: [] }))).toBe('drift: no boxes');
    expect(why(checkLyapunovDrift(quartic, 1, h, { ...claim, boxes: 'x' as never }))).toBe('drift: no boxes');
    const many = Array.from({ length: MAX_COVER_BOXES + 1 }, () => boxes[0]!);
    expect(why(checkLyapunovDrift(quartic, 1, h, { ...claim, boxes: many }))).toMatch(/^drift: expected at most/);
    expect(why(checkLyapunovDrift(quartic, 1, h, { ...claim, boxes: [[{ lo: 1, hi: 0 }], ...boxes.slice(1)] }))).toMatch(/^drift: boxes\[0\]/);
    expect(why(checkLyapunovDrift(quartic, 1, h, { ...claim, boxes: boxes.slice(1) }))).toMatch(/^drift: the boxes are not a bisection partition of K/);
    expect(why(checkLyapunovDrift(quartic, 1, h, { ...claim, b: 0 }))).toMatch(/^drift: on box \d+ E\[Phi\(X'\)\|x\] - Phi\(x\) is up to .* > b = 0/);
  });
});

describe('driftExcess', () => {
  it('a box that cannot be enclosed (4 s h >= 1) counts as Infinity and is named as the worst', () => {
    const r = driftExcess(quartic, 1, point(1), lyapunov, boxes);
    expect(r.worstExcess).toBe(Infinity);
    expect(r.worstBox).toBe(0);
  });

  it('the worst box is the one with the largest excess (the outermost for this convex energy)', () => {
    const r = driftExcess(quartic, 1, h, lyapunov, boxes);
    const each = boxes.map((bx) => driftExcess(quartic, 1, h, lyapunov, [bx]).worstExcess);
    expect(r.worstExcess).toBe(Math.max(...each));
    expect(r.worstBox).toBe(each.indexOf(Math.max(...each)));
    expect(driftExcess(quartic, 1, h, lyapunov, []).worstBox).toBe(-1);
  });

  it('each box on its own is above the decimal E[Phi(X\')|x] - Phi(x) at its points (negative drift included)', () => {
    for (const bx of boxes) {
      const own = driftExcess(quartic, 1, h, lyapunov, [bx]).worstExcess;
      for (let k = 0; k <= 20; k++) {
        const x = bx[0]!.lo + ((bx[0]!.hi - bx[0]!.lo) * k) / 20;
        const g = d60(x).plus(d60(0.4).times(d60(x).pow(3)));
        const oneMinus = new D60(1).minus(d60(0.3).times(d60(0.01)).times(4));
        const mu = d60(x).minus(d60(0.01).times(g));
        const excess = d60(0.3).times(mu.pow(2)).div(oneMinus).exp().div(oneMinus.sqrt()).minus(d60(0.3).times(d60(x).pow(2)).exp());
        expect(exactDecimal(own).gte(excess)).toBe(true);
      }
    }
  });
});
