import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundRange } from '../../src/kernel/branchAndBound.js';
import { objectiveEnclosure, type ScalarEnclosure } from '../../src/kernel/branchAndBoundObjective.js';
import { compileModelEnclosure } from '../../src/kernel/enclosure.js';
import type { EnergyModel } from '../../src/kernel/model.js';
import { leafBoxesOfTree, recheckLeaves } from '../../src/kernel/branchAndBoundRecheck.js';
import { exp, neg, sqr, type Interval } from '../../src/kernel/interval.js';
import { mulHi, mulLo, roundDown, roundUp, sqrHi, sqrLo } from '../../src/kernel/networkRounding.js';

// f(x, y) = x^2 - y^2 + x y - x, by its natural interval extension (sound, and loose on wide boxes).
const f = (x: number, y: number): number => x * x - y * y + x * y - x;
const fEnclosure: ScalarEnclosure = (lo, hi) => {
  const x2lo = sqrLo(lo[0]!, hi[0]!), x2hi = sqrHi(lo[0]!, hi[0]!);
  const y2lo = sqrLo(lo[1]!, hi[1]!), y2hi = sqrHi(lo[1]!, hi[1]!);
  const xylo = mulLo(lo[0]!, hi[0]!, lo[1]!, hi[1]!), xyhi = mulHi(lo[0]!, hi[0]!, lo[1]!, hi[1]!);
  return {
    lo: roundDown(roundDown(roundDown(x2lo - y2hi) + xylo) - hi[0]!),
    hi: roundUp(roundUp(roundUp(x2hi - y2lo) + xyhi) - lo[0]!),
  };
};

function sampledRange(box: Interval[], n = 400): { min: number; max: number } {
  let min = Infinity, max = -Infinity;
  for (let i = 0; i <= n; i++) for (let j = 0; j <= n; j++) {
    const v = f(box[0]!.lo + ((box[0]!.hi - box[0]!.lo) * i) / n, box[1]!.lo + ((box[1]!.hi - box[1]!.lo) * j) / n);
    min = Math.min(min, v); max = Math.max(max, v);
  }
  return { min, max };
}

const boxArb = fc
  .tuple(fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: 0.01, max: 4, noNaN: true }), fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: 0.01, max: 4, noNaN: true }))
  .map(([a, w, b, v]) => [{ lo: a, hi: a + w }, { lo: b, hi: b + v }]);

describe('boundRange', () => {
  it('encloses the true min and max, and converges to the tolerance relative to the range', () => {
    fc.assert(
      fc.property(boxArb, (box) => {
        const r = boundRange(fEnclosure, box, { tolerance: 0.02, maxBoxes: 40000 });
        const s = sampledRange(box);
        // Sound: min.lo <= min <= sampled min and max.hi >= max >= sampled max.
        expect(r.min.lo).toBeLessThanOrEqual(s.min);
        expect(r.max.hi).toBeGreaterThanOrEqual(s.max);
        expect(r.converged).toBe(true);
        // Tight: the enclosure overshoots the sampled range by at most 2% of it (plus the sampling gap).
        const range = s.max - s.min;
        const overshoot = (s.min - r.min.lo) + (r.max.hi - s.max);
        expect(overshoot).toBeLessThanOrEqual(0.02 * range + 1e-9);
      }),
      { numRuns: 25, seed: 11 },
    );
  });

  it('only the requested side is tightened', () => {
    const box = [{ lo: -2, hi: 1 }, { lo: -1, hi: 2 }];
    const both = boundRange(fEnclosure, box, { tolerance: 0.001 });
    const minOnly = boundRange(fEnclosure, box, { tolerance: 0.001, sides: 'min' });
    expect(minOnly.converged).toBe(true);
    expect(minOnly.evaluations).toBeLessThan(both.evaluations);
    expect(minOnly.min.lo).toBeLessThanOrEqual(both.min.hi);
  });

  it('stops at the work limit, still sound, and says it did not converge', () => {
    const box = [{ lo: -3, hi: 3 }, { lo: -3, hi: 3 }];
    const r = boundRange(fEnclosure, box, { tolerance: 1e-6, maxBoxes: 50 });
    expect(r.converged).toBe(false);
    expect(r.evaluations).toBeLessThanOrEqual(50);
    const s = sampledRange(box);
    expect(r.min.lo).toBeLessThanOrEqual(s.min);
    expect(r.max.hi).toBeGreaterThanOrEqual(s.max);
  });

  it('a degenerate box is a point: one evaluation, min and max both from it', () => {
    const r = boundRange(fEnclosure, [{ lo: 0.5, hi: 0.5 }, { lo: -1, hi: -1 }]);
    expect(r.converged).toBe(true);
    expect(r.leaves).toHaveLength(1);
    expect(r.min.lo).toBeLessThanOrEqual(f(0.5, -1));
    expect(r.max.hi).toBeGreaterThanOrEqual(f(0.5, -1));
    expect(r.max.hi - r.min.lo).toBeLessThan(1e-14);
  });

  it('works on unbounded boxes: exp(-x^2) on [-inf, inf] has max 1 and infimum 0', () => {
    const g: ScalarEnclosure = (lo, hi) => exp(neg(sqr({ lo: lo[0]!, hi: hi[0]! })));
    const r = boundRange(g, [{ lo: -Infinity, hi: Infinity }], { tolerance: 0.01, maxBoxes: 2000 });
    expect(r.max.lo).toBeLessThanOrEqual(1);
    expect(r.max.hi).toBeGreaterThanOrEqual(1);
    expect(r.max.hi).toBeLessThan(1.01);
    expect(r.min.lo).toBeGreaterThanOrEqual(0);
    expect(r.min.lo).toBeLessThan(0.01);
    expect(recheckLeaves(g, r).ok).toBe(true);
  });

  it('an empty or NaN enclosure is an error, never a bound', () => {
    const bad: ScalarEnclosure = () => ({ lo: 1, hi: 0 });
    expect(() => boundRange(bad, [{ lo: 0, hi: 1 }])).toThrow(/empty or NaN/);
    const nan: ScalarEnclosure = () => ({ lo: NaN, hi: 0 });
    expect(() => boundRange(nan, [{ lo: 0, hi: 1 }])).toThrow(/empty or NaN/);
  });
});

describe('leaf evidence and recheckLeaves', () => {
  const box = [{ lo: -2, hi: 1.5 }, { lo: -1, hi: 2 }];
  const r = boundRange(fEnclosure, box, { tolerance: 0.01 });

  it('the leaves tile the box (the rebuilt tree equals the stored boxes; areas add up)', () => {
    const rebuilt = leafBoxesOfTree(r.box, r.splits);
    expect(rebuilt).toEqual(r.leaves.map((l) => l.box));
    const area = r.leaves.reduce((s, l) => s + (l.box[0]!.hi - l.box[0]!.lo) * (l.box[1]!.hi - l.box[1]!.lo), 0);
    expect(area).toBeCloseTo(3.5 * 3, 9);
    const check = recheckLeaves(fEnclosure, r);
    expect(check).toMatchObject({ ok: true, leaves: r.leaves.length });
    if (check.ok) { expect(check.lower).toBe(r.min.lo); expect(check.upper).toBe(r.max.hi); }
  });

  it('survives a JSON round trip', () => {
    const back = JSON.parse(JSON.stringify({ box: r.box, splits: r.splits, leaves: r.leaves }));
    expect(recheckLeaves(fEnclosure, back).ok).toBe(true);
  });

  it('rejects a claimed lower bound above what the enclosure proves', () => {
    const leaves = r.leaves.map((l, i) => (i === 3 ? { ...l, lower: l.lower + 1e-9 } : l));
    const check = recheckLeaves(fEnclosure, { ...r, leaves });
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.reason).toMatch(/leaves\[3\]\.lower/);
  });

  it('rejects a missing leaf, an extra leaf, a moved cut, and a leaf box that differs from the tree', () => {
    expect(recheckLeaves(fEnclosure, { ...r, leaves: r.leaves.slice(1) }).ok).toBe(false);
    expect(recheckLeaves(fEnclosure, { ...r, leaves: [...r.leaves, r.leaves[0]!] }).ok).toBe(false);
    const firstSplit = r.splits.findIndex((s) => s !== null);
    const moved = r.splits.map((s, i) => (i === firstSplit && s ? ([s[0], s[1] + 0.25] as const) : s));
    expect(recheckLeaves(fEnclosure, { ...r, splits: moved }).ok).toBe(false);
    const outside = r.splits.map((s, i) => (i === firstSplit && s ? ([s[0], 99] as const) : s));
    const o = recheckLeaves(fEnclosure, { ...r, splits: outside });
    expect(o.ok).toBe(false);
    if (!o.ok) expect(o.reason).toMatch(/not a finite number inside/);
    const shrunk = r.leaves.map((l, i) => (i === 0 ? { ...l, box: [{ lo: l.box[0]!.lo, hi: l.box[0]!.hi * 0.5 }, l.box[1]!] } : l));
    expect(recheckLeaves(fEnclosure, { ...r, leaves: shrunk }).ok).toBe(false);
    expect(recheckLeaves(fEnclosure, { ...r, splits: [...r.splits, null] }).ok).toBe(false);
    expect(recheckLeaves(fEnclosure, { ...r, splits: r.splits.slice(0, -1) }).ok).toBe(false);
  });
});

describe('objectives over model enclosures', () => {
  // Test energies with known or densely sampled ranges.
  const ring: EnergyModel = { kind: 'expression', dim: 2, source: '(x1^2 + x2^2 - 1)^2 + 0.5*x2' };
  const ringF = (x: number, y: number): number => (x * x + y * y - 1) ** 2 + 0.5 * y;
  const net: EnergyModel = {
    kind: 'mlp',
    dim: 2,
    layers: [
      { inDim: 2, outDim: 6, weight: Float64Array.from({ length: 12 }, (_, i) => 1.3 * Math.sin(2.1 * i + 1)), bias: Float64Array.from({ length: 6 }, (_, i) => 0.3 * Math.cos(3 * i)), activation: 'tanh' },
      { inDim: 6, outDim: 1, weight: Float64Array.from({ length: 6 }, (_, i) => Math.cos(1.1 * i)), bias: Float64Array.of(0), activation: 'identity' },
    ],
  };
  const netF = (x: number, y: number): number => {
    if (net.kind !== 'mlp') return NaN;
    const [l0, l1] = net.layers as [typeof net.layers[0], typeof net.layers[0]];
    let s = 0;
    for (let k = 0; k < 6; k++) s += l1.weight[k]! * Math.tanh(l0.weight[2 * k]! * x + l0.weight[2 * k + 1]! * y + l0.bias[k]!);
    return s;
  };
  const box = [{ lo: -1.5, hi: 1.5 }, { lo: -1.5, hi: 1.5 }];

  for (const [name, model, f] of [['ring expression', ring, ringF], ['tanh network', net, netF]] as const) {
    it(`${name}: value bounds after branch and bound overshoot the sampled range by at most 2%`, () => {
      const r = boundRange(objectiveEnclosure(compileModelEnclosure(model), { kind: 'value' }), box, { tolerance: 0.02 });
      const s = sampledRangeOf(f, box);
      expect(r.converged).toBe(true);
      expect(r.min.lo).toBeLessThanOrEqual(s.min);
      expect(r.max.hi).toBeGreaterThanOrEqual(s.max);
      const overshoot = ((s.min - r.min.lo) + (r.max.hi - s.max)) / (s.max - s.min);
      expect(overshoot).toBeLessThanOrEqual(0.02);
      expect(recheckLeaves(objectiveEnclosure(compileModelEnclosure(model), { kind: 'value' }), r).ok).toBe(true);
    });
  }

  it('lambdaMin of a quadratic is lambda (exactly, to rounding), over any box', () => {
    const q: EnergyModel = { kind: 'quadratic', dim: 3, lambda: 0.7, center: [1, 2, 3] };
    const g = objectiveEnclosure(compileModelEnclosure(q), { kind: 'lambdaMin' }, 2);
    const r = g(Float64Array.of(-Infinity, 0, 0), Float64Array.of(Infinity, 1, 1));
    expect(r.lo).toBeLessThanOrEqual(0.35);
    expect(r.hi).toBeGreaterThanOrEqual(0.35);
    expect(r.hi - r.lo).toBeLessThan(1e-14);
  });

  it('lambdaMin of the ring energy: branch and bound finds a negative minimum and a positive maximum', () => {
    // hess = [[12x^2 + 4y^2 - 4, 8xy], [8xy, 4x^2 + 12y^2 - 4]]: at the origin -4 (twice); at (1.5, 1.5) both ~ 32 and 50.
    const g = objectiveEnclosure(compileModelEnclosure(ring), { kind: 'lambdaMin' });
    const r = boundRange(g, box, { tolerance: 0.02 });
    expect(r.min.lo).toBeLessThanOrEqual(-4);
    expect(r.min.hi).toBeGreaterThanOrEqual(-4);
    expect(r.min.lo).toBeGreaterThan(-4.5);
    expect(r.max.lo).toBeGreaterThan(0);
  });

  it('laplacianMinusGradNormSq of f = E/T contains the exact value at points', () => {
    // E = x1^2 + 3 x2^2, T = 2: lap f = 4, |grad f|^2 = x1^2 + 9 x2^2.
    const q: EnergyModel = { kind: 'expression', dim: 2, source: 'x1^2 + 3*x2^2' };
    const g = objectiveEnclosure(compileModelEnclosure(q), { kind: 'laplacianMinusGradNormSq' }, 2);
    for (const [x, y] of [[0, 0], [1, 0.5], [-0.3, 2]] as const) {
      const r = g(Float64Array.of(x, y), Float64Array.of(x, y));
      const exact = 4 - x * x - 9 * y * y;
      expect(r.lo).toBeLessThanOrEqual(exact + 1e-12);
      expect(r.hi).toBeGreaterThanOrEqual(exact - 1e-12);
      expect(r.hi - r.lo).toBeLessThan(1e-12);
    }
    expect(() => objectiveEnclosure(compileModelEnclosure(q), { kind: 'gradient', index: 2 })).toThrow(/out of range/);
  });
});

function sampledRangeOf(f: (x: number, y: number) => number, box: Interval[], n = 400): { min: number; max: number } {
  let min = Infinity, max = -Infinity;
  for (let i = 0; i <= n; i++) for (let j = 0; j <= n; j++) {
    const v = f(box[0]!.lo + ((box[0]!.hi - box[0]!.lo) * i) / n, box[1]!.lo + ((box[1]!.hi - box[1]!.lo) * j) / n);
    min = Math.min(min, v); max = Math.max(max, v);
  }
  return { min, max };
}
