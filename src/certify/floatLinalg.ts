// Float eigenvalues of small symmetric matrices (cyclic Jacobi), for producers' estimates only:
// nothing here feeds a certified number.

/** Eigenvalues of the symmetric d x d row-major matrix a (copied), ascending. */
export function symmetricEigenvalues(a: ArrayLike<number>, d: number): number[] {
  if (d === 1) return [a[0]!];
  if (d === 2) {
    const mid = (a[0]! + a[3]!) / 2;
    const rad = Math.hypot((a[0]! - a[3]!) / 2, (a[1]! + a[2]!) / 2);
    return [mid - rad, mid + rad];
  }
  const m = Float64Array.from(a);
  for (let sweep = 0; sweep < 50; sweep++) {
    let off = 0;
    for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) off += m[p * d + q]! ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < d; p++)
      for (let q = p + 1; q < d; q++) {
        const apq = m[p * d + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (m[q * d + q]! - m[p * d + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < d; k++) {
          const akp = m[k * d + p]!;
          const akq = m[k * d + q]!;
          m[k * d + p] = c * akp - s * akq;
          m[k * d + q] = s * akp + c * akq;
        }
        for (let k = 0; k < d; k++) {
          const apk = m[p * d + k]!;
          const aqk = m[q * d + k]!;
          m[p * d + k] = c * apk - s * aqk;
          m[q * d + k] = s * apk + c * aqk;
        }
      }
  }
  return Array.from({ length: d }, (_, i) => m[i * d + i]!).sort((x, y) => x - y);
}
