// The refusals of localisationMoments.ts one by one (each by its message), and the boundary cases the
// guards separate: variance 0 and a = b are allowed, 2 s v = 1 and 4 s h = 1 are not.
import { describe, expect, it } from 'vitest';
import { gaussianSquareMgf, truncatedStartMoment, ulaLyapunovLogRatio } from '../../../src/kernel/stopping/localisationMoments.js';
import { point } from '../../../src/kernel/interval.js';
import { D60, d60, encloses } from '../intervalReference.js';

describe('localisationMoments guards', () => {
  it('gaussianSquareMgf: s < 0 and variance < 0 refused; variance 0 is exp(s mu^2); 2 s v >= 1 named with its value', () => {
    expect(() => gaussianSquareMgf(point(1), point(1), point(-0.1))).toThrow(/^Lyapunov exponent s = \[-0.1, -0.1\]: expected >= 0/);
    expect(() => gaussianSquareMgf(point(1), point(-0.1), point(0.1))).toThrow(/^variance \[-0.1, -0.1\]: expected >= 0/);
    const e = gaussianSquareMgf(point(1.5), point(0), point(0.3));
    expect(encloses(e, d60(0.3).times(d60(1.5).pow(2)).exp())).toBe(true);
    // s = 0 is allowed: E exp(0) = 1.
    expect(encloses(gaussianSquareMgf(point(2), point(1), point(0)), new D60(1))).toBe(true);
    expect(() => gaussianSquareMgf(point(0), point(1), point(1))).toThrow(/^2 s v = 2 is not proven < 1/);
  });

  it('ulaLyapunovLogRatio refuses 4 s h = 1 exactly', () => {
    expect(() => ulaLyapunovLogRatio([point(0)], [point(0)], [0], [0.25], point(1))).toThrow(/^4 s h = 1 is not proven < 1/);
    expect(Number.isFinite(ulaLyapunovLogRatio([point(0)], [point(0)], [0], [0.25], point(0.5)).hi)).toBe(true);
  });

  it('truncatedStartMoment: a > b, sigma <= 0 and a straddling 2 s sigma^2 are refused; a = b is allowed', () => {
    expect(() => truncatedStartMoment(1, 0, 0, 1, 0.3, 0)).toThrow(/not a bounded interval/);
    expect(() => truncatedStartMoment(0, 1, 0, 0, 0.3, 0)).toThrow(/^start std 0: expected > 0/);
    expect(() => truncatedStartMoment(0, 1, 0, -1, 0.3, 0)).toThrow(/^start std -1: expected > 0/);
    // s = fl(1 / (2 sigma^2)) with sigma = 0.1: the enclosure of 2 s sigma^2 is [1 - 2^-52, 1 + 2^-52].
    expect(() => truncatedStartMoment(0, 1, 0, 0.1, 1 / (2 * 0.1 * 0.1), 0)).toThrow(/straddles 1/);
    // a = b: the whole-line moment in the first regime, 0 in the second (b - a = 0).
    const w = truncatedStartMoment(1, 1, 0, 1, 0.3, 0);
    expect(encloses({ lo: 0, hi: w }, new D60(0.4).sqrt().pow(-1))).toBe(true);
    expect(truncatedStartMoment(1, 1, 0, 1, 2, 0)).toBe(0);
  });
});
