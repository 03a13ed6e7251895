// Producer (untrusted) of the integration evidence behind a block chain's masses
// (proofs/poincare-decomposition.md, section 4): the kernel reads q_i >= pi(A_i) from the upper end
// of each set's bracket and omega_ij <= pi(A_i cap A_j) from the lower end of each overlap's, so
// lambda_2 is lost wherever either bracket is loose relative to its own mass, however small that
// mass is. Two things make them loose at low temperature:
//   - a set reaching out of the inner box B gets the whole tail bound added to its upper end; the
//     frame sets of a grid far from the modes have masses of 1e-90 next to a tail bound of 1e-17,
//     so the inner box is widened (R doubled) until the tail is negligible next to every such set;
//   - leaves wide in f = E/T: brackets of exp(-f) lose exp(osc f). Leaves are bisected where the
//     regions' relative bracket widths are largest (not uniformly), under a leaf budget.
// The kernel re-checks the evidence (checkIntegralEvidence) and recomputes every mass.
import type { Energy } from '../energy/types.js';
import type { Box } from '../kernel/box.js';
import { splitPoint } from '../kernel/box.js';
import { halveLongestSide } from './halveLongestSide.js';
import type { Interval } from '../kernel/interval.js';
import { boxIntegral, type IntegralBound } from '../kernel/integration/boxIntegral.js';
import { checkBisectionPartition, checkIntegralEvidence, checkRegionMass, type IntegralBracket } from '../kernel/integration/evidence.js';
import { checkTailBound } from '../kernel/integration/tails.js';
import type { IntegrationEvidence } from '../audit/integrate.js';

export interface ChainIntegrationOptions {
  /** A region is done when its bracket's upper end is at most (1 + looseness) times its lower end. */
  readonly looseness?: number;
  /** The tail must stay below this fraction of every outward-reaching set's certified inner mass. */
  readonly tailFraction?: number;
  /** Largest half-width of the widened inner box (default 2^12, as prepareIntegration). */
  readonly maxRadius?: number;
  readonly say?: (m: string) => void;
}

const interiorsMeet = (a: Box, b: Box): boolean => a.every((c, i) => Math.max(c.lo, b[i]!.lo) < Math.min(c.hi, b[i]!.hi));
const inside = (a: Box, b: Box): boolean => a.every((c, i) => b[i]!.lo <= c.lo && c.hi <= b[i]!.hi);
const within = (leaf: Box, region: Box): Box => leaf.map((c, i) => ({ lo: Math.max(c.lo, region[i]!.lo), hi: Math.min(c.hi, region[i]!.hi) }));

/** Whether B is a cube [-R, R]^d with R a power of two (then [-2R, 2R]^d bisects down to it). */
function cubeRadius(inner: Box): number | null {
  const R = inner[0]!.hi;
  const ok = R > 0 && Number.isFinite(R) && 2 ** Math.round(Math.log2(R)) === R && inner.every((c) => c.lo === -R && c.hi === R);
  return ok ? R : null;
}

/** The boxes of the bisection of [-R', R']^d that lie outside [-R, R]^d (the old leaves fill the rest). */
export function ringBoxes(d: number, R: number, wider: number): Box[] {
  const old: Box = Array.from({ length: d }, () => ({ lo: -R, hi: R }));
  const out: Box[] = [];
  const visit = (region: Interval[]): void => {
    if (inside(region, old)) return;
    if (!interiorsMeet(region, old)) { out.push(region); return; }
    let k = 0;
    for (let i = 1; i < d; i++) if (region[i]!.hi - region[i]!.lo > region[k]!.hi - region[k]!.lo) k = i;
    const at = splitPoint(region[k]!.lo, region[k]!.hi);
    if (at === null) throw new Error('chain integration: cannot bisect the widened box');
    visit(region.map((c, i) => (i === k ? { lo: c.lo, hi: at } : c)));
    visit(region.map((c, i) => (i === k ? { lo: at, hi: c.hi } : c)));
  };
  visit(Array.from({ length: d }, () => ({ lo: -wider, hi: wider })));
  return out;
}

/**
 * The inner box doubled until the tail bound is at most `fraction` of the certified inner mass of
 * every set that reaches out of it (the kernel adds the whole tail to such a set's upper end).
 * Returns the evidence unchanged when B is not a power-of-two cube or nothing needs it.
 */
export function widenForSets(energy: Energy, temperature: number, evidence: IntegrationEvidence, sets: readonly Box[], fraction = 1e-6, maxRadius = 2 ** 12, say?: (m: string) => void): IntegrationEvidence {
  const R = cubeRadius(evidence.tails.inner);
  if (R === null) return evidence;
  const checked = checkIntegralEvidence(energy.model, temperature, evidence.boxes, evidence.tails, evidence.shift);
  if (!checked.ok) throw new Error(`chain integration: the kernel refused the integration evidence (${checked.reason})`);
  const reaching = sets.filter((s) => !inside(s, evidence.tails.inner));
  if (reaching.length === 0) return evidence;
  // The inner masses only grow as B grows, so the smallest one now is a safe yardstick (a lower end
  // of 0, from leaves too coarse to say anything, is no yardstick and is skipped).
  let least = Infinity;
  for (const s of reaching) {
    const r = checkRegionMass(energy.model, temperature, checked.value.boxes, checked.value, [s]);
    if (r.ok && r.value.inside.lo > 0) least = Math.min(least, r.value.inside.lo);
  }
  if (!Number.isFinite(least)) return evidence;
  if (checked.value.tail.upper <= fraction * least) return evidence;
  let wider = R, tailThere = checked.value.tail.upper;
  for (;;) {
    wider *= 2;
    if (wider > maxRadius) { wider /= 2; break; }
    const tail = checkTailBound(energy.model, temperature, { ...evidence.tails, inner: evidence.tails.inner.map(() => ({ lo: -wider, hi: wider })) }, evidence.shift);
    if (tail.ok) tailThere = Math.min(tailThere, tail.value.upper);
    if (tail.ok && tail.value.upper <= fraction * least) break;
  }
  // A wider box that does not shrink the tail only adds leaves.
  if (wider === R || !(tailThere < checked.value.tail.upper)) return evidence;
  const inner = evidence.tails.inner.map(() => ({ lo: -wider, hi: wider }));
  const boxes = [...evidence.boxes, ...ringBoxes(inner.length, R, wider)];
  // Old leaves that do not bisect down from the wider cube (one straddles a face of the ring): keep B.
  if (checkBisectionPartition(inner, boxes) !== undefined) return evidence;
  say?.(`  chain integration: inner box [-${R}, ${R}]^d widened to [-${wider}, ${wider}]^d (tail ${checked.value.tail.upper.toExponential(2)} against a set of inner mass ${least.toExponential(2)})`);
  return { ...evidence, boxes, tails: { ...evidence.tails, inner } };
}

/** Rounds of refineForRegions (each cuts at least one leaf per loose region; a region that cannot
 *  tighten, its lower end lost to underflow, must not spin until the budget). */
const MAX_ROUNDS = 200;

interface Part { readonly region: number; lo: number; hi: number }

/**
 * Bisects leaves until every region's bracket (sum over the leaves meeting it of the bounds on
 * leaf cap region) has hi <= (1 + looseness) lo, or the budget is spent. Each round, for each loose
 * region, the leaves carrying the larger half of its width (hi - lo) are marked; marked leaves are cut
 * in order of their largest share of a region's upper end, as long as the budget lasts.
 */
export function refineForRegions(energy: Energy, temperature: number, evidence: IntegrationEvidence, regions: readonly Box[], maxBoxes: number, looseness = 0.02, say?: (m: string) => void): IntegrationEvidence {
  const s = evidence.shift;
  const bound = (b: Box): IntegralBound => boxIntegral(energy.model, temperature, b, s);
  const boxes: Box[] = [...evidence.boxes];
  const parts: Part[][] = [];
  const partsOf = (leaf: Box, candidates: Iterable<number>): Part[] => {
    const out: Part[] = [];
    for (const r of candidates) {
      const region = regions[r]!;
      if (!interiorsMeet(leaf, region)) continue;
      const b = bound(inside(leaf, region) ? leaf : within(leaf, region));
      out.push({ region: r, lo: b.lo, hi: b.hi });
    }
    return out;
  };
  const all = regions.map((_, r) => r);
  for (const leaf of boxes) parts.push(partsOf(leaf, all));
  for (let round = 0; round < MAX_ROUNDS && boxes.length < maxBoxes; round++) {
    const lo = new Float64Array(regions.length), hi = new Float64Array(regions.length);
    for (const ps of parts) for (const p of ps) { lo[p.region] += p.lo; hi[p.region] += p.hi; }
    const loose = all.filter((r) => hi[r]! > 0 && !(hi[r]! <= (1 + looseness) * lo[r]!));
    say?.(`  chain integration round ${round}: ${boxes.length} leaves, ${loose.length} of ${regions.length} regions loose`);
    if (loose.length === 0) break;
    const share = new Float64Array(boxes.length);
    const byRegion = new Map<number, { leaf: number; gap: number }[]>();
    for (const r of loose) byRegion.set(r, []);
    parts.forEach((ps, k) => {
      for (const p of ps) byRegion.get(p.region)?.push({ leaf: k, gap: p.hi - p.lo });
    });
    for (const [r, list] of byRegion) {
      list.sort((a, b) => b.gap - a.gap);
      const total = list.reduce((t, x) => t + x.gap, 0);
      let taken = 0;
      for (const x of list) {
        if (taken >= 0.5 * total) break;
        taken += x.gap;
        share[x.leaf] = Math.max(share[x.leaf]!, x.gap / hi[r]!);
      }
    }
    const marked = boxes.map((_, k) => k).filter((k) => share[k]! > 0).sort((a, b) => share[b]! - share[a]!);
    let cut = 0;
    for (const k of marked) {
      if (boxes.length >= maxBoxes) break;
      const halves = halveLongestSide(boxes[k]!);
      if (halves === null) continue;
      const [left, right] = halves;
      const candidates = parts[k]!.map((p) => p.region);
      boxes[k] = left;
      parts[k] = partsOf(left, candidates);
      boxes.push(right);
      parts.push(partsOf(right, candidates));
      cut++;
    }
    if (cut === 0) break;
  }
  return { ...evidence, boxes };
}

/**
 * Evidence for the chain's masses: widenForSets, then refineForRegions over the sets and the
 * overlaps, then the kernel's check (its bracket is the only one returned).
 */
export function refineForChain(energy: Energy, temperature: number, evidence: IntegrationEvidence, sets: readonly Box[], overlaps: readonly Box[], maxBoxes: number, opts: ChainIntegrationOptions = {}): { evidence: IntegrationEvidence; bracket: IntegralBracket } {
  const widened = widenForSets(energy, temperature, evidence, sets, opts.tailFraction, opts.maxRadius, opts.say);
  const refined = refineForRegions(energy, temperature, widened, [...sets, ...overlaps], maxBoxes, opts.looseness, opts.say);
  const checked = checkIntegralEvidence(energy.model, temperature, refined.boxes, refined.tails, refined.shift);
  if (!checked.ok) throw new Error(`chain integration: the kernel refused the refined integration evidence (${checked.reason})`);
  return { evidence: refined, bracket: checked.value };
}
