import { describe, expect, it } from 'vitest';
import { barrierEntryBound, checkBarrierDrift, checkBarrierInit, checkBarrierUnsafe } from '../../../src/kernel/barrier/checks.js';
import { driftEnclosure, driftSetup } from '../../../src/kernel/barrier/drift.js';
import type { GaussianBarrier } from '../../../src/kernel/barrier/gaussianBarrier.js';
import type { EnergyModel } from '../../../src/kernel/model.js';
import { nextDown } from '../../../src/kernel/rounding.js';
import { D, smoothedClosedForm, smoothedReference } from './reference.js';

const QUAD: EnergyModel = { kind: 'expression', dim: 1, source: '0.5*x1^2' };
// B = 1e-4 exp(x^2 / 2) + 2 exp(-(x - 5)^2 / 2): >= 1 near 5 and for |x| >= 4.3.
const B1: GaussianBarrier = { rising: [{ weight: 1e-4, center: [0], variance: 1 }], bumps: [{ weight: 2, center: [5], variance: 1 }] };
const ETA = 0.125;
const T = 1;

/** D(x) = E B(x - eta x + sqrt(2 eta T) xi) - B(x) for E = x^2 / 2, in 50 digits. */
function driftRef(x: number, quadrature = false): InstanceType<typeof D> {
  const m = new D(x).mul(1 - ETA);
  const smooth = quadrature ? smoothedReference : smoothedClosedForm;
  return smooth(B1.rising as never, B1.bumps as never, [m], 2 * ETA * T).minus(smoothedClosedForm(B1.rising as never, B1.bumps as never, [x], 0));
}

function bisection(lo: number, hi: number, n: number): { lo: number; hi: number }[][] {
  const out: { lo: number; hi: number }[][] = [];
  const rec = (a: number, b: number, depth: number): void => {
    if (depth === 0) { out.push([{ lo: a, hi: b }]); return; }
    const m = 0.5 * a + 0.5 * b;
    rec(a, m, depth - 1); rec(m, b, depth - 1);
  };
  rec(lo, hi, n);
  return out;
}

describe('barrier drift enclosure', () => {
  it('contains the 50-digit drift at points of the box, and the mean-value form is tight', () => {
    const s = driftSetup(QUAD, ETA, T, B1, 1);
    for (const [lo, hi] of [[0, 0.25], [2, 2.0625], [3.5, 3.75], [-1, -0.5]] as const) {
      const enc = driftEnclosure(s, [{ lo, hi }]);
      for (let k = 0; k <= 4; k++) {
        const x = lo + ((hi - lo) * k) / 4;
        const ref = driftRef(x, k === 2);
        expect(ref.gte(enc.lo) && ref.lte(enc.hi), `x = ${x}: ${ref} in [${enc.lo}, ${enc.hi}]`).toBe(true);
      }
    }
    // On a point box the enclosure is within a few ulps of the reference.
    const at = driftEnclosure(s, [{ lo: 2, hi: 2 }]);
    expect(Math.abs(at.hi - driftRef(2).toNumber())).toBeLessThan(1e-14);
  });

  it('checkBarrierDrift accepts c at the largest upper bound and refuses one ulp below it (a threshold inside the enclosure)', () => {
    const inner = [{ lo: -5, hi: 5 }];
    const leaves = bisection(-5, 5, 10);
    const s = driftSetup(QUAD, ETA, T, B1, 1);
    const above = leaves.filter((l) => l[0]!.lo >= 4.5 || l[0]!.hi <= -4.5);
    const drift = leaves.filter((l) => !above.includes(l));
    let max = -Infinity;
    for (const l of drift) max = Math.max(max, driftEnclosure(s, l).hi);
    const ok = checkBarrierDrift(QUAD, B1, { eta: ETA, temperature: T, lambda: 1, c: max }, { inner, above, drift });
    expect(ok.ok, ok.ok ? '' : ok.reason).toBe(true);
    const tight = checkBarrierDrift(QUAD, B1, { eta: ETA, temperature: T, lambda: 1, c: nextDown(max) }, { inner, above, drift });
    expect(tight.ok).toBe(false);
    // The true largest drift on the drift leaves (50-digit, dense) is below c and close to it.
    let trueMax = new D(-1);
    for (let k = 0; k <= 900; k++) trueMax = D.max(trueMax, driftRef(-4.5 + k / 100));
    expect(trueMax.lte(max)).toBe(true);
    expect(trueMax.toNumber()).toBeGreaterThan(0.9 * max);
  });

  it('refuses a gap in K, an above leaf with B < 1, a slab outside K with B < 1, and bad parameters', () => {
    const inner = [{ lo: -5, hi: 5 }];
    const leaves = bisection(-5, 5, 10);
    const above = leaves.filter((l) => l[0]!.lo >= 4.5 || l[0]!.hi <= -4.5);
    const drift = leaves.filter((l) => !above.includes(l));
    const p = { eta: ETA, temperature: T, lambda: 1, c: 2 };
    expect(checkBarrierDrift(QUAD, B1, p, { inner, above, drift }).ok).toBe(true);
    expect(checkBarrierDrift(QUAD, B1, p, { inner, above, drift: drift.slice(1) })).toMatchObject({ ok: false, reason: expect.stringMatching(/inner/) });
    expect(checkBarrierDrift(QUAD, B1, p, { inner, above: [...above, drift[300]!], drift: drift.filter((_, i) => i !== 300) })).toMatchObject({ ok: false, reason: expect.stringMatching(/above/) });
    const noRising: GaussianBarrier = { rising: [], bumps: B1.bumps };
    expect(checkBarrierDrift(QUAD, noRising, p, { inner, above: [], drift: leaves })).toMatchObject({ ok: false, reason: expect.stringMatching(/outside K/) });
    expect(checkBarrierDrift(QUAD, B1, { ...p, c: -1 }, { inner, above, drift }).ok).toBe(false);
    expect(checkBarrierDrift(QUAD, B1, { ...p, eta: 0 }, { inner, above, drift }).ok).toBe(false);
  });
});

describe('barrier unsafe and init checks', () => {
  it('B >= 1 on U needs a partition of each unsafe box with B >= 1 on every leaf', () => {
    const U = [[{ lo: 4.5, hi: 5.5 }]];
    const good = checkBarrierUnsafe(B1, 1, U, [bisection(4.5, 5.5, 2)]);
    expect(good.ok).toBe(true);
    expect(checkBarrierUnsafe(B1, 1, U, [bisection(4.5, 5.5, 2).slice(1)])).toMatchObject({ ok: false, reason: expect.stringMatching(/uncovered|bisection/) });
    // B(3) = 1e-4 e^{4.5} + 2 e^{-2} < 1: a U reaching 3 is refused.
    expect(checkBarrierUnsafe(B1, 1, [[{ lo: 3, hi: 5 }]], [bisection(3, 5, 3)]).ok).toBe(false);
    expect(checkBarrierUnsafe(B1, 1, [[{ lo: 4.5, hi: Infinity }]], [[[{ lo: 4.5, hi: Infinity }]]]).ok).toBe(false);
  });

  it('E B(x0) for x0 ~ N(M, S^2) contains the 50-digit quadrature; the rising variance must exceed S^2', () => {
    const r = checkBarrierInit(B1, [0.5], 0.75);
    expect(r.ok).toBe(true);
    const ref = smoothedReference(B1.rising as never, B1.bumps as never, [0.5], 0.5625);
    if (r.ok) {
      expect(ref.gte(r.value.lo) && ref.lte(r.value.hi)).toBe(true);
      expect((r.value.hi - r.value.lo) / ref.toNumber()).toBeLessThan(1e-13);
    }
    expect(checkBarrierInit(B1, [0], 1).ok).toBe(false);
    expect(checkBarrierInit(B1, [0], 0).ok).toBe(false);
  });

  it('the entry bound lambda1^N b0 + c sum lambda1^k (lambda1 = max(lambda, 1)) is an upper bound within 1e-12 of the 50-digit value', () => {
    for (const [lambda, c, b0, n] of [[1, 1e-5, 0.002, 100], [0.5, 1e-5, 0.002, 100], [1.001, 3e-6, 0.01, 1000], [1, 0.1, 0.3, 0]] as const) {
      const r = barrierEntryBound(b0, lambda, c, n);
      expect(r.ok).toBe(true);
      const l = new D(Math.max(lambda, 1));
      const sum = l.eq(1) ? new D(n) : l.pow(n).minus(1).div(l.minus(1));
      const exact = l.pow(n).mul(b0).plus(new D(c).mul(sum));
      if (r.ok) {
        expect(exact.lte(r.value)).toBe(true);
        expect(new D(r.value).minus(exact).div(exact).toNumber()).toBeLessThan(1e-12);
      }
    }
    expect(barrierEntryBound(0.1, 1, 0.01, 1.5).ok).toBe(false);
    expect(barrierEntryBound(0.1, 1, -0.01, 10).ok).toBe(false);
  });
});
