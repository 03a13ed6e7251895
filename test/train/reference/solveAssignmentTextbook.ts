// The textbook shortest-augmenting-path Hungarian loop as src/train/otPairing.ts had it before its
// scan was restricted to the free columns: the reference the faster solver must equal exactly.
export function solveAssignmentReference(cost: Float64Array, n: number): Int32Array {
  if (cost.length !== n * n) throw new RangeError(`solveAssignment: cost has ${cost.length} entries, expected ${n * n}`);
  // 1-based arrays as in the classical formulation; index 0 is the virtual start row/column.
  const u = new Float64Array(n + 1); // row potentials
  const v = new Float64Array(n + 1); // column potentials
  const rowOfCol = new Int32Array(n + 1); // rowOfCol[j] = row matched to column j (0 = free)
  const way = new Int32Array(n + 1);
  const minv = new Float64Array(n + 1);
  const used = new Uint8Array(n + 1);
  for (let i = 1; i <= n; i++) {
    rowOfCol[0] = i;
    let j0 = 0;
    minv.fill(Infinity);
    used.fill(0);
    do {
      used[j0] = 1;
      const i0 = rowOfCol[j0]!;
      let delta = Infinity;
      let j1 = 0;
      const base = (i0 - 1) * n;
      for (let j = 1; j <= n; j++) {
        if (used[j]) continue;
        // reduced cost of (i0, j) under the current potentials
        const cur = cost[base + j - 1]! - u[i0]! - v[j]!;
        if (cur < minv[j]!) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j]! < delta) {
          delta = minv[j]!;
          j1 = j;
        }
      }
      if (j1 === 0) throw new RangeError('solveAssignment: cost matrix has non-finite entries');
      for (let j = 0; j <= n; j++) {
        if (used[j]) {
          u[rowOfCol[j]!] = u[rowOfCol[j]!]! + delta;
          v[j] = v[j]! - delta;
        } else {
          minv[j] = minv[j]! - delta;
        }
      }
      j0 = j1;
    } while (rowOfCol[j0] !== 0);
    // augment along the alternating path back to the virtual column
    do {
      const j1 = way[j0]!;
      rowOfCol[j0] = rowOfCol[j1]!;
      j0 = j1;
    } while (j0 !== 0);
  }
  const result = new Int32Array(n);
  for (let j = 1; j <= n; j++) result[rowOfCol[j]! - 1] = j - 1;
  return result;
}
