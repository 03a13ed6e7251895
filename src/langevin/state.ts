// Batched chain state: allocation, copying, and the ping-pong pair that keeps steps allocation-free.
import type { GradientOracle } from '../energy/types.js';
import type { ChainState } from './types.js';

export function allocateState(n: number, dim: number): ChainState {
  return {
    positions: new Float64Array(n * dim),
    energies: new Float64Array(n),
    gradients: new Float64Array(n * dim),
    n,
    dim,
  };
}

export function cloneState(s: ChainState): ChainState {
  return { positions: s.positions.slice(), energies: s.energies.slice(), gradients: s.gradients.slice(), n: s.n, dim: s.dim };
}

/** Evaluates the oracle at s.positions, filling s.energies and s.gradients. */
export function evaluateState(oracle: GradientOracle, s: ChainState): void {
  oracle.valueAndGradientBatch(s.positions, s.n, s.energies, s.gradients);
}

/**
 * Two state buffers of one shape. `other(s)` is the buffer that is not `s`, where the next step
 * writes. Re-allocated only when the particle count changes.
 */
export class StatePair {
  private a: ChainState | undefined;
  private b: ChainState | undefined;

  constructor(readonly dim: number) {}

  /** A fresh pair for n particles; returns the first buffer. */
  reset(n: number): ChainState {
    if (!this.a || this.a.n !== n) {
      this.a = allocateState(n, this.dim);
      this.b = allocateState(n, this.dim);
    }
    return this.a;
  }

  /** Every kernel's init: the first buffer, holding the given positions and their energies and gradients. */
  init(oracle: GradientOracle, positions: Float64Array, n: number): ChainState {
    const s = this.reset(n);
    loadPositions(positions, n, s);
    evaluateState(oracle, s);
    return s;
  }

  other(s: ChainState): ChainState {
    if (!this.a || !this.b || s.n !== this.a.n || s.dim !== this.dim)
      throw new RangeError(`step: state has ${s.n} particles in dimension ${s.dim}, kernel was initialised for ${this.a?.n ?? 0} in dimension ${this.dim}`);
    return s.positions === this.a.positions ? this.b : this.a;
  }
}

/** Checks the shape of an initial position array and copies it into `into`. */
export function loadPositions(positions: Float64Array, n: number, into: ChainState): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`init: particle count must be a positive integer, got ${n}`);
  if (positions.length !== n * into.dim)
    throw new RangeError(`init: expected ${n} x ${into.dim} = ${n * into.dim} coordinates, got ${positions.length}`);
  into.positions.set(positions);
}
