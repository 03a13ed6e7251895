// localisedOnBox over boxes of width 0.4 (not points): D = f - q is enclosed by the intersection of the
// direct difference and a second-order Taylor form at the box midpoint, and the Taylor form is what makes
// W tight where f and q share their quadratic growth. Checked against 60-digit values on a 9 x 9 grid of
// each box (every enclosure must hold them all: a Taylor form that drops or misplaces a second-order term
// excludes a corner) and, on boxes inside K (chi = 1), the width of W against the sampled range.
import { describe, expect, it } from 'vitest';
import type { Decimal } from 'decimal.js';
import { localisedOnBox, type LocalisedEnergySpec } from '../../../src/kernel/stopping/localisedEnergy.js';
import type { Interval } from '../../../src/kernel/interval.js';
import type { EnergyModel } from '../../../src/kernel/model.js';
import { D60, d60, encloses } from '../intervalReference.js';
import { cutoffReference } from './cutoffReference.js';

// f = x1^2 + 1.5 x2^2 + 0.5 x1 x2 + 0.05 x1^4, q = (x1^2 + 2 x2^2) / 2: D = x1^2/2 + x2^2/2 + x1 x2/2 + 0.05 x1^4.
const f: EnergyModel = { kind: 'expression', dim: 2, source: 'x1^2 + 1.5*x2^2 + 0.5*x1*x2 + 0.05*x1^4' };
const spec: LocalisedEnergySpec = {
  cutoff: [{ lo: -1, hi: 1, width: 0.5 }, { lo: -1, hi: 1.5, width: 0.75 }],
  quadratic: { curvature: [1, 2], center: [0, 0] },
  boxes: [],
};

/** W and hess f~ at (x1, x2) in 60 digits (hess f~ = hess q + chi hess D + grad chi grad D^T + grad D grad chi^T + D hess chi). */
function reference(x1: Decimal, x2: Decimal): { w: Decimal; h: Decimal[][] } {
  const [a, a1, a2] = cutoffReference(x1, spec.cutoff[0]!);
  const [b, b1, b2] = cutoffReference(x2, spec.cutoff[1]!);
  const k = d60(0.05);
  const D = x1.pow(2).div(2).plus(x2.pow(2).div(2)).plus(x1.times(x2).div(2)).plus(k.times(x1.pow(4)));
  const g = [x1.plus(x2.div(2)).plus(k.times(4).times(x1.pow(3))), x2.plus(x1.div(2))];
  const hD = [[new D60(1).plus(k.times(12).times(x1.pow(2))), new D60(0.5)], [new D60(0.5), new D60(1)]];
  const chi = a.times(b), c = [a1.times(b), a.times(b1)], hc = [[a2.times(b), a1.times(b1)], [a1.times(b1), a.times(b2)]];
  const hq = [[new D60(1), new D60(0)], [new D60(0), new D60(2)]];
  const h = [0, 1].map((i) => [0, 1].map((j) => hq[i]![j]!.plus(chi.times(hD[i]![j]!)).plus(c[i]!.times(g[j]!)).plus(g[i]!.times(c[j]!)).plus(D.times(hc[i]![j]!))));
  return { w: chi.times(D), h };
}

function grid(box: Interval[]): [Decimal, Decimal][] {
  const out: [Decimal, Decimal][] = [];
  for (let i = 0; i <= 8; i++) {
    for (let j = 0; j <= 8; j++) {
      out.push([d60(box[0]!.lo).plus(d60(box[0]!.hi - box[0]!.lo).times(i).div(8)), d60(box[1]!.lo).plus(d60(box[1]!.hi - box[1]!.lo).times(j).div(8))]);
    }
  }
  return out;
}

const around = (c1: number, c2: number, r: number): Interval[] => [{ lo: c1 - r, hi: c1 + r }, { lo: c2 - r, hi: c2 + r }];

describe('localisedOnBox over boxes of width 0.4 (60-digit grid)', () => {
  const inside = [around(0, 0, 0.2), around(0.6, 0.7, 0.2), around(-0.5, -0.6, 0.2)];
  const transition = [around(1.2, 0.2, 0.2), around(-0.3, 1.8, 0.2), around(-1.2, -1.3, 0.2), around(0.9, 1.4, 0.2)];

  it('W and every Hessian entry enclose the values at all 81 grid points, inside K and in the transitions', () => {
    for (const box of [...inside, ...transition]) {
      const r = localisedOnBox(f, 1, spec, box);
      for (const [x1, x2] of grid(box)) {
        const ref = reference(x1, x2);
        const at = `${x1.toString()}, ${x2.toString()}`;
        expect(encloses(r.w, ref.w), `W at ${at}`).toBe(true);
        for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) expect(encloses(r.hessian[i]![j]!, ref.h[i]![j]!), `h${i}${j} at ${at}`).toBe(true);
      }
    }
  });

  it('inside K, W = D is at most 1.5 times as wide as its sampled range (the direct difference is 2.5 times)', () => {
    for (const box of inside) {
      const r = localisedOnBox(f, 1, spec, box);
      let lo: Decimal | undefined, hi: Decimal | undefined;
      for (const [x1, x2] of grid(box)) {
        const w = reference(x1, x2).w;
        if (!lo || w.lt(lo)) lo = w;
        if (!hi || w.gt(hi)) hi = w;
      }
      const range = hi!.minus(lo!).toNumber();
      expect(r.w.hi - r.w.lo, JSON.stringify(box)).toBeLessThan(1.5 * range);
    }
  });

  it('at T = 2 every enclosure is of f / T (W halves, hess f~ = hess q + hess(f/T - q))', () => {
    const box = around(0.6, 0.7, 0.2);
    const r1 = localisedOnBox({ ...f, source: '2*(x1^2 + 1.5*x2^2 + 0.5*x1*x2 + 0.05*x1^4)' } as EnergyModel, 2, spec, box);
    for (const [x1, x2] of grid(box)) {
      const ref = reference(x1, x2);
      expect(encloses(r1.w, ref.w)).toBe(true);
      expect(encloses(r1.hessian[0]![1]!, ref.h[0]![1]!)).toBe(true);
    }
  });
});

describe('localisedOnBox: an indefinite D (the cross term of the Taylor form)', () => {
  // f = x1^2 + 1.5 x2^2 + 0.5 x1 x2 against q = x1^2 + 1.5 x2^2: D = x1 x2 / 2, negative at two corners of
  // a box around 0. delta_1^2 in place of delta_1 delta_2 would lift the lower end of W to 0.
  const g: EnergyModel = { kind: 'expression', dim: 2, source: 'x1^2 + 1.5*x2^2 + 0.5*x1*x2' };
  const s: LocalisedEnergySpec = { ...spec, quadratic: { curvature: [2, 3], center: [0, 0] } };

  it('W over [-0.2, 0.2]^2 (chi = 1) encloses x1 x2 / 2 at the grid, both corners -0.02 included, and is no wider than [-0.02, 0.02] needs', () => {
    const box = around(0, 0, 0.2);
    const r = localisedOnBox(g, 1, s, box);
    for (const [x1, x2] of grid(box)) expect(encloses(r.w, x1.times(x2).div(2)), `${x1}, ${x2}`).toBe(true);
    expect(r.w.lo).toBeLessThanOrEqual(-0.02);
    expect(r.w.hi - r.w.lo).toBeLessThan(0.04 * 1.01);
  });
});
