// Every refusal of the barrier checks returns ok: false (a guard that let malformed evidence through
// would certify an entry bound for nothing). Found by mutation testing (70% before these cases).
import { describe, expect, it } from 'vitest';
import { barrierEntryBound, checkBarrierDrift, checkBarrierInit, checkBarrierUnsafe } from '../../../src/kernel/barrier/checks.js';
import type { GaussianBarrier } from '../../../src/kernel/barrier/gaussianBarrier.js';
import { driftEnclosure, driftSetup } from '../../../src/kernel/barrier/drift.js';
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

// The cases above each start from evidence that would be refused anyway; these start from evidence
// the checks ACCEPT and change one field, and each refusal must name that field (second mutation run:
// guards that were switched off still let the tests pass through a later refusal).
describe('barrier checks: one bad field of accepted evidence is refused for that field', () => {
  const K = box(-6, 6);
  const ev = { inner: K, above: [], drift: [K] };
  const p = { eta: 0.1, temperature: 1, lambda: 1, c: 1e9 };

  it('the baseline drift evidence is accepted, with its leaf count and the largest drift bound', () => {
    const one = checkBarrierDrift(QUAD, B, p, ev);
    expect(one.ok).toBe(true);
    const halves = { inner: K, above: [], drift: [box(-6, 0), box(0, 6)] };
    const two = checkBarrierDrift(QUAD, B, p, halves);
    expect(two.ok).toBe(true);
    if (!one.ok || !two.ok) return;
    expect(two.value.leaves).toBe(2);
    expect(one.value.leaves).toBe(1);
    const setup = driftSetup(QUAD, p.eta, p.temperature, B, p.lambda);
    const left = driftEnclosure(setup, box(-6, 0)).hi, right = driftEnclosure(setup, box(0, 6)).hi;
    // The value is the largest per-leaf bound, finite, not the first or the smallest.
    expect(left).not.toBe(right);
    expect(two.value.maxDrift).toBe(Math.max(left, right));
    expect(Number.isFinite(two.value.maxDrift)).toBe(true);
  });

  it('each drift parameter is refused by its own guard; lambda = 0 and c at the bound are accepted', () => {
    const cases: [Partial<typeof p>, RegExp][] = [
      [{ temperature: 0 }, /^temperature/], [{ temperature: -1 }, /^temperature/], [{ temperature: Infinity }, /^temperature/],
      [{ lambda: -1 }, /^lambda/], [{ lambda: Infinity }, /^lambda/], [{ lambda: NaN }, /^lambda/],
      [{ c: -1 }, /^c /], [{ c: Infinity }, /^c /], [{ c: NaN }, /^c /],
    ];
    for (const [bad, reason] of cases) {
      const r = checkBarrierDrift(QUAD, B, { ...p, ...bad }, ev);
      expect(r.ok, JSON.stringify(bad)).toBe(false);
      if (!r.ok) expect(r.reason, JSON.stringify(bad)).toMatch(reason);
    }
    expect(checkBarrierDrift(QUAD, B, { ...p, lambda: 0 }, ev).ok).toBe(true);
    const base = checkBarrierDrift(QUAD, B, p, ev);
    if (!base.ok) throw new Error('baseline refused');
    // c exactly at the certified drift bound is accepted, one ulp below it is not.
    expect(checkBarrierDrift(QUAD, B, { ...p, c: base.value.maxDrift }, ev).ok).toBe(true);
    const below = checkBarrierDrift(QUAD, B, { ...p, c: base.value.maxDrift * (1 - 2 ** -52) }, ev);
    expect(below.ok).toBe(false);
    if (!below.ok) expect(below.reason).toMatch(/^drift\[0\]/);
  });

  it('unbounded inner, above or drift boxes are refused by name', () => {
    const cases: [typeof ev, RegExp][] = [
      [{ ...ev, inner: box(-6, Infinity) }, /^inner\[0\]: must be bounded/],
      [{ inner: box(-6, 8), above: [box(6, Infinity)], drift: [K] } as never, /^above\[0\]: must be bounded/],
      [{ ...ev, drift: [box(-Infinity, 6)] }, /^drift\[0\]: must be bounded/],
    ];
    for (const [e, reason] of cases) {
      const r = checkBarrierDrift(QUAD, B, p, e);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason).toMatch(reason);
    }
  });

  it('more leaves than the limit are refused (a resource guard)', () => {
    const many = Array.from({ length: 400_001 }, () => box(5, 5));
    const r = checkBarrierUnsafe(B, 1, [box(4.5, 5.5)], [many]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/more than 400000 leaves/);
    const d = checkBarrierDrift(QUAD, B, p, { inner: K, above: many.slice(0, 200_001), drift: many.slice(0, 200_000) });
    expect(d.ok).toBe(false);
    if (!d.ok) expect(d.reason).toMatch(/more than 400000 leaves/);
  });

  it('unsafe: the accepted leaf count is the total over boxes', () => {
    const r = checkBarrierUnsafe(B, 1, [box(4.5, 5.5), box(4.8, 5.2)], [[box(4.5, 5), box(5, 5.5)], [box(4.8, 5.2)]]);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.leaves).toBe(3);
  });

  it('init: a non-finite coordinate anywhere in the mean is refused as such', () => {
    const B2: GaussianBarrier = { rising: [{ weight: 1e-4, center: [0, 0], variance: 1 }], bumps: [] };
    expect(checkBarrierInit(B2, [0, 0], 0.5).ok).toBe(true);
    for (const mean of [[0, NaN], [NaN, 0], [0, Infinity], [0, '1' as never]]) {
      const r = checkBarrierInit(B2, mean, 0.5);
      expect(r.ok, String(mean)).toBe(false);
      if (!r.ok) expect(r.reason).toBe('init mean: must be finite');
    }
  });

  it('entry bound: the largest step count and zero inputs are accepted; one more step is not', () => {
    expect(barrierEntryBound(0, 0, 0, 3)).toEqual({ ok: true, value: 0 });
    expect(barrierEntryBound(0.1, 1, 0, 10_000_001).ok).toBe(false);
    const big = barrierEntryBound(0, 1, 0, 10_000_000);
    expect(big.ok).toBe(true);
  });
});

describe('checkBarrierUnsafe: one bad field of accepted evidence is refused for that field', () => {
  const U = [box(4.5, 5.5)];
  const leaves = [[box(4.5, 5), box(5, 5.5)]];
  it('baseline accepted; each malformed field refused with its own reason', () => {
    expect(checkBarrierUnsafe(B, 1, U, leaves).ok).toBe(true);
    const cases: [() => ReturnType<typeof checkBarrierUnsafe>, RegExp][] = [
      [() => checkBarrierUnsafe(B, 1, 'x' as never, leaves), /^unsafe: not a list of boxes/],
      [() => checkBarrierUnsafe(B, 1, [box(4.5, Infinity)], leaves), /^unsafe\[0\]: must be bounded/],
      [() => checkBarrierUnsafe(B, 1, [[{ lo: 5.5, hi: 4.5 }]], leaves), /^unsafe\[0\]/],
      [() => checkBarrierUnsafe(B, 1, [[{ lo: 4.5, hi: 5.5 }, { lo: 0, hi: 1 }]], leaves), /^unsafe\[0\]/],
      [() => checkBarrierUnsafe(B, 1, U, 'x' as never), /^unsafe: 1 boxes but no leaf lists/],
      [() => checkBarrierUnsafe(B, 1, U, [...leaves, []]), /^unsafe: 1 boxes but 2 leaf lists/],
      [() => checkBarrierUnsafe(B, 1, U, [[box(4.5, 5), box(5, Infinity)]]), /^unsafe\[0\]\.leaves\[1\]: must be bounded/],
      [() => checkBarrierUnsafe(B, 1, U, [[box(4.5, 5), [{ lo: 5.5, hi: 5 }]]]), /^unsafe\[0\]\.leaves\[1\]/],
      [() => checkBarrierUnsafe(B, 1, U, [[box(4.5, 5), box(5, 5.25)]]), /^unsafe\[0\]: /],
      [() => checkBarrierUnsafe(B, 1, [box(2, 3)], [[box(2, 3)]]), /^unsafe\[0\]\.leaves\[0\]: B >= 1 not shown/],
      [() => checkBarrierUnsafe({ rising: [], bumps: [{ weight: -1, center: [5], variance: 1 }] }, 1, U, leaves), /.+/],
      // 2-D: one bounded and one unbounded side is still unbounded (every side must be finite).
      [() => checkBarrierUnsafe({ rising: [], bumps: [{ weight: 2, center: [5, 0], variance: 1 }] }, 2, [[{ lo: 4.5, hi: 5.5 }, { lo: 0, hi: Infinity }]], [[[{ lo: 4.5, hi: 5.5 }, { lo: 0, hi: Infinity }]]]), /^unsafe\[0\]: must be bounded/],
    ];
    for (const [run, reason] of cases) {
      const r = run();
      expect(r.ok, String(reason)).toBe(false);
      if (!r.ok) expect(r.reason, String(reason)).toMatch(reason);
    }
  });
});
