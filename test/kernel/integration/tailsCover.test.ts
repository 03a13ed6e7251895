// Lemma 4' of proofs/integration.md: the tail bound with an added bump W and a cover of R^d. On the
// 1-d double well (x^2 - 1)^2, where U = f is not convex, the bound is finite and above a much finer
// independent quadrature of the tail; removing a cover box, mixing in bounded terms, or dropping
// the bump is refused.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadEnergy } from '../../../src/energy/spec.js';
import { checkTailBound, type TailDecomposition } from '../../../src/kernel/integration/tails.js';
import { findTailDecomposition, needsCoverForTails } from '../../../src/audit/tailDecomposition.js';

const DW = 'expr:(x1^2 - 1)^2';
const inner = [{ lo: -2, hi: 2 }];

function simpson(f: (x: number) => number, a: number, b: number, n: number): number {
  const h = (b - a) / n;
  let s = f(a) + f(b);
  for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * f(a + i * h);
  return (s * h) / 3;
}

let dec: TailDecomposition;

beforeAll(() => {
  const found = findTailDecomposition(loadEnergy(DW), 1, [0], 4, 60);
  if (!found) throw new Error('no decomposition found for the double well');
  dec = found.decomposition;
}, 300_000);

describe('tail bound with a bump and a cover (Lemma 4\')', () => {
  it('the double well needs it: U = f on R^d as one box is refused', () => {
    const e = loadEnergy(DW);
    expect(needsCoverForTails(e, 1)).toBe(true);
    expect(checkTailBound(e.model, 1, { inner, boundedTerms: [], anchor: [0] }, 0).ok).toBe(false);
  });

  it('bounds the double-well tail outside [-2, 2] from above (fine Simpson reference)', () => {
    const e = loadEnergy(DW);
    const r = checkTailBound(e.model, 1, { inner, boundedTerms: [], anchor: [0], decomposition: dec }, 0);
    expect(r.ok, r.ok ? '' : r.reason).toBe(true);
    if (!r.ok) return;
    const g = (x: number): number => Math.exp(-((x * x - 1) ** 2));
    const ref = 2 * simpson(g, 2, 6, 400_000); // beyond 6 the integrand is below e^-1225
    expect(ref).toBeGreaterThan(1e-6);
    expect(r.value.upper).toBeGreaterThanOrEqual(ref);
    expect(r.value.m).toBeGreaterThan(0);
    // Finite and below Z = ∫ e^{-f} ~ 1.97 (the quadratic minorant with m ~ 1 is loose against a
    // quartic tail at this small box; the producer takes a larger box where it is negligible).
    expect(r.value.upper).toBeLessThan(1);
  });

  it('on a Gaussian, a two-box cover with no bump gives the same bound as R^d as one box, above the exact tail', () => {
    const e = loadEnergy('expr:0.5*x1^2');
    const cover = [[{ lo: -Infinity, hi: 0 }], [{ lo: 0, hi: Infinity }]];
    const a = checkTailBound(e.model, 1, { inner, boundedTerms: [], anchor: [0], decomposition: { bump: null, cover } }, 0);
    const b = checkTailBound(e.model, 1, { inner, boundedTerms: [], anchor: [0] }, 0);
    expect(a.ok && b.ok).toBe(true);
    if (!a.ok || !b.ok) return;
    expect(a.value.upper).toBe(b.value.upper);
    // Exact: ∫_{|x| > 2} e^{-x^2/2} = sqrt(2 pi) erfc(sqrt 2) = 0.11405...
    const exact = 2 * simpson((x) => Math.exp(-0.5 * x * x), 2, 40, 400_000);
    expect(a.value.upper).toBeGreaterThanOrEqual(exact);
  });

  it('refuses a cover with a gap, bounded terms next to a cover, and the cover without its bump', () => {
    const e = loadEnergy(DW);
    const gap = checkTailBound(e.model, 1, { inner, boundedTerms: [], anchor: [0], decomposition: { bump: dec.bump, cover: dec.cover.slice(1) } }, 0);
    expect(gap.ok).toBe(false);
    if (!gap.ok) expect(gap.reason).toMatch(/cover/);
    const both = checkTailBound(e.model, 1, { inner, boundedTerms: [0], anchor: [0], decomposition: dec }, 0);
    expect(both.ok).toBe(false);
    if (!both.ok) expect(both.reason).toMatch(/no bounded terms/);
    const noBump = checkTailBound(e.model, 1, { inner, boundedTerms: [], anchor: [0], decomposition: { bump: null, cover: dec.cover } }, 0);
    expect(noBump.ok).toBe(false);
    if (!noBump.ok) expect(noBump.reason).toMatch(/strong convexity/);
  });
});
