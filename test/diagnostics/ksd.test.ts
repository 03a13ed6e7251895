import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { kernelSteinDiscrepancy } from '../../src/diagnostics/ksd.js';
import { createRng } from '../../src/random/rng.js';

Decimal.set({ precision: 60 });

/** The IMQ Stein kernel (c = 1, beta = -1/2) in 60 digits, straight from its definition. */
function steinKernel(x: number[], y: number[], sx: number[], sy: number[]): Decimal {
  const d = x.length;
  const b = new Decimal(-0.5);
  let r2 = new Decimal(0), ss = new Decimal(0), rs = new Decimal(0);
  for (let k = 0; k < d; k++) {
    const r = new Decimal(x[k]!).minus(y[k]!);
    r2 = r2.plus(r.pow(2));
    ss = ss.plus(new Decimal(sx[k]!).times(sy[k]!));
    rs = rs.plus(r.times(new Decimal(sy[k]!).minus(sx[k]!)));
  }
  const u = r2.plus(1);
  return ss.times(u.pow(b))
    .plus(b.times(2).times(u.pow(b.minus(1))).times(rs))
    .minus(b.times(2 * d).times(u.pow(b.minus(1))))
    .minus(b.times(4).times(b.minus(1)).times(u.pow(b.minus(2))).times(r2));
}

describe('kernelSteinDiscrepancy', () => {
  it('one point: KSD^2 = |s|^2 + d exactly (c = 1, beta = -1/2)', () => {
    expect(kernelSteinDiscrepancy(new Float64Array([0.3, -1]), new Float64Array([3, 4]), 2)).toBeCloseTo(Math.sqrt(27), 14);
  });

  it('matches a 60-digit V-statistic on three points', () => {
    const xs = [[0, 0], [1, -0.5], [-2, 0.25]];
    const ss = [[0.5, 1], [-1, 2], [0, -3]];
    let sum = new Decimal(0);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) sum = sum.plus(steinKernel(xs[i]!, xs[j]!, ss[i]!, ss[j]!));
    const expected = sum.div(9).sqrt().toNumber();
    const got = kernelSteinDiscrepancy(new Float64Array(xs.flat()), new Float64Array(ss.flat()), 2);
    expect(Math.abs(got - expected)).toBeLessThan(1e-13);
  });

  it('is small for samples of the target N(0, I) and larger for shifted samples (seeded)', () => {
    const rng = createRng(3);
    const n = 500;
    const x = new Float64Array(2 * n);
    rng.fillNormal(x);
    const score = (p: Float64Array) => p.map((v) => -v); // score of N(0, I): -x
    const onTarget = kernelSteinDiscrepancy(x, score(x), 2);
    const shifted = x.map((v) => v + 1);
    const offTarget = kernelSteinDiscrepancy(shifted, score(shifted), 2);
    expect(onTarget).toBeLessThan(0.15);
    expect(offTarget).toBeGreaterThan(3 * onTarget);
  });
});
