import { describe, expect, it } from 'vitest';
import { expSegmentLower, expSegmentUpper, gaussianMass, gaussianTailUpper } from '../../../src/kernel/integration/elementaryIntegrals.js';
import { D, expSegment, gaussianTail } from './reference.js';

describe('E(a, h) = ∫_0^h exp(-a t) dt', () => {
  const as = [0, 1e-300, -1e-300, 1e-12, -1e-12, 0.3, -0.3, 1, -1, 7.25, -7.25, 100, -100, 1e4];
  const hs = [1e-9, 0.01, 0.5, 1, 3];
  for (const a of as)
    for (const h of hs)
      it(`encloses the 120-digit value and is tight (a = ${a}, h = ${h})`, () => {
        const ref = expSegment(a, h);
        const lo = expSegmentLower(a, h), hi = expSegmentUpper(a, h);
        expect(new D(lo).lte(ref)).toBe(true);
        if (Number.isFinite(hi)) expect(ref.lte(hi)).toBe(true);
        else expect(ref.gt(1e300)).toBe(true);
        // Within 1e-13 relative: an enclosure shifted by more than its width fails one of the above.
        if (ref.gt(1e-300) && ref.lt(1e300)) expect(new D(hi).minus(lo).div(ref).toNumber()).toBeLessThan(1e-13);
      });
  it('is 0 for h = 0 and refuses negative lengths', () => {
    expect(expSegmentLower(3, 0)).toBe(0);
    expect(expSegmentUpper(-3, 0)).toBe(0);
    expect(() => expSegmentUpper(1, -1)).toThrow();
  });
});

describe('Gaussian tail bound Q(t) <= min(1/2, 1/(t sqrt(2 pi))) exp(-t^2/2)', () => {
  for (const t of [-3, 0, 1e-6, 0.5, 1, 2, 3.5, 5, 8, 12])
    it(`is an upper bound, and within the Mills factor 1 + 1/t^2 for t >= 2 (t = ${t})`, () => {
      const ref = gaussianTail(t);
      const up = gaussianTailUpper(t);
      expect(ref.lte(up)).toBe(true);
      if (t >= 2) expect(new D(up).div(ref).toNumber()).toBeLessThan((1 + 1 / (t * t)) * (1 + 1e-12));
      if (t > 0 && t < 0.8) expect(new D(up).div(ref).toNumber()).toBeLessThan(1.5);
    });
  it('is 1 for t <= 0 and 0 at infinity', () => {
    expect(gaussianTailUpper(-1)).toBe(1);
    expect(gaussianTailUpper(Infinity)).toBe(0);
  });
});

describe('gaussianMass', () => {
  for (const [m, d] of [[1, 1], [2, 2], [0.37, 3], [400, 2]] as const)
    it(`encloses (2 pi / m)^(d/2) (m = ${m}, d = ${d})`, () => {
      const ref = D.acos(-1).times(2).div(m).pow(d / 2);
      const r = gaussianMass(m, d);
      expect(new D(r.lo).lte(ref) && ref.lte(r.hi)).toBe(true);
      expect(r.hi - r.lo).toBeLessThan(1e-14 * ref.toNumber());
    });
});
