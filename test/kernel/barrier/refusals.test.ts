// Every refusal of the barrier checks returns ok: false (a guard that let malformed evidence through
// would certify an entry bound for nothing). Found by mutation testing (70% before these cases).
import { describe, expect, it } from 'vitest';
import { barrierEntryBound, checkBarrierDrift, checkBarrierInit, checkBarrierUnsafe } from '../../../src/kernel/barrier/checks.js';
import type { GaussianBarrier } from '../../../src/kernel/barrier/gaussianBarrier.js';
import type { EnergyModel } from '../../../src/kernel/model.js';

const QUAD: EnergyModel = { kind: 'expression', dim: 1, source: '0.5*x1^2' };
const B: GaussianBarrier = { rising: [{ weight: 1e-4, center: [0], variance: 1 }], bumps: [{ weight: 2, center: [5], variance: 1 }] };
const box = (lo: number, hi: number) => [{ lo, hi }];

describe('barrier checks refuse malformed evidence', () => {
  it('checkBarrierUnsafe: no boxes, a leaf list per box missing, unbounded or non-box leaves', () => {
    expect(checkBarrierUnsafe(B, 1, [], []).ok).toBe(false);
    expect(checkBarrierUnsafe(B, 1, [box(4.5, 5.5)], []).ok).toBe(false);
    expect(checkBarrierUnsafe(B, 1, [box(4.5, 5.5)], 'x' as never).ok).toBe(false);
    expect(checkBarrierUnsafe(B, 1, [box(4.5, 5.5)], [[box(4.5, Infinity)]]).ok).toBe(false);
    expect(checkBarrierUnsafe(B, 1, [box(4.5, 5.5)], ['x' as never]).ok).toBe(false);
    expect(checkBarrierUnsafe(B, 1, 'x' as never, []).ok).toBe(false);
  });

  it('checkBarrierDrift: bad temperature, lambda, c, step size, or boxes', () => {
    const ev = { inner: box(-10, 10), above: [], drift: [box(-10, 10)] };
    const p = { eta: 0.1, temperature: 1, lambda: 1, c: 1e9 };
    for (const bad of [{ temperature: 0 }, { temperature: NaN }, { lambda: -1 }, { lambda: Infinity }, { c: -1 }, { c: NaN }, { eta: 0 }, { eta: Infinity }])
      expect(checkBarrierDrift(QUAD, B, { ...p, ...bad }, ev).ok, JSON.stringify(bad)).toBe(false);
    expect(checkBarrierDrift(QUAD, B, p, { ...ev, drift: [box(-10, 0)] }).ok).toBe(false); // not a partition of K
    expect(checkBarrierDrift(QUAD, B, p, { ...ev, inner: box(-10, Infinity) }).ok).toBe(false);
  });

  it('checkBarrierInit: non-finite mean or std', () => {
    expect(checkBarrierInit(B, [NaN], 1).ok).toBe(false);
    expect(checkBarrierInit(B, [Infinity], 1).ok).toBe(false);
    expect(checkBarrierInit(B, [0], 0).ok).toBe(false);
    expect(checkBarrierInit(B, [0], NaN).ok).toBe(false);
    expect(checkBarrierInit({ rising: [{ weight: -1, center: [0], variance: 1 }], bumps: [] }, [0], 0.5).ok).toBe(false);
    expect(checkBarrierInit(B, [0], 0.5).ok).toBe(true);
  });

  it('barrierEntryBound: refuses bad inputs; a growing lambda overflows to a bound of infinity, never less', () => {
    expect(barrierEntryBound(0.1, 1, 0, -1).ok).toBe(false);
    expect(barrierEntryBound(0.1, 1, 0, 1.5).ok).toBe(false);
    expect(barrierEntryBound(-1, 1, 0, 3).ok).toBe(false);
    expect(barrierEntryBound(0.1, NaN, 0, 3).ok).toBe(false);
    const r = barrierEntryBound(0.1, 1e300, 0, 5);
    expect(r.ok && r.value).toBe(Infinity);
  });
});
