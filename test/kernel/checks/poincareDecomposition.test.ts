// The covering-decomposition Poincare bound (proofs/poincare-decomposition.md). Closed form: a
// standard Gaussian cut into two overlapping half-lines, where every quantity of the theorem is known
// (erf in 120-digit decimals); the certified constant must be at least the theorem's value with the
// exact masses (so an optimistic end of a mass bracket fails the test) and close to it. The 1-d double
// well at T = 1, 0.2, 0.1: the certified gap is below the generator's gap (fine finite-volume
// reference, independent of the kernel) and, at low T, far above Holley-Stroock. Tampered evidence
// (one hypothesis at a time) is refused.
import { spectralGap1d } from '../../../src/diagnostics/grid/gap1d.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { D, erf } from '../integration/reference.js';
import { loadEnergy } from '../../../src/energy/spec.js';
import { prepareIntegration, refineIntegral } from '../../../src/audit/integrate.js';
import { checkIntegralEvidence, type IntegralBracket } from '../../../src/kernel/integration/evidence.js';
import { checkPoincareDecomposition, type PoincareDecompositionEvidence } from '../../../src/kernel/checks/poincareDecomposition.js';
import { checkLsiDecomposition } from '../../../src/kernel/checks/lsi.js';
import { findTailDecomposition } from '../../../src/audit/tailDecomposition.js';
import { chainPatterns, floatLambda2, proposeBestSlabChain, type SlabChainProposal } from '../../../src/certify/poincareProducer.js';
import type { TailDecomposition } from '../../../src/kernel/integration/tails.js';
import type { Energy } from '../../../src/energy/types.js';

const I = (lo: number, hi: number) => ({ lo, hi });

function bracketFor(e: Energy, T: number, decomposition?: TailDecomposition): { evidence: ReturnType<typeof refineIntegral>['evidence']; bracket: IntegralBracket } {
  const prepared = prepareIntegration(e.model, T, 1e-3, undefined, decomposition);
  const { evidence } = refineIntegral(e.model, T, { tolerance: 1e-3, prepared, maxBoxes: 20_000 });
  const r = checkIntegralEvidence(e.model, T, evidence.boxes, evidence.tails, evidence.shift);
  if (!r.ok) throw new Error(r.reason);
  return { evidence, bracket: r.value };
}

describe('two overlapping half-lines for a standard Gaussian (closed form)', () => {
  const e = loadEnergy('expr:0.5*x1^2');
  let bracket: IntegralBracket;
  beforeAll(() => { bracket = bracketFor(e, 1).bracket; }, 120_000);

  for (const delta of [0.25, 1]) {
    it(`delta = ${delta}: the certified constant is >= 2 (1 + Phi(delta) / (2 Phi(delta) - 1)) and within 1e-3 of it`, () => {
      const a1 = [I(-Infinity, delta)], a2 = [I(-delta, Infinity)];
      // Exact: p = Phi(delta) for each half-line, overlap w = 2 Phi(delta) - 1, C_i = 1 (hess f = 1).
      const phi = new D(1).plus(erf(new D(delta).div(new D(2).sqrt()))).div(2);
      const w = phi.times(2).minus(1);
      const lambda2 = w.times(2).div(phi); // w (1/p + 1/p)
      const theorem = new D(2).times(new D(1).plus(new D(2).div(lambda2)));
      const q = [phi.toNumber() * (1 + 1e-4), phi.toNumber() * (1 + 1e-4)];
      const weight = w.toNumber() * (1 - 1e-4);
      const t = floatLambda2(q, [{ i: 0, j: 1, weight }]) * (1 - 1e-9);
      const evidence: PoincareDecompositionEvidence = {
        pieces: [{ set: a1, bump: null, cover: [a1] }, { set: a2, bump: null, cover: [a2] }],
        edges: [[0, 1]],
        beta: t / q[0]!,
        lambda2: t,
      };
      const r = checkPoincareDecomposition(e.model, 1, bracket, evidence);
      expect(r.ok, r.ok ? '' : r.reason).toBe(true);
      if (!r.ok) return;
      expect(r.value.multiplicity).toBe(2);
      for (const l of r.value.local) {
        expect(l.m).toBeLessThanOrEqual(1);
        expect(l.m).toBeGreaterThan(1 - 1e-12);
        expect(l.osc).toBe(0);
      }
      // Sound: not below the theorem's constant with the exact masses (nor below the truth, 1).
      expect(new D(r.value.poincare).gte(theorem)).toBe(true);
      expect(r.value.poincare).toBeGreaterThanOrEqual(1);
      // Tight: the mass brackets and shading cost at most 1e-3.
      expect(new D(r.value.poincare).lte(theorem.times(1 + 1e-3))).toBe(true);
      // The kernel takes the pessimistic ends of its mass brackets: the exact lambda_2, barely shaded, is refused.
      const exactClaim = checkPoincareDecomposition(e.model, 1, bracket, { ...evidence, lambda2: lambda2.times(1 - 1e-9).toNumber() });
      expect(exactClaim.ok).toBe(false);
      // The masses the kernel used bracket the exact ones.
      expect(new D(r.value.masses[0]!.lo).lte(phi) && new D(r.value.masses[0]!.hi).gte(phi)).toBe(true);
      expect(new D(r.value.overlaps[0]!.lo).lte(w) && new D(r.value.overlaps[0]!.hi).gte(w)).toBe(true);
    });
  }
});

describe('the 1-d double well (x^2 - 1)^2 by a chain of slabs', () => {
  const e = loadEnergy('expr:(x1^2 - 1)^2');
  const temperatures = [1, 0.2, 0.1];
  let tail: TailDecomposition;
  const found = new Map<number, SlabChainProposal & { gap: number }>();
  const holleyStroock = new Map<number, number>();

  beforeAll(() => {
    const t = findTailDecomposition(e, 1, [0], 4, 60);
    if (!t) throw new Error('no tail decomposition for the double well');
    tail = t.decomposition;
    for (const T of temperatures) {
      const { evidence } = bracketFor(e, T, tail);
      const patterns = chainPatterns(e, T, 0, [0], 3).filter((p) => p.cuts.length > 10);
      const best = proposeBestSlabChain(e, T, evidence, patterns, 60_000);
      if (!best) throw new Error(`no chain certified at T = ${T}`);
      found.set(T, best);
      const hs = checkLsiDecomposition(e.model, T, tail.bump === null ? null : { kind: 'expression', dim: 1, source: tail.bump }, tail.cover);
      holleyStroock.set(T, hs.ok ? hs.value.alpha : 0);
    }
  }, 600_000);

  it('the certified gap is at most the generator gap (finite-volume reference), and within 10^3 of it at T = 0.2, 0.1', () => {
    for (const T of temperatures) {
      const truth = spectralGap1d((x) => (x * x - 1) ** 2 / T, 3, 20_001);
      const gap = found.get(T)!.gap;
      expect(gap).toBeGreaterThan(0);
      expect(gap).toBeLessThanOrEqual(truth);
      if (T < 1) expect(gap * 1e3).toBeGreaterThan(truth);
    }
  });

  it('beats Holley-Stroock at T = 0.2 and T = 0.1, where exp(-osc W) collapses', () => {
    expect(found.get(0.2)!.gap).toBeGreaterThan(holleyStroock.get(0.2)!);
    expect(found.get(0.1)!.gap).toBeGreaterThan(100 * holleyStroock.get(0.1)!);
  });

  describe('tampered evidence at T = 0.1 is refused', () => {
    const T = 0.1;
    const run = (mutate: (e: PoincareDecompositionEvidence) => PoincareDecompositionEvidence) => {
      const p = found.get(T)!;
      return checkPoincareDecomposition(e.model, T, p.bracket, mutate(p.evidence));
    };

    it('the evidence as produced is accepted', () => {
      expect(run((e) => e).ok).toBe(true);
    });

    it('U not convex on the set: the convexifying W of a slab at the barrier removed', () => {
      const r = run((e) => {
        const k = e.pieces.findIndex((p) => p.set[0]!.lo < 0 && p.set[0]!.hi > 0);
        return { ...e, pieces: e.pieces.map((p, i) => (i === k ? { ...p, bump: null } : p)) };
      });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason).toMatch(/hess U/);
    });

    it('a set whose cover misses one sub-box', () => {
      const r = run((e) => ({ ...e, pieces: e.pieces.map((p, i) => (i === 3 ? { ...p, cover: p.cover.filter((_, k) => k !== 5) } : p)) }));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason).toMatch(/gap/);
    });

    it('a lambda_2 claim 1% too high', () => {
      const r = run((e) => ({ ...e, lambda2: e.lambda2 * 1.01 }));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason).toMatch(/lambda_2/);
    });

    it('a lambda_2 claim from the optimistic ends of the mass brackets (lower masses, upper overlaps)', () => {
      const p = found.get(T)!;
      const ok = checkPoincareDecomposition(e.model, T, p.bracket, p.evidence);
      if (!ok.ok) throw new Error(ok.reason);
      const optimistic = floatLambda2(ok.value.masses.map((m) => m.lo), p.evidence.edges.map(([i, j], n) => ({ i, j, weight: ok.value.overlaps[n]!.hi })));
      expect(optimistic).toBeGreaterThan(p.evidence.lambda2 * (1 + 1e-5));
      const r = run((e) => ({ ...e, lambda2: optimistic * (1 - 1e-7) }));
      expect(r.ok).toBe(false);
    });

    it('sets that no longer cover R^d, and an edge between sets that do not meet', () => {
      const gap = run((e) => ({ ...e, pieces: e.pieces.slice(1), edges: e.edges.slice(1).map(([i, j]) => [i - 1, j - 1] as const) }));
      expect(gap.ok).toBe(false);
      if (!gap.ok) expect(gap.reason).toMatch(/cover R\^d/);
      const far = run((e) => ({ ...e, edges: [...e.edges, [0, 2] as const] }));
      expect(far.ok).toBe(false);
      if (!far.ok) expect(far.reason).toMatch(/do not meet/);
    });
  });
});
