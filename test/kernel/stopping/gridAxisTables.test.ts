// The one-axis tables of the grid-propagation route against a 60-digit decimal reference: the mass,
// first and second moments of N(y, s^2) on a cell (closed forms through erf, summed by its Taylor series
// in decimal.js, independent of the kernel's rearranged series). The second moment feeds the per-cell
// variance of the per-cell lemma, so its enclosure must hold to the last digit.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { axisTables } from '../../../src/kernel/stopping/gridAxisTables.js';
import { exactDecimal } from '../intervalReference.js';

const D = Decimal.clone({ precision: 60 });
const PI = D.acos(-1);
const dec = (x: number): Decimal => new D(exactDecimal(x).toString());

function phi(t: Decimal): Decimal {
  return D.exp(t.times(t).neg().div(2)).div(D.sqrt(PI.times(2)));
}

function cdf(t: Decimal): Decimal {
  const x = t.div(D.sqrt(2));
  let sum = new D(0), power = x;
  for (let n = 0; n < 600; n++) {
    const term = power.div(2 * n + 1);
    sum = n % 2 === 0 ? sum.plus(term) : sum.minus(term);
    power = power.times(x).times(x).div(n + 1);
    if (n > 10 && term.abs().lt('1e-58')) break;
  }
  return new D(1).plus(sum.times(2).div(D.sqrt(PI))).div(2);
}

/** Mass and moments of N(0, s^2) on [a, b] about a: int (x - a)^k dN for k = 0, 1, 2 (by parts). */
function cellMoments(a: Decimal, b: Decimal, s: Decimal): [Decimal, Decimal, Decimal] {
  const ta = a.div(s), tb = b.div(s);
  const mass = cdf(tb).minus(cdf(ta));
  const z1 = phi(ta).minus(phi(tb)); // int z phi
  const z2 = mass.plus(ta.times(phi(ta))).minus(tb.times(phi(tb))); // int z^2 phi
  const m1 = s.times(z1).minus(a.times(mass));
  // int (x - a)^2 = s^2 z2 - 2 a s z1 + a^2 M
  const m2 = s.times(s).times(z2).minus(a.times(2).times(s).times(z1)).plus(a.times(a).times(mass));
  return [mass, m1, m2];
}

describe('axisTables against the decimal reference', () => {
  it('mass, moment and second moment of every entry within tau of the exact value', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(1 / 8, 1 / 16, 1 / 32),
        fc.constantFrom(4, 8),
        fc.constantFrom(0.03, 0.05, 0.2),
        fc.nat(),
        (w, m, h, pick) => {
          const s = Math.sqrt(2 * h);
          const K = Math.ceil((4.5 * s) / w);
          const t = axisTables(w, m, K, { lo: s, hi: s }, false);
          const span = 2 * K + 1;
          const r = pick % m, jj = ((pick >> 3) % span) - K;
          const idx = r * span + jj + K;
          // The source sits at r w / m inside cell 0; cell jj is [jj w, (jj + 1) w] (shifted by the source).
          const a = dec(jj * w).minus(dec(w).times(r).div(m)), b = a.plus(dec(w));
          const [mass, m1, m2] = cellMoments(a, b, dec(s));
          expect(mass.minus(dec(t.mass[idx]!)).abs().lte(dec(t.tauMass))).toBe(true);
          expect(m1.minus(dec(t.moment[idx]!)).abs().lte(dec(t.tauMoment))).toBe(true);
          expect(m2.minus(dec(t.second[idx]!)).abs().lte(dec(t.tauSecond))).toBe(true);
          // Resolved far below the scale of the cell variances it feeds (w^2/12 ~ 1e-4 .. 5e-3).
          expect(t.tauSecond).toBeLessThan(1e-12);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('the stored second moments of a window sum to about w^2/3 per unit mass near the centre (uniform-like cells)', () => {
    // Sanity of the scale: for w << s the law on a cell is nearly uniform, so int (x - left)^2 ~ w^2 M / 3.
    const w = 1 / 64, s = 1, K = Math.ceil(4.5 / w);
    const t = axisTables(w, 2, K, { lo: s, hi: s }, false);
    const idx = K; // r = 0, jj = 0
    expect(t.second[idx]! / (t.mass[idx]! * w * w)).toBeCloseTo(1 / 3, 3);
  });
});
