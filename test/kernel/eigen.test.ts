import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { symmetricEigenBounds } from '../../src/kernel/eigen.js';
import type { Interval } from '../../src/kernel/interval.js';
import { exactDecimal } from './networkReference.js';

const D = Decimal.clone({ precision: 60 });
type Dec = InstanceType<typeof D>;

/** Eigenvalues of a symmetric matrix of doubles, by cyclic Jacobi in 60-digit decimals (independent of the code under test). */
function referenceEigenvalues(m: number[][]): Dec[] {
  const n = m.length;
  const A: Dec[][] = m.map((row) => row.map((v) => exactDecimal(D, v)));
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = new D(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) off = off.plus(A[i]![j]!.abs());
    if (off.lt('1e-50')) break;
    for (let p = 0; p < n - 1; p++) for (let q = p + 1; q < n; q++) {
      const apq = A[p]![q]!;
      if (apq.isZero()) continue;
      const theta = A[q]![q]!.minus(A[p]![p]!).div(apq.times(2));
      const sign = theta.isNeg() ? -1 : 1;
      const t = new D(sign).div(theta.abs().plus(theta.times(theta).plus(1).sqrt()));
      const c = new D(1).div(t.times(t).plus(1).sqrt());
      const s = t.times(c);
      for (let k = 0; k < n; k++) {
        const akp = A[k]![p]!, akq = A[k]![q]!;
        A[k]![p] = c.times(akp).minus(s.times(akq)); A[k]![q] = s.times(akp).plus(c.times(akq));
      }
      for (let k = 0; k < n; k++) {
        const apk = A[p]![k]!, aqk = A[q]![k]!;
        A[p]![k] = c.times(apk).minus(s.times(aqk)); A[q]![k] = s.times(apk).plus(c.times(aqk));
      }
    }
  }
  return A.map((row, i) => row[i]!).sort((a, b) => a.comparedTo(b));
}

const SLACK = new D('1e-35'); // reference accuracy, far below one ulp of any bound

function within(x: Dec, iv: Interval): boolean {
  const s = SLACK.times(x.abs().plus(1));
  return x.gte(exactDecimal(D, iv.lo).minus(s)) && x.lte(exactDecimal(D, iv.hi).plus(s));
}

interface IntervalMatrixCase { H: Interval[][]; samples: number[][][] }

const entry = fc.double({ min: -10, max: 10, noNaN: true, noDefaultInfinity: true });
const radius = fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e-6, noNaN: true }), fc.double({ min: 0, max: 3, noNaN: true }));

function matrixArb(nMin: number, nMax: number): fc.Arbitrary<IntervalMatrixCase> {
  return fc.integer({ min: nMin, max: nMax }).chain((n) => {
    const m = (n * (n + 1)) / 2;
    return fc
      .record({
        mid: fc.array(entry, { minLength: m, maxLength: m }),
        rad: fc.array(radius, { minLength: m, maxLength: m }),
        picks: fc.array(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: m, maxLength: m }), { minLength: 4, maxLength: 4 }),
        corners: fc.array(fc.array(fc.boolean(), { minLength: m, maxLength: m }), { minLength: 4, maxLength: 4 }),
      })
      .map(({ mid, rad, picks, corners }) => {
        const lo: number[] = mid.map((c, k) => c - rad[k]!), hi: number[] = mid.map((c, k) => c + rad[k]!);
        const tri = (i: number, j: number): number => (i <= j ? i * n - (i * (i - 1)) / 2 + (j - i) : tri(j, i));
        const H = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => ({ lo: lo[tri(i, j)]!, hi: hi[tri(i, j)]! })));
        const sample = (f: (k: number) => number): number[][] =>
          Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => f(tri(i, j))));
        const samples = [
          ...picks.map((p) => sample((k) => Math.min(hi[k]!, Math.max(lo[k]!, lo[k]! + p[k]! * (hi[k]! - lo[k]!))))),
          ...corners.map((c) => sample((k) => (c[k] ? hi[k]! : lo[k]!))),
        ];
        return { H, samples };
      });
  });
}

describe('symmetricEigenBounds soundness (60-digit reference)', () => {
  for (const [label, nMin, nMax] of [['2x2 closed form', 2, 2], ['1x1 and 3x3 to 5x5', 1, 5]] as const) {
    it(`${label}: eigenvalues of symmetric matrices sampled inside (and at corners) lie in the bounds`, () => {
      fc.assert(
        fc.property(matrixArb(nMin, nMax), ({ H, samples }) => {
          const b = symmetricEigenBounds(H);
          for (const s of samples) {
            const ev = referenceEigenvalues(s);
            const lmin = ev[0]!, lmax = ev[ev.length - 1]!;
            if (!within(lmin, b.min)) throw new Error(`lambda_min ${lmin.toPrecision(20)} not in [${b.min.lo}, ${b.min.hi}] for ${JSON.stringify(s)}`);
            if (!within(lmax, b.max)) throw new Error(`lambda_max ${lmax.toPrecision(20)} not in [${b.max.lo}, ${b.max.hi}] for ${JSON.stringify(s)}`);
          }
        }),
        { numRuns: nMax === 2 ? 300 : 120, seed: 7 },
      );
    });
  }
});

describe('symmetricEigenBounds tightness', () => {
  it('2x2 is exact: each bound is attained (to rounding) at a corner matrix', () => {
    fc.assert(
      fc.property(matrixArb(2, 2), ({ H }) => {
        const b = symmetricEigenBounds(H);
        const a = H[0]![0]!, off = H[0]![1]!, c = H[1]![1]!;
        const mag = Math.max(Math.abs(off.lo), Math.abs(off.hi));
        const mig = off.lo <= 0 && off.hi >= 0 ? 0 : Math.min(Math.abs(off.lo), Math.abs(off.hi));
        const eig = (x: number, y: number, z: number): Dec[] => referenceEigenvalues([[x, y], [y, z]]);
        const targets: [number, Dec][] = [
          [b.min.lo, eig(a.lo, mag, c.lo)[0]!], [b.min.hi, eig(a.hi, mig, c.hi)[0]!],
          [b.max.lo, eig(a.lo, mig, c.lo)[1]!], [b.max.hi, eig(a.hi, mag, c.hi)[1]!],
        ];
        for (const [bound, exact] of targets) {
          if (exactDecimal(D, bound).minus(exact).abs().gt(exact.abs().plus(20).times(1e-13)))
            throw new Error(`bound ${bound} is not tight to the corner value ${exact.toPrecision(20)}`);
        }
      }),
      { numRuns: 300, seed: 8 },
    );
  });

  it('a point matrix (zero radius) gets bounds a few ulps wide for n = 3..6', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 6 }), fc.array(entry, { minLength: 36, maxLength: 36 }), (n, vals) => {
        const m = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => vals[Math.min(i, j) * 6 + Math.max(i, j)]!));
        const b = symmetricEigenBounds(m.map((row) => row.map((v) => ({ lo: v, hi: v }))));
        const scale = Math.max(...vals.map(Math.abs), 1);
        expect(b.min.hi - b.min.lo).toBeLessThan(1e-11 * scale);
        expect(b.max.hi - b.max.lo).toBeLessThan(1e-11 * scale);
      }),
      { numRuns: 100, seed: 9 },
    );
  });

  it('beats Gershgorin on a dense matrix with small radii (Weyl around the midpoint)', () => {
    const M = [[4, 1, 1, 1], [1, 4, 1, 1], [1, 1, 4, 1], [1, 1, 1, 4]]; // eigenvalues 3, 3, 3, 7
    const H = M.map((row) => row.map((v) => ({ lo: v - 0.01, hi: v + 0.01 })));
    const b = symmetricEigenBounds(H);
    // Gershgorin gives lambda_min >= 3.99 - 3.03 = 0.96; Weyl gives >= 3 - 0.04.
    expect(b.min.lo).toBeGreaterThan(2.95);
    expect(b.max.hi).toBeLessThan(7.05);
  });
});

describe('symmetricEigenBounds edge cases', () => {
  it('an empty or NaN entry is an error, never a pass', () => {
    expect(() => symmetricEigenBounds([[{ lo: 1, hi: 0 }]])).toThrow(/empty or NaN/);
    expect(() => symmetricEigenBounds([[{ lo: NaN, hi: 1 }, { lo: 0, hi: 0 }], [{ lo: 0, hi: 0 }, { lo: 1, hi: 1 }]])).toThrow(/empty or NaN/);
    // Disjoint (i, j) and (j, i) entries: no symmetric matrix inside.
    expect(() => symmetricEigenBounds([[{ lo: 1, hi: 1 }, { lo: 0, hi: 1 }], [{ lo: 2, hi: 3 }, { lo: 1, hi: 1 }]])).toThrow(/empty/);
  });

  it('infinite entries give sound, possibly infinite, bounds', () => {
    const b = symmetricEigenBounds([[{ lo: 1, hi: Infinity }, { lo: -1, hi: 1 }], [{ lo: -1, hi: 1 }, { lo: 2, hi: 3 }]]);
    // The smallest lambda_min is at a = 1, |b| = 1, c = 2: (3 - sqrt 5) / 2 = 0.3819660112501051...
    expect(b.min.lo).toBeLessThanOrEqual(0.381966011250105);
    expect(b.min.lo).toBeGreaterThan(0.38196601125);
    expect(b.min.hi).toBeLessThanOrEqual(3);
    expect(b.max.hi).toBe(Infinity);
    const c = symmetricEigenBounds([[{ lo: -Infinity, hi: Infinity }, { lo: 0, hi: 0 }, { lo: 0, hi: 0 }], [{ lo: 0, hi: 0 }, { lo: 1, hi: 1 }, { lo: 0, hi: 0 }], [{ lo: 0, hi: 0 }, { lo: 0, hi: 0 }, { lo: 2, hi: 2 }]]);
    expect(c.min.lo).toBe(-Infinity);
    expect(c.min.hi).toBeLessThanOrEqual(1);
    expect(c.max.lo).toBeGreaterThanOrEqual(2);
  });
});
