// Bounds on the smallest and largest eigenvalue over every symmetric matrix in an interval matrix
// (proofs/enclosures.md, section 5). Each method below is sound on its own; the result intersects
// them: Gershgorin and Rayleigh quotients on the unit vectors (always), the exact closed form for
// 2x2, and for bounded matrices Weyl's bound around the midpoint matrix M (eigenvalues of M enclosed
// through a Jacobi eigenbasis V and Ostrowski's theorem) and Gershgorin on V^T H V.
import type { Interval } from './interval.js';
import { mulHi, mulLo, roundDown, roundUp, sqrHi, sqrLo } from './networkRounding.js';

export interface EigenBounds {
  /** lo <= lambda_min(A) <= hi for every symmetric A in the interval matrix. */
  readonly min: Interval;
  /** lo <= lambda_max(A) <= hi for every symmetric A in the interval matrix. */
  readonly max: Interval;
}

interface Bounds { minLo: number; minHi: number; maxLo: number; maxHi: number }

export function symmetricEigenBounds(H: readonly (readonly Interval[])[]): EigenBounds {
  const n = H.length;
  if (n === 0) throw new Error('symmetricEigenBounds: empty matrix');
  const lo = new Float64Array(n * n), hi = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    if (H[i]!.length !== n) throw new Error(`symmetricEigenBounds: row ${i} has ${H[i]!.length} entries, expected ${n}`);
    for (let j = 0; j < n; j++) {
      // A symmetric A has A_ij = A_ji in both H_ij and H_ji.
      const l = Math.max(H[i]![j]!.lo, H[j]![i]!.lo), h = Math.min(H[i]![j]!.hi, H[j]![i]!.hi);
      if (!(l <= h)) throw new Error(`symmetricEigenBounds: entry (${i}, ${j}) is empty or NaN ([${l}, ${h}])`);
      lo[i * n + j] = l; hi[i * n + j] = h;
    }
  }
  const b = gershgorinRayleigh(n, lo, hi);
  if (n === 2) intersect(b, closedForm2x2(lo[0]!, hi[0]!, lo[1]!, hi[1]!, lo[3]!, hi[3]!));
  else if (n > 2 && lo.every(Number.isFinite) && hi.every(Number.isFinite)) {
    const rotated = rotatedBounds(n, lo, hi);
    if (rotated) for (const r of rotated) intersect(b, r);
  }
  if (!(b.minLo <= b.minHi && b.maxLo <= b.maxHi)) throw new Error('symmetricEigenBounds: sound bounds disagree (a bug)');
  return { min: { lo: b.minLo, hi: b.minHi }, max: { lo: b.maxLo, hi: b.maxHi } };
}

function intersect(into: Bounds, other: Bounds): void {
  // NaN from an inf - inf in one method loses to the other methods' bounds.
  if (other.minLo === other.minLo) into.minLo = Math.max(into.minLo, other.minLo);
  if (other.minHi === other.minHi) into.minHi = Math.min(into.minHi, other.minHi);
  if (other.maxLo === other.maxLo) into.maxLo = Math.max(into.maxLo, other.maxLo);
  if (other.maxHi === other.maxHi) into.maxHi = Math.min(into.maxHi, other.maxHi);
}

/** Gershgorin discs bound all eigenvalues; e_i^T A e_i = A_ii bounds lambda_min above, lambda_max below. */
function gershgorinRayleigh(n: number, lo: Float64Array, hi: Float64Array): Bounds {
  let minLo = Infinity, maxHi = -Infinity, minHi = Infinity, maxLo = -Infinity;
  for (let i = 0; i < n; i++) {
    let radius = 0;
    for (let j = 0; j < n; j++) if (j !== i) radius = roundUp(radius + Math.max(Math.abs(lo[i * n + j]!), Math.abs(hi[i * n + j]!)));
    minLo = Math.min(minLo, roundDown(lo[i * n + i]! - radius));
    maxHi = Math.max(maxHi, roundUp(hi[i * n + i]! + radius));
    minHi = Math.min(minHi, hi[i * n + i]!);
    maxLo = Math.max(maxLo, lo[i * n + i]!);
  }
  return { minLo, minHi, maxLo, maxHi };
}

/**
 * [[a, b], [b, c]]: lambda = (a + c)/2 -+ sqrt(((a - c)/2)^2 + b^2). Both are non-decreasing in a
 * and c; lambda_min is non-increasing and lambda_max non-decreasing in |b|. So each extreme sits at
 * a corner, evaluated here with outward rounding.
 */
function closedForm2x2(alo: number, ahi: number, blo: number, bhi: number, clo: number, chi: number): Bounds {
  const bMag = Math.max(Math.abs(blo), Math.abs(bhi));
  const bMig = blo <= 0 && bhi >= 0 ? 0 : Math.min(Math.abs(blo), Math.abs(bhi));
  return {
    minLo: eig2(alo, bMag, clo, -1, 'down'),
    minHi: eig2(ahi, bMig, chi, -1, 'up'),
    maxLo: eig2(alo, bMig, clo, +1, 'down'),
    maxHi: eig2(ahi, bMag, chi, +1, 'up'),
  };
}

/** A bound (below or above) on (a + c)/2 + sign * sqrt(((a - c)/2)^2 + b^2) at exact points a, b, c. */
function eig2(a: number, b: number, c: number, sign: 1 | -1, dir: 'down' | 'up'): number {
  const halfSumLo = roundDown(roundDown(a + c) * 0.5), halfSumHi = roundUp(roundUp(a + c) * 0.5);
  const dlo = roundDown(roundDown(a - c) * 0.5), dhi = roundUp(roundUp(a - c) * 0.5);
  const radLo = roundDown(Math.sqrt(Math.max(0, roundDown(sqrLo(dlo, dhi) + sqrLo(b, b))))) ;
  const radHi = roundUp(Math.sqrt(roundUp(sqrHi(dlo, dhi) + sqrHi(b, b))));
  // Outward for the requested direction: below uses the low half-sum and the sqrt bound that lowers the result.
  if (dir === 'down') return roundDown(halfSumLo + (sign > 0 ? radLo : -radHi));
  return roundUp(halfSumHi + (sign > 0 ? radHi : -radLo));
}

/** Weyl around the midpoint and Gershgorin on V^T H V; null when the Jacobi basis is too far from orthogonal. */
function rotatedBounds(n: number, lo: Float64Array, hi: Float64Array): Bounds[] | null {
  const M = new Float64Array(n * n);
  const R = new Float64Array(n * n);
  for (let k = 0; k < n * n; k++) {
    M[k] = 0.5 * lo[k]! + 0.5 * hi[k]!;
    R[k] = roundUp(Math.max(M[k]! - lo[k]!, hi[k]! - M[k]!));
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) { M[i * n + j] = M[j * n + i]!; R[i * n + j] = R[j * n + i]!; }
  const V = jacobiEigenvectors(n, M);
  // delta >= ||V^T V - I||_2 (Frobenius bound of an enclosure), so sigma(V)^2 is in [1 - delta, 1 + delta].
  const G = congruence(n, V, (i, j) => (i === j ? 1 : 0), (i, j) => (i === j ? 1 : 0));
  let delta = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    const e = i === j ? 1 : 0;
    const m = Math.max(Math.abs(roundDown(G.lo[i * n + j]! - e)), Math.abs(roundUp(G.hi[i * n + j]! - e)));
    delta = roundUp(delta + roundUp(m * m));
  }
  delta = roundUp(Math.sqrt(delta));
  if (!(delta < 0.5)) return null;
  // ||R||_2 <= min(||R||_inf, ||R||_F) for the entrywise non-negative symmetric radius matrix.
  let rInf = 0, rFro = 0;
  for (let i = 0; i < n; i++) {
    let row = 0;
    for (let j = 0; j < n; j++) { row = roundUp(row + R[i * n + j]!); rFro = roundUp(rFro + roundUp(R[i * n + j]! * R[i * n + j]!)); }
    rInf = Math.max(rInf, row);
  }
  const rho = Math.min(rInf, roundUp(Math.sqrt(rFro)));
  const midEig = ostrowski(gershgorinOf(congruence(n, V, (i, j) => M[i * n + j]!, (i, j) => M[i * n + j]!), n), delta);
  const weyl: Bounds = {
    minLo: roundDown(midEig.minLo - rho), minHi: roundUp(midEig.minHi + rho),
    maxLo: roundDown(midEig.maxLo - rho), maxHi: roundUp(midEig.maxHi + rho),
  };
  const direct = ostrowski(gershgorinOf(congruence(n, V, (i, j) => lo[i * n + j]!, (i, j) => hi[i * n + j]!), n), delta);
  return [weyl, direct];
}

function gershgorinOf(C: { lo: Float64Array; hi: Float64Array }, n: number): Bounds {
  return gershgorinRayleigh(n, C.lo, C.hi);
}

/** Eigenvalues of V^T A V are theta_k lambda_k(A), theta_k in [1 - delta, 1 + delta] (Ostrowski): divide back. */
function ostrowski(c: Bounds, delta: number): Bounds {
  const small = roundDown(1 - delta), large = roundUp(1 + delta);
  const divLo = (x: number): number => roundDown(x >= 0 ? x / large : x / small);
  const divHi = (x: number): number => roundUp(x >= 0 ? x / small : x / large);
  return { minLo: divLo(c.minLo), minHi: divHi(c.minHi), maxLo: divLo(c.maxLo), maxHi: divHi(c.maxHi) };
}

/** Enclosure of V^T A V over the interval matrix A = [alo, ahi] (V exact doubles, row-major, columns are vectors). */
function congruence(
  n: number,
  V: Float64Array,
  alo: (i: number, j: number) => number,
  ahi: (i: number, j: number) => number,
): { lo: Float64Array; hi: Float64Array } {
  // T = A V, then C = V^T T.
  const tlo = new Float64Array(n * n), thi = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) {
    let l = 0, h = 0;
    for (let j = 0; j < n; j++) {
      const v = V[j * n + k]!;
      l = roundDown(l + mulLo(alo(i, j), ahi(i, j), v, v));
      h = roundUp(h + mulHi(alo(i, j), ahi(i, j), v, v));
    }
    tlo[i * n + k] = l; thi[i * n + k] = h;
  }
  const clo = new Float64Array(n * n), chi = new Float64Array(n * n);
  for (let k = 0; k < n; k++) for (let m = 0; m < n; m++) {
    let l = 0, h = 0;
    for (let i = 0; i < n; i++) {
      const v = V[i * n + k]!;
      l = roundDown(l + mulLo(v, v, tlo[i * n + m]!, thi[i * n + m]!));
      h = roundUp(h + mulHi(v, v, tlo[i * n + m]!, thi[i * n + m]!));
    }
    clo[k * n + m] = l; chi[k * n + m] = h;
  }
  return { lo: clo, hi: chi };
}

/** Cyclic Jacobi: an approximately orthogonal V (columns) with V^T M V nearly diagonal. Untrusted (checked above). */
export function jacobiEigenvectors(n: number, M0: Float64Array): Float64Array {
  return jacobiEigen(n, M0).vectors;
}

export interface JacobiEigen {
  /** Columns are the approximate unit eigenvectors (row-major n x n). */
  readonly vectors: Float64Array;
  /** diagonal[i] is the approximate eigenvalue of column i (unsorted). */
  readonly diagonal: Float64Array;
}

/**
 * Cyclic Jacobi rotations on the symmetric row-major n x n matrix M0 (copied), in plain floats.
 * Untrusted: the kernel only uses V as a basis and bounds eigenvalues itself (symmetricEigenBounds);
 * producers outside the kernel use it for estimates. Stops when the off-diagonal mass is below
 * 1e-30 of the total, or after 60 sweeps.
 */
export function jacobiEigen(n: number, M0: ArrayLike<number>): JacobiEigen {
  const A = Float64Array.from(M0);
  const V = new Float64Array(n * n);
  for (let i = 0; i < n; i++) V[i * n + i] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0, total = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) { const x = A[i * n + j]! * A[i * n + j]!; total += x; if (i !== j) off += x; }
    if (!(off > 1e-30 * total)) break;
    for (let p = 0; p < n - 1; p++) for (let q = p + 1; q < n; q++) {
      const apq = A[p * n + q]!;
      if (apq === 0) continue;
      // Rotation angle that zeroes A[p][q]: tan(2 theta) = 2 a_pq / (a_qq - a_pp).
      const theta = (A[q * n + q]! - A[p * n + p]!) / (2 * apq);
      const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
      const c = 1 / Math.sqrt(t * t + 1), s = t * c;
      for (let k = 0; k < n; k++) { // A <- A J (columns p, q)
        const akp = A[k * n + p]!, akq = A[k * n + q]!;
        A[k * n + p] = c * akp - s * akq; A[k * n + q] = s * akp + c * akq;
      }
      for (let k = 0; k < n; k++) { // A <- J^T A (rows p, q)
        const apk = A[p * n + k]!, aqk = A[q * n + k]!;
        A[p * n + k] = c * apk - s * aqk; A[q * n + k] = s * apk + c * aqk;
      }
      for (let k = 0; k < n; k++) {
        const vkp = V[k * n + p]!, vkq = V[k * n + q]!;
        V[k * n + p] = c * vkp - s * vkq; V[k * n + q] = s * vkp + c * vkq;
      }
    }
  }
  return { vectors: V, diagonal: Float64Array.from({ length: n }, (_, i) => A[i * n + i]!) };
}
