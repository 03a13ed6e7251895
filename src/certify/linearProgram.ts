// A small dense linear program solver for the producers: the barrier search and the LSI bump fit
// (untrusted: whatever it returns is checked by the kernel). It solves
//   minimize f^T y  subject to  A y >= b,  y >= 0        (f >= 0)
// through its dual  maximize b^T z  subject to  A^T z <= f,  z >= 0, which starts feasible at z = 0
// (slack basis) since f >= 0: a one-phase tableau simplex with n = columns of A rows, so the cost per
// pivot is (#variables) x (#constraints), small when the basis has few functions and many samples.
// The primal y is read off the dual's final tableau (the objective row under the slack columns).

export interface LpResult {
  readonly status: 'optimal' | 'infeasible' | 'iteration-limit';
  /** The primal solution (meaningful when optimal). */
  readonly y: Float64Array;
  readonly objective: number;
}

/**
 * rows: the constraints a_r^T y >= b_r (each a_r of length n); f: the objective (length n, >= 0).
 */
export function solveCoveringLp(rows: readonly Float64Array[], b: readonly number[], f: readonly number[], maxPivots = 12000): LpResult {
  const n = f.length;
  const m = rows.length;
  // Column scaling (y_i = y'_i / scale_i): basis functions differ by many orders of magnitude.
  const scales = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = Math.abs(f[i]!);
    for (let r = 0; r < m; r++) s = Math.max(s, Math.abs(rows[r]![i]!));
    scales[i] = s > 0 && Number.isFinite(s) ? s : 1;
  }
  const width = m + n + 1; // z (m), slacks (n), rhs
  // Tableau rows i < n: sum_r A[r][i] z_r + s_i = f_i.
  const t: Float64Array[] = [];
  for (let i = 0; i < n; i++) {
    const row = new Float64Array(width);
    for (let r = 0; r < m; r++) row[r] = rows[r]![i]! / scales[i]!;
    row[m + i] = 1;
    // A tiny distinct perturbation of the costs breaks the ties that make the pivoting stall
    // (degenerate vertices); it changes the optimum by a relative 1e-9 at most.
    row[width - 1] = (f[i]! / scales[i]!) * (1 + 1e-9 * ((i * 7919) % 1000) / 1000) + 1e-15;
    t.push(row);
  }
  // Objective row: reduced costs of the maximization (negative = improving), value at the end.
  const obj = new Float64Array(width);
  for (let r = 0; r < m; r++) obj[r] = -b[r]!;
  const basis = Array.from({ length: n }, (_, i) => m + i);
  const EPS = 1e-12;
  let pivots = 0;
  let bland = false;
  for (;;) {
    // Entering column: most negative reduced cost (Bland's smallest index after many pivots).
    let enter = -1;
    let best = -1e-11;
    for (let k = 0; k < m + n; k++) {
      if (obj[k]! < best) {
        enter = k;
        if (bland) break;
        best = obj[k]!;
      }
    }
    if (enter < 0) break;
    let leave = -1;
    let ratio = Infinity;
    for (let i = 0; i < n; i++) {
      const a = t[i]![enter]!;
      if (a > EPS) {
        const q = t[i]![width - 1]! / a;
        if (q < ratio - 1e-15 || (q <= ratio + 1e-15 && leave >= 0 && basis[i]! < basis[leave]!)) { ratio = q; leave = i; }
      }
    }
    if (leave < 0) return { status: 'infeasible', y: new Float64Array(n), objective: Infinity }; // dual unbounded
    const pr = t[leave]!;
    const pv = pr[enter]!;
    for (let k = 0; k < width; k++) pr[k] = pr[k]! / pv;
    for (let i = 0; i < n; i++) {
      if (i === leave) continue;
      const row = t[i]!;
      const factor = row[enter]!;
      if (factor === 0) continue;
      for (let k = 0; k < width; k++) row[k] = row[k]! - factor * pr[k]!;
    }
    const factor = obj[enter]!;
    for (let k = 0; k < width; k++) obj[k] = obj[k]! - factor * pr[k]!;
    basis[leave] = enter;
    pivots++;
    if (pivots > 100 * (n + 10)) bland = true;
    if (pivots > maxPivots) return { status: 'iteration-limit', y: new Float64Array(n), objective: NaN };
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = Math.max(0, obj[m + i]!) / scales[i]!;
  return { status: 'optimal', y, objective: obj[width - 1]! };
}
