// The two-level (grouped) LSI constant (proofs/lsi-from-decomposition.md, section 5). The 1-d double
// well (x^2 - 1)^2 at T = 0.1 of the stored certificate, its blocks grouped into the two wells: the
// certified alpha is at or below a 60-digit decimal reference built from the kernel's own masses and
// constants (and within 1e-13 of it), below the generator's spectral gap (fine finite-volume
// reference), and above the ungrouped alpha; with a block of mass ~1e-176 added, the grouped alpha
// beats the ungrouped one by two orders of magnitude. The arithmetic (D_g, D_top, 1/a_g) against
// decimal references, with thresholds strictly inside the enclosures. Every refusal.
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  checkLsiFromGroupedDecomposition,
  groupLogInverseMass,
  MAX_DECOMPOSITION_GROUPS,
  MAX_GROUPED_PARTITION_BLOCKS,
  topLogInverseMass,
  type DecompositionGroup,
  type GroupedPartitionBlock,
} from '../../../src/kernel/checks/lsiGroupedDecomposition.js';
import { checkLsiFromDecomposition, decompositionLsiInverse } from '../../../src/kernel/checks/lsiDecomposition.js';
import { checkLocalPoincare, checkRestrictedDecomposition, intersectBoxes } from '../../../src/kernel/checks/poincareDecomposition.js';
import { exactDecimalString } from '../../../src/kernel/decimal.js';
import { spectralGap1d } from '../../../src/diagnostics/grid/gap1d.js';
import { chainGroup, wellBlocks, wellBracket, wellCut, wellEvidence, wellGroupedBlocks, wellGroups, wellModel, wellRegions, wellT } from './groupedWell.js';

const D = Decimal.clone({ precision: 60 });
const ex = (x: number): Decimal => new D(exactDecimalString(x));
const I = (lo: number, hi: number) => ({ lo, hi });

const check = (groups: readonly DecompositionGroup[], blocks: readonly GroupedPartitionBlock[]) =>
  checkLsiFromGroupedDecomposition(wellModel, wellT, wellBracket, wellEvidence, groups, blocks);
const refused = (groups: readonly DecompositionGroup[], blocks: readonly GroupedPartitionBlock[], reason: RegExp): void => {
  const r = check(groups, blocks);
  expect(r.ok).toBe(false);
  expect(!r.ok && r.reason).toMatch(reason);
};
const blocksCopy = (): GroupedPartitionBlock[] => wellGroupedBlocks.map((b) => ({ ...b, box: b.box.map((c) => ({ ...c })) }));

/**
 * Each `got` is an upper bound on its exact value, within 2e-15 (1 + exact), and strictly above the
 * nearest double when that double lies below the exact value (so a bound rounded to nearest fails);
 * more than 50 of the cases must be such. */
function expectTightUpperBounds(cases: readonly { got: number; exact: Decimal }[]): void {
  let below = 0;
  for (const { got, exact } of cases) {
    expect(ex(got).gte(exact)).toBe(true);
    expect(ex(got).minus(exact).lte(exact.plus(1).times(2e-15))).toBe(true);
    const nearest = exact.toNumber();
    if (ex(nearest).lt(exact)) {
      below++;
      expect(got).toBeGreaterThan(nearest);
    }
  }
  expect(below).toBeGreaterThan(50);
}

const ks = Array.from({ length: 400 }, (_, i) => i + 1);

describe('the arithmetic of the two levels, against 60-digit references', () => {
  it('D_g >= log(massHi / blockLo), within 2e-15 (1 + D), and strictly above where the nearest double lies below', () => {
    expectTightUpperBounds(ks.map((k) => {
      const hi = 0.3 + k / 1000, lo = hi * Math.exp(-k / 7);
      return { got: groupLogInverseMass(hi, lo), exact: ex(hi).div(ex(lo)).ln() };
    }));
  });

  it('D_g is never below the exact value (property), and 0 when the ratio is at most 1', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-300, max: 1, noNaN: true }), fc.double({ min: 1e-300, max: 1, noNaN: true }), (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(ex(groupLogInverseMass(hi, lo)).gte(ex(hi).div(ex(lo)).ln())).toBe(true);
      }),
      { numRuns: 1000 },
    );
    expect(groupLogInverseMass(0.5, 0.5)).toBeGreaterThanOrEqual(0);
    expect(groupLogInverseMass(0.5, 0.5)).toBeLessThan(1e-15);
    expect(groupLogInverseMass(0.25, 0.5)).toBe(0);
  });

  it('D_top >= log(1 / groupLo), strictly above where the nearest double lies below, 0 at mass 1', () => {
    expectTightUpperBounds(ks.map((k) => {
      const lo = Math.exp(-k / 11) * (1 - 1e-3);
      return { got: topLogInverseMass(lo), exact: new D(1).div(ex(lo)).ln() };
    }));
    expect(topLogInverseMass(1)).toBe(0);
  });

  it('1/a_g = c + (2 + D) C / 2 is never below the exact value, strictly above where the nearest double lies below', () => {
    expectTightUpperBounds(ks.map((k) => {
      const c = 1 + k / 7, d = k / 13, P = 10 + k / 3;
      return { got: decompositionLsiInverse(c, d, P), exact: ex(c).plus(new D(2).plus(ex(d)).times(ex(P)).div(2)) };
    }));
  });
});

describe('checkLsiFromGroupedDecomposition on the 1-d double well (T = 0.1), one group per well', () => {
  // Computed in beforeEach, not at collection or in beforeAll: a mutation run activates its mutant per
  // test (from a beforeEach hook), so a value computed earlier would never see it.
  let r: ReturnType<typeof check> = { ok: false, reason: 'not run' };
  let flat: ReturnType<typeof checkLsiFromDecomposition> = { ok: false, reason: 'not run' };
  beforeEach(() => {
    r = check(wellGroups, wellGroupedBlocks);
    flat = checkLsiFromDecomposition(wellModel, wellT, wellBracket, wellEvidence, wellBlocks);
  });

  it('certifies alpha at or below the two-level reference from its own masses and constants, within 1e-13', () => {
    expect(r.ok, r.ok ? '' : r.reason).toBe(true);
    if (!r.ok) return;
    const value = r.value;
    expect(value.groups).toHaveLength(2);
    // Level 1, per group, in decimals from the kernel's brackets (upper end of pi(S_g), lower ends of pi(B_i)).
    const inverses = r.value.groups.map((g, n) => {
      const members = wellGroupedBlocks.map((b, i) => ({ b, i })).filter(({ b }) => b.group === n);
      const pMin = Math.min(...members.map(({ i }) => value.masses[i]!.lo));
      const dg = ex(g.mass.hi).div(ex(pMin)).ln();
      expect(ex(g.logInverseMass).gte(dg)).toBe(true);
      const exact = ex(g.localInverse).plus(new D(2).plus(dg).times(ex(g.poincare)).div(2));
      expect(ex(g.inverseAlpha).gte(exact)).toBe(true);
      expect(ex(g.inverseAlpha).lte(exact.times(1 + 1e-13))).toBe(true);
      return exact;
    });
    // Level 2.
    const pTop = Math.min(...r.value.groups.map((g) => g.mass.lo));
    const dTop = new D(1).div(ex(pTop)).ln();
    const maxInverse = Decimal.max(...inverses);
    const exact = new D(1).div(maxInverse.plus(new D(2).plus(dTop).times(ex(r.value.poincare.poincare)).div(2)));
    expect(ex(r.value.alpha).lte(exact)).toBe(true);
    expect(ex(r.value.alpha).gte(exact.times(1 - 1e-13))).toBe(true);
    expect(ex(r.value.logInverseMass).gte(dTop)).toBe(true);
    expect(r.value.localInverse).toBe(Math.max(...r.value.groups.map((g) => g.inverseAlpha)));
  });

  it('the group masses bracket one half (the well is symmetric) and the restricted constants are those of the pieces A_a ∩ S_g', () => {
    if (!r.ok) throw new Error(r.reason);
    for (const g of r.value.groups) {
      expect(g.mass.lo).toBeLessThanOrEqual(0.5);
      expect(g.mass.hi).toBeGreaterThanOrEqual(0.5);
    }
    const g0 = r.value.groups[0]!;
    expect(g0.local).toHaveLength(wellGroups[0]!.sets.length);
    expect(g0.masses).toHaveLength(wellGroups[0]!.sets.length);
    expect(g0.overlaps).toHaveLength(wellGroups[0]!.edges.length);
    // The last set of group 0 (set 8) is cut at the saddle: its constant is re-derived on A_8 ∩ S_0.
    const piece = wellEvidence.pieces[8]!;
    const own = checkLocalPoincare(wellModel, wellT, { ...piece, set: intersectBoxes(piece.set, wellRegions[0]!) }, 'set 8');
    expect(own.ok && own.value.constant).toBe(g0.local[8]!.constant);
    // The block inside the cut set takes the smaller of the global and restricted constants.
    const global = r.value.poincare.local;
    expect(g0.localInverse).toBe(Math.max(...[0, 1, 2, 3, 4, 5, 6, 7].map((s) => Math.min(global[s]!.constant, g0.local[s]!.constant))));
  });

  it('is below the spectral gap of the generator (LSI(alpha) implies a gap >= alpha) and beats the ungrouped alpha', () => {
    if (!r.ok || !flat.ok) throw new Error('refused');
    const gap = spectralGap1d((x) => (x * x - 1) ** 2 / wellT, 3, 20_001);
    expect(r.value.alpha).toBeLessThan(gap);
    expect(r.value.alpha).toBeGreaterThan(4 * flat.value.alpha);
    // The global C_P now pays log(1/P_*) ~ log 2, not log(1/p_*) ~ 11.4.
    expect(r.value.logInverseMass).toBeLessThan(0.7);
    expect(flat.value.logInverseMass).toBeGreaterThan(11);
  });

  it('a block of mass ~1e-176 (x <= -2): the grouped alpha beats the ungrouped one by more than 100x', () => {
    const split = (b: { box: readonly { lo: number; hi: number }[] }, at: number) => [[I(-Infinity, at)], [I(at, b.box[0]!.hi)]];
    const [far, near] = split(wellBlocks[0]!, -2);
    const flatBlocks = [{ box: far!, set: 0 }, { box: near!, set: 0 }, ...wellBlocks.slice(1)];
    const groupedBlocks = [{ box: far!, set: 0, group: 0 }, { box: near!, set: 0, group: 0 }, ...wellGroupedBlocks.slice(1)];
    const u = checkLsiFromDecomposition(wellModel, wellT, wellBracket, wellEvidence, flatBlocks);
    const g = check(wellGroups, groupedBlocks);
    expect(u.ok && g.ok).toBe(true);
    if (!u.ok || !g.ok) return;
    expect(u.value.logInverseMass).toBeGreaterThan(400);
    expect(g.value.groups[0]!.logInverseMass).toBeGreaterThan(400);
    expect(g.value.alpha).toBeGreaterThan(100 * u.value.alpha);
  });

  it('a block in a set the group cuts takes the restricted constant when it is smaller (a group around the saddle)', () => {
    // S_1 = [lo of block 6, b] holds blocks 6 and 7; it cuts both their sets (6 below, 7 at the saddle),
    // so the quadratic bumps oscillate less on A ∩ S_1 than on A.
    const lo = wellBlocks[6]!.box[0]!.lo;
    const regions = [[I(-Infinity, lo)], [I(lo, wellCut)], wellRegions[1]!];
    const groups = [
      chainGroup(wellModel, wellT, wellBracket, wellEvidence, regions[0]!, [0, 1, 2, 3, 4, 5, 6]),
      // Set 7 first: position 0 is a cut set too (its restricted constant is the one that counts).
      chainGroup(wellModel, wellT, wellBracket, wellEvidence, regions[1]!, [7, 6]),
      wellGroups[1]!,
    ];
    const blocks = wellBlocks.map((b, i) => ({ ...b, group: i <= 5 ? 0 : i <= 7 ? 1 : 2 }));
    const x = check(groups, blocks);
    expect(x.ok, x.ok ? '' : x.reason).toBe(true);
    if (!x.ok) return;
    const g = x.value.groups[1]!;
    const global = x.value.poincare.local;
    expect(g.local[0]!.constant).toBeLessThan(global[7]!.constant);
    expect(g.local[1]!.constant).toBeLessThan(global[6]!.constant);
    expect(g.localInverse).toBe(Math.max(g.local[0]!.constant, g.local[1]!.constant));
    expect(g.localInverse).toBeLessThan(global[7]!.constant);
    // Group 0 does not name set 7: a block of set 7 there would take the global constant (none here).
    expect(x.value.groups[0]!.localInverse).toBe(Math.max(...[0, 1, 2, 3, 4, 5].map((s) => Math.min(global[s]!.constant, x.value.groups[0]!.local[s]!.constant))));
  });

  it('a block whose set its group does not name takes that set\'s global constant', () => {
    // Group 1 names sets 8..15 only (set 8 covers the saddle side); block 8 split at 0.04: its left part
    // lies inside set 7 as well and names it.
    const right = chainGroup(wellModel, wellT, wellBracket, wellEvidence, wellRegions[1]!, [8, 9, 10, 11, 12, 13, 14, 15]);
    const b8 = wellGroupedBlocks[8]!;
    const blocks = [...wellGroupedBlocks.slice(0, 8), { box: [I(b8.box[0]!.lo, 0.04)], set: 7, group: 1 }, { ...b8, box: [I(0.04, b8.box[0]!.hi)] }, ...wellGroupedBlocks.slice(9)];
    const x = check([wellGroups[0]!, right], blocks);
    expect(x.ok, x.ok ? '' : x.reason).toBe(true);
    if (!x.ok) return;
    const g = x.value.groups[1]!;
    const global = x.value.poincare.local;
    const own = [9, 10, 11, 12, 13, 14, 15].map((s) => Math.min(global[s]!.constant, g.local[s - 8]!.constant));
    expect(g.localInverse).toBe(Math.max(global[7]!.constant, Math.min(global[8]!.constant, g.local[0]!.constant), ...own));
  });

  it('a group of one set: its constant is that set\'s local constant on A ∩ S', () => {
    const edge = wellBlocks[0]!.box[0]!.hi;
    const regions = [[I(-Infinity, edge)], [I(edge, wellCut)], wellRegions[1]!];
    const groups = [
      chainGroup(wellModel, wellT, wellBracket, wellEvidence, regions[0]!, [0]),
      chainGroup(wellModel, wellT, wellBracket, wellEvidence, regions[1]!, [1, 2, 3, 4, 5, 6, 7, 8]),
      wellGroups[1]!,
    ];
    const blocks = wellBlocks.map((b, i) => ({ ...b, group: i === 0 ? 0 : i <= 7 ? 1 : 2 }));
    const x = check(groups, blocks);
    expect(x.ok, x.ok ? '' : x.reason).toBe(true);
    if (!x.ok) return;
    expect(x.value.groups[0]!.poincare).toBe(x.value.groups[0]!.local[0]!.constant);
    // One group for all of R^d is allowed too (sound, and no better than the ungrouped theorem's defect).
    const all = chainGroup(wellModel, wellT, wellBracket, wellEvidence, [I(-Infinity, Infinity)], [...Array(16).keys()]);
    const one = check([all], wellBlocks.map((b) => ({ ...b, group: 0 })));
    expect(one.ok, one.ok ? '' : one.reason).toBe(true);
    if (one.ok) expect(one.value.logInverseMass).toBeLessThan(1e-3);
  });
});

describe('checkLsiFromGroupedDecomposition refuses what it cannot prove', () => {
  const [g0, g1] = wellGroups as [DecompositionGroup, DecompositionGroup];

  it('a refused global decomposition', () => {
    const x = checkLsiFromGroupedDecomposition(wellModel, wellT, wellBracket, { ...wellEvidence, lambda2: wellEvidence.lambda2 * 1.1 }, wellGroups, wellGroupedBlocks);
    expect(x).toMatchObject({ ok: false, reason: expect.stringMatching(/^poincare: /) });
  });

  it('too few or too many groups or blocks', () => {
    refused([], wellGroupedBlocks, new RegExp(`^grouped-lsi: need 1 to ${MAX_DECOMPOSITION_GROUPS} groups$`));
    refused(Array(MAX_DECOMPOSITION_GROUPS + 1).fill(g0), wellGroupedBlocks, /need 1 to 64 groups/);
    refused('groups' as unknown as DecompositionGroup[], wellGroupedBlocks, /need 1 to 64 groups/);
    refused(wellGroups, [], new RegExp(`^grouped-lsi: need 1 to ${MAX_GROUPED_PARTITION_BLOCKS} partition blocks$`));
    refused(wellGroups, Array(MAX_GROUPED_PARTITION_BLOCKS + 1).fill(wellGroupedBlocks[0]), /need 1 to 4000 partition blocks/);
    refused(wellGroups, 'blocks' as unknown as GroupedPartitionBlock[], /need 1 to 4000 partition blocks/);
    // At the caps themselves the count is allowed: the refusal is another one.
    refused(Array.from({ length: MAX_DECOMPOSITION_GROUPS }, (_, n) => (n % 2 === 0 ? g0 : g1)), wellGroupedBlocks, /^grouped-lsi: group regions 0 and 2 overlap$/);
    refused(wellGroups, Array(MAX_GROUPED_PARTITION_BLOCKS).fill(wellGroupedBlocks[0]), /^grouped-lsi: the blocks do not cover R\^d/);
  });

  it('a malformed region, a region without interior, a gap or an overlap between regions', () => {
    refused([{ ...g0, region: [I(1, 0)] }, g1], wellGroupedBlocks, /^grouped-lsi: groups\[0\]\.region\[0\]: lo 1 > hi 0$/);
    refused([g0, { ...g1, region: [I(0, 1), I(0, 1)] }], wellGroupedBlocks, /^grouped-lsi: groups\[1\]\.region: has 2 coordinates/);
    refused([g0, g1, { ...g1, region: [I(3, 3)] }], wellGroupedBlocks, /^grouped-lsi: groups\[2\]\.region has an empty interior$/);
    refused([g0, { ...g1, region: [I(wellCut + 0.01, Infinity)] }], wellGroupedBlocks, /^grouped-lsi: the group regions do not cover R\^d \(cover: the boxes leave a gap/);
    refused([g0, { ...g1, region: [I(wellCut - 0.01, Infinity)] }], wellGroupedBlocks, /^grouped-lsi: group regions 0 and 1 overlap$/);
  });

  it('a group naming no set, a set twice, a set out of range, a set that misses the region\'s interior', () => {
    refused([{ ...g0, sets: [] }, g1], wellGroupedBlocks, /^grouped-lsi: group 0 needs 1 to 500 sets$/);
    refused([{ ...g0, sets: 'all' as unknown as number[] }, g1], wellGroupedBlocks, /^grouped-lsi: group 0 needs 1 to 500 sets$/);
    refused([{ ...g0, sets: [...g0.sets, 16] }, g1], wellGroupedBlocks, /^grouped-lsi: group 0 names set 16, not one of the 16 sets$/);
    refused([{ ...g0, sets: [...g0.sets, -1] }, g1], wellGroupedBlocks, /names set -1, not one of/);
    refused([{ ...g0, sets: [...g0.sets, 1.5] }, g1], wellGroupedBlocks, /names set 1.5, not one of/);
    refused([{ ...g0, sets: [...g0.sets, 3] }, g1], wellGroupedBlocks, /^grouped-lsi: group 0 names set 3 twice$/);
    refused([{ ...g0, sets: Array(501).fill(0) }, g1], wellGroupedBlocks, /^grouped-lsi: group 0 needs 1 to 500 sets$/);
    refused([{ ...g0, sets: Array(500).fill(0) }, g1], wellGroupedBlocks, /^grouped-lsi: group 0 names set 0 twice$/);
    refused([g0, { ...g1, sets: [...g1.sets, 0] }], wellGroupedBlocks, /^grouped-lsi: group 1: set 0 does not meet the interior of the region$/);
  });

  it('restricted sets that leave part of the region uncovered, a group chain claim raised by 10%, edges on a single set', () => {
    // Without set 0, (-inf, -0.926] of S_0 is in no set of group 0.
    const shifted = { ...g0, sets: g0.sets.slice(1), edges: g0.edges.slice(1).map(([a, b]) => [a - 1, b - 1] as const) };
    refused([shifted, g1], wellGroupedBlocks, /^grouped-lsi: group 0: the sets do not cover the region \(cover: the boxes leave a gap/);
    refused([{ ...g0, lambda2: g0.lambda2 * 1.1 }, g1], wellGroupedBlocks, /^grouped-lsi: group 0: block gap: lambda_2 >= .* is not certified/);
    refused([g0, { ...g1, edges: [[0, 0]] }], wellGroupedBlocks, /^grouped-lsi: group 1: edge \[0,0\] is not a pair i < j of sets$/);
    refused([g0, { ...g1, edges: 'chain' as unknown as [number, number][] }], wellGroupedBlocks, /^grouped-lsi: group 1: the edges are not a list of pairs$/);
    // The same guard on the global decomposition (one code path).
    expect(checkLsiFromGroupedDecomposition(wellModel, wellT, wellBracket, { ...wellEvidence, edges: 'chain' as unknown as [number, number][] }, wellGroups, wellGroupedBlocks)).toEqual({ ok: false, reason: 'poincare: the edges are not a list of pairs' });
    const edge = wellBlocks[0]!.box[0]!.hi;
    const single = { region: [I(-Infinity, edge)], sets: [0], edges: [[0, 1]] as const, beta: 0, lambda2: 1 };
    const rest = chainGroup(wellModel, wellT, wellBracket, wellEvidence, [I(edge, wellCut)], [1, 2, 3, 4, 5, 6, 7, 8]);
    refused([single, rest, g1], wellBlocks.map((b, i) => ({ ...b, group: i === 0 ? 0 : i <= 7 ? 1 : 2 })), /^grouped-lsi: group 0: a single set takes no edges$/);
  });

  it('a block naming no group or no set, outside its set, outside its group\'s region', () => {
    const b = blocksCopy();
    b[7] = { ...b[7]!, group: 1 }; // block 7 lies left of the saddle cut: not in S_1
    refused(wellGroups, b, /^grouped-lsi: partition\[7\] is not inside the region of group 1$/);
    const c = blocksCopy();
    c[3] = { ...c[3]!, group: 2 };
    refused(wellGroups, c, /^grouped-lsi: partition\[3\] names group 2, not one of the 2 groups$/);
    const c2 = blocksCopy();
    c2[3] = { ...c2[3]!, group: 0.5 };
    refused(wellGroups, c2, /names group 0.5, not one of/);
    const c3 = blocksCopy();
    c3[3] = { ...c3[3]!, group: -1 };
    refused(wellGroups, c3, /names group -1, not one of/);
    const d = blocksCopy();
    d[3] = { ...d[3]!, set: 16 };
    refused(wellGroups, d, /^grouped-lsi: partition\[3\] names set 16, not one of the 16 sets$/);
    for (const bad of [-1, 1.5]) {
      const d2 = blocksCopy();
      d2[3] = { ...d2[3]!, set: bad };
      refused(wellGroups, d2, new RegExp(`^grouped-lsi: partition\\[3\\] names set ${bad}, not one of the 16 sets$`));
    }
    // One block is a legal count (refused here for lying outside its set, not for the count).
    refused(wellGroups, [{ box: [I(-Infinity, Infinity)], set: 0, group: 0 }], /^grouped-lsi: partition\[0\] is not inside set 0$/);
    const e = blocksCopy();
    e[3] = { ...e[3]!, set: 5 };
    refused(wellGroups, e, /^grouped-lsi: partition\[3\] is not inside set 5$/);
    const f = blocksCopy();
    f[3] = { ...f[3]!, box: [I(2, 1)] };
    refused(wellGroups, f, /^grouped-lsi: partition\[3\]\[0\]: lo 2 > hi 1$/);
  });

  it('a gap or an overlap between blocks, a block whose mass is not certified positive', () => {
    const gap = blocksCopy();
    gap[3] = { ...gap[3]!, box: [I(gap[3]!.box[0]!.lo + 0.01, gap[3]!.box[0]!.hi)] };
    refused(wellGroups, gap, /^grouped-lsi: the blocks do not cover R\^d \(cover: the boxes leave a gap/);
    const overlap = blocksCopy();
    overlap[3] = { ...overlap[3]!, box: [I(overlap[3]!.box[0]!.lo - 0.01, overlap[3]!.box[0]!.hi)] };
    refused(wellGroups, overlap, /^grouped-lsi: partition blocks 2 and 3 overlap$/);
    // (-inf, -2.2]: pi ~ e^-1000, its lower bound underflows to 0.
    const hi = wellBlocks[0]!.box[0]!.hi;
    const far = [{ box: [I(-Infinity, -2.2)], set: 0, group: 0 }, { box: [I(-2.2, hi)], set: 0, group: 0 }, ...wellGroupedBlocks.slice(1)];
    refused(wellGroups, far, /^grouped-lsi: pi\(B_0\) > 0 is not certified$/);
  });

  it('checkRestrictedDecomposition refuses a set that reaches out of the region (its masses and constant would not be those of pi(. | S))', () => {
    const g0 = wellGroups[0]!;
    const region = g0.region;
    const pieces = g0.sets.map((a) => ({ ...wellEvidence.pieces[a]!, set: intersectBoxes(wellEvidence.pieces[a]!.set, region) }));
    const restricted = { pieces, edges: g0.edges, edgeScales: g0.edgeScales, beta: g0.beta, lambda2: g0.lambda2 };
    expect(checkRestrictedDecomposition(wellModel, wellT, wellBracket, restricted, region, 'group 0').ok).toBe(true);
    // The last set unrestricted: it reaches past the cut at the saddle.
    const last = pieces.length - 1;
    const outside = { ...restricted, pieces: pieces.map((p, i) => (i === last ? { ...p, set: wellEvidence.pieces[g0.sets[last]!]!.set } : p)) };
    expect(checkRestrictedDecomposition(wellModel, wellT, wellBracket, outside, region, 'group 0')).toEqual({ ok: false, reason: `group 0: set ${last} is not inside the region` });
    // The same on the lower side: group 1's first set unrestricted reaches below the cut.
    const g1 = wellGroups[1]!;
    const pieces1 = g1.sets.map((a) => ({ ...wellEvidence.pieces[a]!, set: intersectBoxes(wellEvidence.pieces[a]!.set, g1.region) }));
    const restricted1 = { pieces: pieces1, edges: g1.edges, edgeScales: g1.edgeScales, beta: g1.beta, lambda2: g1.lambda2 };
    expect(checkRestrictedDecomposition(wellModel, wellT, wellBracket, restricted1, g1.region, 'group 1').ok).toBe(true);
    const below = { ...restricted1, pieces: pieces1.map((p, i) => (i === 0 ? { ...p, set: wellEvidence.pieces[g1.sets[0]!]!.set } : p)) };
    expect(wellEvidence.pieces[g1.sets[0]!]!.set[0]!.lo).toBeLessThan(g1.region[0]!.lo);
    expect(checkRestrictedDecomposition(wellModel, wellT, wellBracket, below, g1.region, 'group 1')).toEqual({ ok: false, reason: 'group 1: set 0 is not inside the region' });
  });

  it('checkRestrictedDecomposition: a 2-d set inside the region in one coordinate and out of it in the other is refused', () => {
    // The guard runs before any mass is taken, so the (1-d) bracket is never read on this path.
    const model = { kind: 'expression' as const, dim: 2, source: 'x1^2 + x2^2' };
    const region = [I(-1, 1), I(-1, 1)];
    const piece = (set: ReturnType<typeof I>[]) => ({ set, bump: null, cover: [set] });
    const evidence = (second: ReturnType<typeof I>[]) => ({ pieces: [piece([I(-1, 0), I(-1, 1)]), piece(second)], edges: [[0, 1] as [number, number]], beta: 0, lambda2: 0.1 });
    for (const second of [[I(0, 1), I(-1, 2)], [I(0, 1), I(-2, 1)], [I(0, 2), I(-1, 1)], [I(-2, 1), I(-1, 1)]])
      expect(checkRestrictedDecomposition(model, 1, wellBracket, evidence(second), region, 'top')).toEqual({ ok: false, reason: 'top: set 1 is not inside the region' });
  });
});
