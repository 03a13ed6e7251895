import { describe, expect, it } from 'vitest';
import { auditCriteria, countPointsInRegions, parseDataCsv } from '../../src/verify/audit.js';

const t = { maxTv: 0.1, delta: 0.01, horizon: null };

describe('auditCriteria', () => {
  it('pass only when every applicable criterion passes', () => {
    const r = auditCriteria({ quadrature: true, dataTv: 0.05, samplerTv: 0, etaLUpper: 0.5, relaxationTime: 1, horizon: 4 }, t);
    expect(r.verdict).toBe('pass');
    expect(r.exitCode).toBe(0);
    expect(r.criteria.map((c) => c.status)).toEqual(['pass', 'pass', 'pass', 'pass']);
  });

  it('thresholds are strict: a TV bound equal to max-tv passes, one ulp above fails', () => {
    expect(auditCriteria({ quadrature: true, dataTv: 0.1 }, t).exitCode).toBe(0);
    expect(auditCriteria({ quadrature: true, dataTv: 0.10000000000000002 }, t).exitCode).toBe(1);
    expect(auditCriteria({ quadrature: true, relaxationTime: 4, horizon: 4 }, t).exitCode).toBe(0);
    expect(auditCriteria({ quadrature: true, relaxationTime: 4.000000000000001, horizon: 4 }, t).exitCode).toBe(1);
  });

  it('stability: certified < 2 passes, a float witness >= 2 fails, otherwise inconclusive (exit 2)', () => {
    expect(auditCriteria({ quadrature: true, etaLUpper: 1.99 }, t).exitCode).toBe(0);
    expect(auditCriteria({ quadrature: true, etaLUpper: 2 }, t).exitCode).toBe(2);
    expect(auditCriteria({ quadrature: true, etaLUpper: Infinity, etaLSampled: 2 }, t).exitCode).toBe(1);
    expect(auditCriteria({ quadrature: true, etaLUpper: Infinity, etaLSampled: 1.5 }, t).exitCode).toBe(2);
  });

  it('a failure wins over inconclusive; d > 3 without failures is inconclusive; a refused mixing bracket is inconclusive', () => {
    expect(auditCriteria({ quadrature: true, etaLUpper: Infinity, samplerTv: 0.5 }, t).verdict).toBe('fail');
    expect(auditCriteria({ quadrature: false, etaLUpper: 0.1 }, t).verdict).toBe('inconclusive');
    expect(auditCriteria({ quadrature: false, etaLUpper: Infinity, etaLSampled: 3 }, t).verdict).toBe('fail');
    expect(auditCriteria({ quadrature: true, mixingRefused: 'no positive variance' }, t).exitCode).toBe(2);
  });
});

describe('data and counting', () => {
  it('parses a CSV with a header, encloses decimals exactly, counts overlapping regions independently', () => {
    const pts = parseDataCsv('x1,x2\n0.1,0\n2,2\n', 2, 'data');
    expect(pts).toHaveLength(2);
    expect(pts[0]![0]!.lo).toBeLessThan(pts[0]![0]!.hi); // 0.1 is not a double
    const right = [[{ lo: 0, hi: Infinity }, { lo: -Infinity, hi: Infinity }]];
    const square = [[{ lo: 0, hi: 1 }, { lo: -1, hi: 1 }]];
    expect(countPointsInRegions(pts, [right, square])).toEqual([2, 1]);
    expect(() => parseDataCsv('1,2,3\n', 2, 'data')).toThrow(/line 1 has 3 numbers/);
  });
});

describe('auditCriteria: every criterion named, with its status', () => {
  it('nothing applicable: four "not applicable" entries naming why; pass with quadrature, inconclusive without', () => {
    const q = auditCriteria({ quadrature: true }, t);
    expect(q.criteria).toEqual([
      { name: 'pi close to the data', status: 'not applicable', detail: 'no --data given' },
      { name: 'stable step', status: 'not applicable', detail: 'no sampling block' },
      { name: 'sampler at pi', status: 'not applicable', detail: 'no sampling block' },
      { name: 'relaxation within the horizon', status: 'not applicable', detail: 'no horizon (no sampling block and no --horizon)' },
    ]);
    expect(q.verdict).toBe('pass');
    const d4 = auditCriteria({ quadrature: false }, t);
    expect(d4.criteria.map((c) => c.detail)).toEqual(['no quadrature for d > 3', 'no sampling block', 'no quadrature for d > 3', 'no quadrature for d > 3']);
    expect(d4.verdict).toBe('inconclusive');
    expect(d4.exitCode).toBe(2);
  });

  it('a diverged sampler fails (whatever its TV); the sampler threshold is strict like the data one', () => {
    const dv = auditCriteria({ quadrature: true, samplerDiverged: 'step 7: x is not finite', samplerTv: 0 }, t);
    expect(dv.criteria.find((c) => c.name === 'sampler at pi')).toEqual({ name: 'sampler at pi', status: 'fail', detail: 'the seeded run diverged: step 7: x is not finite' });
    expect(dv.exitCode).toBe(1);
    expect(auditCriteria({ quadrature: true, samplerTv: 0.1 }, t).exitCode).toBe(0);
    expect(auditCriteria({ quadrature: true, samplerTv: 0.10000000000000002 }, t).exitCode).toBe(1);
    expect(auditCriteria({ quadrature: true, samplerTv: 0.05 }, t).criteria[2]!.detail).toBe('TV(rho_N, pi) >= 0.05000 with probability >= 0.99 (threshold 0.1)');
    expect(auditCriteria({ quadrature: true, dataTv: 0.05 }, t).criteria[0]!.detail).toBe('TV(P_data, pi) >= 0.05000 with probability >= 0.99 (threshold 0.1)');
  });

  it('a relaxation time without a horizon is not applicable (no comparison is made)', () => {
    const r = auditCriteria({ quadrature: true, relaxationTime: 100 }, t);
    expect(r.criteria[3]).toEqual({ name: 'relaxation within the horizon', status: 'not applicable', detail: 'no horizon (no sampling block and no --horizon)' });
    expect(r.verdict).toBe('pass');
    expect(auditCriteria({ quadrature: true, relaxationTime: 100, horizon: 4 }, t).criteria[3]!.status).toBe('fail');
  });
});

describe('countPointsInRegions and parseDataCsv, edge by edge', () => {
  const pt = (x: number, y: number) => [{ lo: x, hi: x }, { lo: y, hi: y }];
  it('closed boxes count their boundary; a union counts a point once; both coordinates must be inside; an enclosure straddling an edge is out', () => {
    const square = [{ lo: 0, hi: 1 }, { lo: 0, hi: 1 }];
    const right = [{ lo: 1, hi: 2 }, { lo: 0, hi: 1 }];
    const points = [pt(0, 0), pt(1, 1), pt(1, 0.5), pt(0.5, 2), pt(2, 0.5), [{ lo: 0.9999999999999999, hi: 1.0000000000000002 }, { lo: 0.5, hi: 0.5 }]];
    expect(countPointsInRegions(points, [[square]])).toEqual([3]); // (0,0), (1,1), (1,0.5) on the edges
    // (1, 0.5) lies in both boxes and counts once; the straddling enclosure lies in neither box.
    expect(countPointsInRegions(points, [[square, right]])).toEqual([4]);
    expect(countPointsInRegions(points, [[right], [square]])).toEqual([3, 3]);
  });

  it('parses numbers in every accepted form and refuses the rest', () => {
    const pts = parseDataCsv('a b\n1e-3; +2.5E+1\n.5,  -7.\n  3\t4  \n', 2, 'data');
    const want = [[0.001, 25], [0.5, -7], [3, 4]];
    expect(pts).toHaveLength(3);
    pts.forEach((p, k) => p.forEach((c, i) => expect(c.lo <= want[k]![i]! && want[k]![i]! <= c.hi && c.hi - c.lo <= 2e-19 + 1e-16 * Math.abs(want[k]![i]!)).toBe(true)));
    for (const bad of ['1,e5', '1,1.5e', '1,1e+', '1,.e1', '1,1.2.3', '1,0x10', '1,Infinity', '1,1e5x', 'x1e5,1'])
      expect(() => parseDataCsv(`x,y\n${bad}\n`, 2, 'data'), bad).toThrow(/line 2 is not 2 numbers/);
    expect(() => parseDataCsv('x,y\n1,2\nz,w\n', 2, 'data')).toThrow(/line 3 is not 2 numbers/);
    expect(() => parseDataCsv('x,y\n', 2, 'data')).toThrow(/no data points/);
    expect(() => parseDataCsv('1,2,3\n', 2, 'data')).toThrow(/line 1 has 3 numbers/);
    expect(parseDataCsv('\n\n1,2\n\n', 2, 'data')).toHaveLength(1);
    // Several digits everywhere, an unsigned exponent, separators at either end of a line.
    const many = parseDataCsv('12.25,.125\n1e5;2e-12\n1E10 -3e+10\n,7,8,\n;9;10\n', 2, 'data');
    const expected = [[12.25, 0.125], [1e5, 2e-12], [1e10, -3e10], [7, 8], [9, 10]];
    expect(many).toHaveLength(5);
    many.forEach((p, k) => p.forEach((c, i) => expect(c.lo <= expected[k]![i]! && expected[k]![i]! <= c.hi).toBe(true)));
  });
});

