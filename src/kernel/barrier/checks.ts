// The hypotheses of the barrier theorem (proofs/barrier.md, section 1), one function each, replaying
// stored boxes without search. B >= 0 holds by construction (validateBarrier: every weight >= 0).
//   checkBarrierUnsafe: B >= 1 on every unsafe box (its leaves partition it, B >= 1 on each leaf).
//   checkBarrierDrift:  the leaves partition an inner box K; on each "above" leaf and on the 2d
//                       slabs outside K, B >= 1; on each "drift" leaf, E[B(x')|x] - lambda B(x) <= c.
//                       So the drift bound holds off the set {B >= 1} covered by above leaves and slabs.
//   checkBarrierInit:   an interval containing E B(x0) for x0 ~ N(mean, std^2 I), in closed form.
//   barrierEntryBound:  lambda'^N E B(x0) + c sum_{k<N} lambda'^k with lambda' = max(lambda, 1).
import { add, mul, point, type Interval } from '../interval.js';
import { roundUp } from '../rounding.js';
import type { EnergyModel } from '../model.js';
import type { Box } from '../box.js';
import { validateBox } from '../checks/cover.js';
import { tryEnclose, type CheckOutcome } from '../checks/common.js';
import { checkBisectionPartition } from '../integration/evidence.js';
import { outsideSlabs } from '../integration/tails.js';
import { barrierOnBox, gaussianSmoothed, validateBarrier, type GaussianBarrier } from './gaussianBarrier.js';
import { driftEnclosure, driftSetup } from './drift.js';

/** Largest number of leaves one check replays (keeps verify's cost bounded). */
export const MAX_BARRIER_LEAVES = 400_000;
/** Largest step count the entry bound is computed for (one multiplication per step). */
export const MAX_BARRIER_STEPS = 10_000_000;

function boxesProblem(boxes: readonly Box[], d: number, what: string, bounded: boolean): string | undefined {
  if (!Array.isArray(boxes)) return `${what}: not a list of boxes`;
  for (let k = 0; k < boxes.length; k++) {
    const bad = validateBox(boxes[k]!, d, `${what}[${k}]`);
    if (bad) return bad;
    if (bounded && !boxes[k]!.every((c: Interval) => Number.isFinite(c.lo) && Number.isFinite(c.hi))) return `${what}[${k}]: must be bounded`;
  }
  return undefined;
}

/** The first box on which B >= 1 is not shown, or undefined. */
function notAbove(barrier: GaussianBarrier, boxes: readonly Box[], what: string): string | undefined {
  for (let k = 0; k < boxes.length; k++) {
    const v = tryEnclose(() => barrierOnBox(barrier, boxes[k]!));
    if (!v || !(v.lo >= 1)) return `${what}[${k}]: B >= 1 not shown (B in [${v?.lo}, ${v?.hi}])`;
  }
  return undefined;
}

/** B >= 1 on every unsafe box: leaves[i] must partition unsafe[i] (a bisection) with B >= 1 on each leaf. */
export function checkBarrierUnsafe(barrier: GaussianBarrier, dim: number, unsafe: readonly Box[], leaves: readonly (readonly Box[])[]): CheckOutcome<{ leaves: number }> {
  const bad = validateBarrier(barrier, dim) ?? boxesProblem(unsafe, dim, 'unsafe', true);
  if (bad) return { ok: false, reason: bad };
  if (unsafe.length === 0) return { ok: false, reason: 'unsafe: no boxes' };
  if (!Array.isArray(leaves) || leaves.length !== unsafe.length) return { ok: false, reason: `unsafe: ${unsafe.length} boxes but ${Array.isArray(leaves) ? leaves.length : 'no'} leaf lists` };
  let count = 0;
  for (let i = 0; i < unsafe.length; i++) {
    const ls = leaves[i]!;
    const lb = boxesProblem(ls, dim, `unsafe[${i}].leaves`, true);
    if (lb) return { ok: false, reason: lb };
    count += ls.length;
    if (count > MAX_BARRIER_LEAVES) return { ok: false, reason: `unsafe: more than ${MAX_BARRIER_LEAVES} leaves` };
    const gap = checkBisectionPartition(unsafe[i]!, ls);
    if (gap) return { ok: false, reason: `unsafe[${i}]: ${gap}` };
    const below = notAbove(barrier, ls, `unsafe[${i}].leaves`);
    if (below) return { ok: false, reason: below };
  }
  return { ok: true, value: { leaves: count } };
}

export interface DriftEvidence {
  /** K: a bounded box; outside it B >= 1 must hold (checked on the 2d slabs). */
  readonly inner: Box;
  /** Leaves of K (with `drift`, a bisection of K) on which B >= 1. */
  readonly above: readonly Box[];
  /** Leaves of K on which E[B(x')|x] - lambda B(x) <= c. */
  readonly drift: readonly Box[];
}

export interface DriftParameters {
  readonly eta: number;
  readonly temperature: number;
  readonly lambda: number;
  readonly c: number;
}

/** The drift hypothesis off {B >= 1}; value: the largest drift upper bound over the drift leaves. */
export function checkBarrierDrift(model: EnergyModel, barrier: GaussianBarrier, p: DriftParameters, ev: DriftEvidence): CheckOutcome<{ maxDrift: number; leaves: number }> {
  const d = model.dim;
  const bad =
    validateBarrier(barrier, d) ??
    (Number.isFinite(p.eta) && p.eta > 0 ? undefined : `step size ${p.eta}: must be finite and positive`) ??
    (Number.isFinite(p.temperature) && p.temperature > 0 ? undefined : `temperature ${p.temperature}: must be finite and positive`) ??
    (Number.isFinite(p.lambda) && p.lambda >= 0 ? undefined : `lambda ${p.lambda}: must be finite and >= 0`) ??
    (Number.isFinite(p.c) && p.c >= 0 ? undefined : `c ${p.c}: must be finite and >= 0`) ??
    boxesProblem([ev.inner], d, 'inner', true) ??
    boxesProblem(ev.above, d, 'above', true) ??
    boxesProblem(ev.drift, d, 'drift', true);
  if (bad) return { ok: false, reason: bad };
  if (ev.above.length + ev.drift.length > MAX_BARRIER_LEAVES) return { ok: false, reason: `drift: more than ${MAX_BARRIER_LEAVES} leaves` };
  const gap = checkBisectionPartition(ev.inner, [...ev.above, ...ev.drift]);
  if (gap) return { ok: false, reason: `inner: ${gap}` };
  const outside = notAbove(barrier, outsideSlabs(ev.inner), 'outside K: slab');
  if (outside) return { ok: false, reason: outside };
  const above = notAbove(barrier, ev.above, 'above');
  if (above) return { ok: false, reason: above };
  let setup;
  try {
    setup = driftSetup(model, p.eta, p.temperature, barrier, p.lambda);
  } catch (e) {
    return { ok: false, reason: `drift: ${(e as Error).message}` };
  }
  let maxDrift = -Infinity;
  for (let k = 0; k < ev.drift.length; k++) {
    const v = tryEnclose(() => driftEnclosure(setup, ev.drift[k]!));
    if (!v || !(v.hi <= p.c)) return { ok: false, reason: `drift[${k}]: E[B(x')|x] - lambda B(x) <= ${p.c} not shown (upper bound ${v?.hi})` };
    maxDrift = Math.max(maxDrift, v.hi);
  }
  return { ok: true, value: { maxDrift, leaves: ev.above.length + ev.drift.length } };
}

/** E B(x0) for x0 ~ N(mean, std^2 I): B smoothed by the variance std^2 at m = mean (section 3). */
export function checkBarrierInit(barrier: GaussianBarrier, mean: readonly number[], std: number): CheckOutcome<Interval> {
  const d = mean.length;
  const bad = validateBarrier(barrier, d);
  if (bad) return { ok: false, reason: bad };
  if (!(Number.isFinite(std) && std > 0)) return { ok: false, reason: `init std ${std}: must be finite and positive` };
  if (!mean.every((x) => typeof x === 'number' && Number.isFinite(x))) return { ok: false, reason: 'init mean: must be finite' };
  const v = tryEnclose(() => gaussianSmoothed(barrier, mean.map((x) => point(x)), mul(point(std), point(std))));
  if (!v || !Number.isFinite(v.hi)) return { ok: false, reason: `init: E B(x0) is not finite (every rising variance must exceed std^2 = ${std * std})` };
  return { ok: true, value: v };
}

/**
 * Upper bound of P(the chain enters U within N steps) from the three hypotheses:
 * lambda'^N b0 + c (1 + lambda' + ... + lambda'^{N-1}), lambda' = max(lambda, 1), b0 >= E B(x0).
 */
export function barrierEntryBound(initUpper: number, lambda: number, c: number, steps: number): CheckOutcome<number> {
  if (!(Number.isInteger(steps) && steps >= 0 && steps <= MAX_BARRIER_STEPS)) return { ok: false, reason: `steps ${steps}: must be an integer in [0, ${MAX_BARRIER_STEPS}]` };
  if (!(initUpper >= 0) || !(c >= 0) || !(lambda >= 0) || !Number.isFinite(lambda) || !Number.isFinite(c)) return { ok: false, reason: 'entry bound: inputs must be finite and >= 0' };
  const l = Math.max(lambda, 1);
  let power = 1; // >= lambda'^k
  let sum = 0; // >= sum_{j<k} lambda'^j
  for (let k = 0; k < steps; k++) {
    sum = roundUp(sum + power);
    power = l === 1 ? 1 : roundUp(power * l);
    if (!Number.isFinite(power)) return { ok: true, value: Infinity };
  }
  const bound = add(mul(point(power), point(initUpper)), mul(point(c), point(sum)));
  return { ok: true, value: bound.hi };
}
