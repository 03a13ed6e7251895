// The barrier producer's work limits: counts of leaves and linear programs, never seconds, so the
// same input and effort give the same barrier on an idle or a loaded machine. Kept apart from the
// search so that `emcert barrier --help` can quote them without loading the search.

/** Leaves per bisection at effort 1. */
export const BARRIER_MAX_LEAVES = 150_000;
/** Leaves per unsafe box at effort 1. */
export const UNSAFE_LEAVES_PER_BOX = 20_000;
/** Linear programs per inner cube at effort 1 (each adds the counterexamples of the last). */
export const BARRIER_ROUNDS = 8;

export interface BarrierWorkLimits {
  /** Leaves (unsafe and inner together) per linear program's bisection. */
  readonly maxLeaves: number;
  /** Leaves per unsafe box. */
  readonly unsafeLeaves: number;
  /** Linear programs per inner cube. */
  readonly rounds: number;
}

/** The limits at `effort` (each at least 1); `maxLeaves` overrides the leaves per bisection. */
export function barrierWorkLimits(effort = 1, maxLeaves?: number): BarrierWorkLimits {
  const scaled = (n: number): number => Math.max(1, Math.round(n * effort));
  return { maxLeaves: maxLeaves ?? scaled(BARRIER_MAX_LEAVES), unsafeLeaves: scaled(UNSAFE_LEAVES_PER_BOX), rounds: scaled(BARRIER_ROUNDS) };
}

/** Leaves of the pi(U) integration at `effort`, by dimension. */
export function gibbsMaxBoxes(d: number, effort = 1): number {
  return Math.max(1, Math.round((d === 1 ? 20_000 : d === 2 ? 60_000 : 100_000) * effort));
}
