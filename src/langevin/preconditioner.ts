// Constant preconditioners P = C C^T for ULA, given by the lower-triangular factor C (exact doubles,
// so the certificate's check needs no square root; proofs/stopping-preconditioned.md). `auto` takes
// P = H^-1 with H the float Hessian of E / T at a float minimiser of E: untrusted (a poor choice only
// weakens what the kernel then certifies for it).
import type { Energy } from '../energy/types.js';

export type Factor = number[][];

/** Why `m` is not a dim x dim lower-triangular matrix of finite numbers with a positive diagonal (or undefined). */
export function factorProblem(m: unknown, dim: number): string | undefined {
  if (!Array.isArray(m) || m.length !== dim) return `expected a ${dim} x ${dim} matrix (a JSON array of ${dim} rows)`;
  for (let i = 0; i < dim; i++) {
    const row: unknown = m[i];
    if (!Array.isArray(row) || row.length !== dim) return `row ${i + 1} must have ${dim} numbers`;
    for (let j = 0; j < dim; j++) if (typeof row[j] !== 'number' || !Number.isFinite(row[j])) return `entry (${i + 1}, ${j + 1}) is not a finite number`;
  }
  return undefined;
}

/** Lower Cholesky factor of a symmetric matrix, or null when it is not (numerically) positive definite. */
export function choleskyFactor(a: readonly (readonly number[])[]): Factor | null {
  const d = a.length;
  const l: Factor = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (let j = 0; j < d; j++) {
    let pivot = (a[j]![j]! + a[j]![j]!) / 2;
    for (let k = 0; k < j; k++) pivot -= l[j]![k]! * l[j]![k]!;
    if (!(pivot > 0) || !Number.isFinite(pivot)) return null;
    l[j]![j] = Math.sqrt(pivot);
    for (let i = j + 1; i < d; i++) {
      let s = (a[i]![j]! + a[j]![i]!) / 2;
      for (let k = 0; k < j; k++) s -= l[i]![k]! * l[j]![k]!;
      l[i]![j] = s / l[j]![j]!;
    }
  }
  return l;
}

/** The factor C of a symmetric positive-definite P (a JSON matrix from --preconditioner FILE), or why not. */
export function factorOfMatrix(p: unknown, dim: number): Factor | string {
  const bad = factorProblem(p, dim);
  if (bad) return bad;
  const m = p as number[][];
  for (let i = 0; i < dim; i++) for (let j = 0; j < i; j++) {
    if (Math.abs(m[i]![j]! - m[j]![i]!) > 1e-12 * Math.max(1, Math.abs(m[i]![j]!))) return `not symmetric: entries (${i + 1}, ${j + 1}) and (${j + 1}, ${i + 1}) differ`;
  }
  return choleskyFactor(m) ?? 'not positive definite';
}

/** Inverse of a symmetric positive-definite matrix through its Cholesky factor, or null. */
function inverseSpd(a: readonly (readonly number[])[]): number[][] | null {
  const l = choleskyFactor(a);
  if (!l) return null;
  const d = a.length;
  const inv = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (let col = 0; col < d; col++) {
    const y = new Array<number>(d).fill(0);
    for (let i = 0; i < d; i++) {
      let s = i === col ? 1 : 0;
      for (let k = 0; k < i; k++) s -= l[i]![k]! * y[k]!;
      y[i] = s / l[i]![i]!;
    }
    for (let i = d - 1; i >= 0; i--) {
      let s = y[i]!;
      for (let k = i + 1; k < d; k++) s -= l[k]![i]! * inv[k]![col]!;
      inv[i]![col] = s / l[i]![i]!;
    }
  }
  return inv;
}

/** A float minimiser of E by gradient descent with backtracking from `start`. */
export function floatMode(energy: Energy, start: Float64Array, iterations = 5000): Float64Array {
  let x = Float64Array.from(start);
  let fx = energy.value(x);
  let step = 1;
  for (let it = 0; it < iterations; it++) {
    const g = energy.gradient(x);
    const g2 = g.reduce((s, v) => s + v * v, 0);
    if (!(g2 > 1e-26)) break;
    let moved = false;
    for (let tries = 0; tries < 60; tries++) {
      const y = x.map((v, i) => v - step * g[i]!);
      const fy = energy.value(y);
      if (fy <= fx - 0.5 * step * g2) {
        x = y;
        fx = fy;
        step *= 2;
        moved = true;
        break;
      }
      step /= 2;
    }
    if (!moved) break;
  }
  return x;
}

/**
 * `auto`: C with C C^T = (hess f(x*))^-1, f = E / T, at a float minimiser x* started from `start`;
 * null when that Hessian is not positive definite (no constant preconditioner is suggested).
 */
export function autoFactor(energy: Energy, temperature: number, start: Float64Array): Factor | null {
  const d = energy.dim;
  const mode = floatMode(energy, start);
  const flat = energy.hessian(mode);
  const h = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (flat[i * d + j]! + flat[j * d + i]!) / (2 * temperature)));
  const inv = inverseSpd(h);
  return inv ? choleskyFactor(inv) : null;
}
