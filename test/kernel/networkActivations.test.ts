import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sigmoidRanges, tanhRanges } from '../../src/kernel/networkActivations.js';
import { dec, outside, referenceActivation } from './networkReference.js';

const Z_STAR = 0.6584789484624083; // atanh(1/sqrt 3), where tanh'' is extreme

// Ends near the critical points, near 0, huge, tiny and infinite, plus the tanh rounding trap.
const end = fc.oneof(
  fc.double({ min: -40, max: 40, noNaN: true }),
  fc.constantFrom(0, Z_STAR, -Z_STAR, 2 * Z_STAR, -2 * Z_STAR, 0.24274782672084871, -0.24274782672084871, 1e-300, 5e-324, -5e-324, 710, -710, 1e6, -1e6),
  fc.double({ min: -1e-8, max: 1e-8, noNaN: true }),
);
const intervalArb = fc
  .tuple(end, end, fc.constantFrom('bounded', 'bounded', 'bounded', 'lower-open', 'upper-open', 'entire'), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 4, maxLength: 4 }))
  .map(([p, q, kind, ts]) => {
    let [a, b] = p <= q ? [p, q] : [q, p];
    if (kind === 'lower-open' || kind === 'entire') a = -Infinity;
    if (kind === 'upper-open' || kind === 'entire') b = Infinity;
    const clampA = Math.max(a, -60), clampB = Math.min(b, 60);
    const inside = ts.map((t) => (clampA <= clampB ? Math.min(b, Math.max(a, clampA + t * (clampB - clampA))) : a));
    for (const c of [Z_STAR, -Z_STAR, 2 * Z_STAR, -2 * Z_STAR, 0]) if (a <= c && c <= b) inside.push(c);
    inside.push(...[a, b].filter(Number.isFinite));
    return { a, b, inside };
  });

describe('fast tanh / sigmoid enclosures (60-digit reference)', () => {
  for (const [name, ranges] of [['tanh', tanhRanges], ['sigmoid', sigmoidRanges]] as const) {
    it(`${name}: value, first and second derivative at every sampled point lie in the ranges`, () => {
      fc.assert(
        fc.property(intervalArb, ({ a, b, inside }) => {
          const r = ranges(a, b);
          for (const x of inside) {
            const ref = referenceActivation(name, dec(x));
            const bad = [outside('value', ref.v, r.value.lo, r.value.hi), outside('d1', ref.d1, r.d1.lo, r.d1.hi), outside('d2', ref.d2, r.d2.lo, r.d2.hi)].filter(Boolean);
            if (bad.length > 0) throw new Error(`${name} on [${a}, ${b}] at ${x}: ${bad.join('; ')}`);
          }
        }),
        { numRuns: 250, seed: 21 },
      );
    });
  }

  it('tight: a point interval gets a range a few dozen ulps wide; the whole line gets the exact ranges', () => {
    const p = tanhRanges(0.3, 0.3);
    expect(p.value.hi - p.value.lo).toBeLessThan(1e-14);
    expect(p.d1.hi - p.d1.lo).toBeLessThan(1e-14);
    expect(p.d2.hi - p.d2.lo).toBeLessThan(1e-14);
    const all = tanhRanges(-Infinity, Infinity);
    expect(all.value).toEqual({ lo: -1, hi: 1 });
    expect(all.d1.lo).toBe(0);
    expect(all.d1.hi).toBe(1);
    expect(all.d2.hi).toBeCloseTo(4 / (3 * Math.sqrt(3)), 14);
    expect(all.d2.lo).toBeCloseTo(-4 / (3 * Math.sqrt(3)), 14);
    const s = sigmoidRanges(-Infinity, Infinity);
    expect(s.value).toEqual({ lo: 0, hi: 1 });
    expect(s.d1.hi).toBeCloseTo(0.25, 14);
  });

  it('keeps relative accuracy far out: sigmoid(-700) ~ 1e-304 and tanh\'(20) ~ 1.7e-17 are not widened to 0', () => {
    const s = sigmoidRanges(-700, -700);
    expect(s.value.lo).toBeGreaterThan(0);
    expect(s.value.hi / s.value.lo).toBeLessThan(1 + 1e-14);
    const t = tanhRanges(20, 20);
    expect(t.d1.lo).toBeGreaterThan(0);
    expect(t.d1.hi / t.d1.lo).toBeLessThan(1 + 1e-14);
  });
});
