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
