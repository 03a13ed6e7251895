// Mode coverage for mixture data sets: how many samples lie within `radius` of some mode, and how
// many modes hold a fair share of them.

export interface ModeCoverage {
  /** Fraction of all samples within `radius` of their nearest mode. */
  readonly nearFraction: number;
  /** Samples near each mode (the nearest one), in the order of `modes`. */
  readonly counts: readonly number[];
  /** Modes holding at least `minShare` of the count a uniform split of the samples would give. */
  readonly populated: number;
  readonly modes: number;
}

export function modeCoverage(x: Float64Array, d: number, modes: readonly (readonly number[])[], radius: number, minShare = 0.2): ModeCoverage {
  const n = x.length / d;
  if (!Number.isInteger(n) || n < 1) throw new RangeError('modeCoverage: empty or ragged sample');
  if (modes.length === 0 || modes.some((m) => m.length !== d)) throw new RangeError(`modeCoverage: modes must be points of dimension ${d}`);
  const counts = new Array<number>(modes.length).fill(0);
  let near = 0;
  for (let i = 0; i < n; i++) {
    let best = Infinity, which = -1;
    modes.forEach((m, j) => {
      let s = 0;
      for (let k = 0; k < d; k++) s += (x[i * d + k]! - m[k]!) ** 2;
      if (s < best) {
        best = s;
        which = j;
      }
    });
    if (Math.sqrt(best) <= radius) {
      near++;
      counts[which]!++;
    }
  }
  const threshold = (minShare * n) / modes.length;
  return { nearFraction: near / n, counts, populated: counts.filter((k) => k >= threshold && k > 0).length, modes: modes.length };
}
