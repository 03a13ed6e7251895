// Producer tool (untrusted): a small dense two-phase simplex for the producers' fitting problems
// (a few variables, a few hundred inequality rows). Whatever it returns is re-checked by the
// kernel, so a poor or failed solve costs tightness only.
//
//   minimise c.x  subject to  A x <= b,  lower <= x <= upper  (all bounds finite)

export interface LinearProgram {
  readonly objective: readonly number[];
  readonly rows: readonly (readonly number[])[];
  readonly rhs: readonly number[];
  readonly lower: readonly number[];
  readonly upper: readonly number[];
}

export type LinearProgramResult =
  | { readonly status: 'optimal'; readonly x: number[]; readonly value: number }
  | { readonly status: 'infeasible' | 'iteration-limit' };

const TOL = 1e-9;

/**
 * Solves the program by the tableau method: x = lower + y with 0 <= y <= upper - lower (the upper
 * bounds become rows), rows with a negative right-hand side get an artificial variable, phase 1
 * minimises their sum, phase 2 the objective. Dantzig's rule, with Bland's rule after many
 * degenerate pivots so it cannot cycle.
 */
export function solveLinearProgram(lp: LinearProgram, maxPivots = 20_000): LinearProgramResult {
  const n = lp.objective.length;
  // Rows: the given ones, shifted to y, then y_j <= upper_j - lower_j.
  const a: number[][] = [];
  const b: number[] = [];
  lp.rows.forEach((row, i) => {
    a.push([...row]);
    b.push(lp.rhs[i]! - row.reduce((s, v, j) => s + v * lp.lower[j]!, 0));
  });
  for (let j = 0; j < n; j++) {
    const row = new Array<number>(n).fill(0);
    row[j] = 1;
    a.push(row);
    b.push(lp.upper[j]! - lp.lower[j]!);
  }
  const m = a.length;
  const negative = b.map((v) => v < 0);
  const nArt = negative.filter(Boolean).length;
  // Columns: y (n), slacks (m), artificials (nArt), then the right-hand side.
  const width = n + m + nArt + 1;
  const t: Float64Array[] = [];
  const basis: number[] = [];
  let art = 0;
  for (let i = 0; i < m; i++) {
    const row = new Float64Array(width);
    const sign = negative[i] ? -1 : 1;
    for (let j = 0; j < n; j++) row[j] = sign * a[i]![j]!;
    row[n + i] = sign;
    row[width - 1] = sign * b[i]!;
    if (negative[i]) {
      row[n + m + art] = 1;
      basis.push(n + m + art);
      art++;
    } else basis.push(n + i);
    t.push(row);
  }
  const rhs = width - 1;

  const run = (cost: Float64Array, allowed: (j: number) => boolean): 'optimal' | 'unbounded' | 'iteration-limit' => {
    // Reduced costs r_j = cost_j - sum_i cost_basis(i) t_ij, kept as a row.
    const r = new Float64Array(width);
    for (let j = 0; j < width; j++) r[j] = cost[j]!;
    for (let i = 0; i < m; i++) {
      const cb = cost[basis[i]!]!;
      if (cb !== 0) for (let j = 0; j < width; j++) r[j]! -= cb * t[i]![j]!;
    }
    let degenerate = 0;
    for (let pivot = 0; pivot < maxPivots; pivot++) {
      const bland = degenerate > 50;
      let enter = -1;
      for (let j = 0; j < width - 1; j++) {
        if (!allowed(j) || r[j]! >= -TOL) continue;
        if (enter < 0 || (!bland && r[j]! < r[enter]!)) enter = j;
        if (bland) break;
      }
      if (enter < 0) return 'optimal';
      let leave = -1;
      let best = Infinity;
      for (let i = 0; i < m; i++) {
        const v = t[i]![enter]!;
        if (v <= TOL) continue;
        const ratio = t[i]![rhs]! / v;
        if (ratio < best - TOL || (Math.abs(ratio - best) <= TOL && leave >= 0 && basis[i]! < basis[leave]!)) {
          best = ratio;
          leave = i;
        }
      }
      if (leave < 0) return 'unbounded';
      degenerate = best <= TOL ? degenerate + 1 : 0;
      const prow = t[leave]!;
      const pv = prow[enter]!;
      for (let j = 0; j < width; j++) prow[j]! /= pv;
      for (let i = 0; i < m; i++) {
        if (i === leave) continue;
        const f = t[i]![enter]!;
        if (f !== 0) {
          const row = t[i]!;
          for (let j = 0; j < width; j++) row[j]! -= f * prow[j]!;
        }
      }
      const f = r[enter]!;
      for (let j = 0; j < width; j++) r[j]! -= f * prow[j]!;
      basis[leave] = enter;
    }
    return 'iteration-limit';
  };

  if (nArt > 0) {
    const cost = new Float64Array(width);
    for (let k = 0; k < nArt; k++) cost[n + m + k] = 1;
    const phase1 = run(cost, () => true);
    if (phase1 === 'iteration-limit') return { status: 'iteration-limit' };
    const infeasibility = basis.reduce((s, j, i) => (j >= n + m ? s + t[i]![rhs]! : s), 0);
    if (infeasibility > 1e-7) return { status: 'infeasible' };
    // Drive remaining (zero-valued) artificials out of the basis where possible.
    for (let i = 0; i < m; i++) {
      if (basis[i]! < n + m) continue;
      const j = Array.from({ length: n + m }, (_, k) => k).find((k) => Math.abs(t[i]![k]!) > 1e-9);
      if (j === undefined) continue;
      const prow = t[i]!;
      const pv = prow[j]!;
      for (let c = 0; c < width; c++) prow[c]! /= pv;
      for (let k = 0; k < m; k++) {
        if (k === i) continue;
        const f = t[k]![j]!;
        if (f !== 0) for (let c = 0; c < width; c++) t[k]![c]! -= f * prow[c]!;
      }
      basis[i] = j;
    }
  }
  const cost = new Float64Array(width);
  for (let j = 0; j < n; j++) cost[j] = lp.objective[j]!;
  // The y-box rows keep phase 2 bounded.
  const phase2 = run(cost, (j) => j < n + m);
  if (phase2 !== 'optimal') return { status: 'iteration-limit' };
  const y = new Array<number>(n).fill(0);
  basis.forEach((j, i) => {
    if (j < n) y[j] = t[i]![rhs]!;
  });
  const x = y.map((v, j) => lp.lower[j]! + v);
  return { status: 'optimal', x, value: x.reduce((s, v, j) => s + v * lp.objective[j]!, 0) };
}
