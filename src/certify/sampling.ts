// Deterministic sample points for producers' estimates (a Halton sequence, so no seed is needed
// and runs are reproducible). Estimates steer the search; they never enter a certified number.

const PRIMES = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71];

function radicalInverse(i: number, base: number): number {
  let f = 1;
  let r = 0;
  while (i > 0) {
    f /= base;
    r += f * (i % base);
    i = Math.floor(i / base);
  }
  return r;
}

/** n points in the cube center +- radius: a full grid in dimension <= 2, Halton points beyond. */
export function samplePoints(center: readonly number[], radius: number, n: number): Float64Array[] {
  const d = center.length;
  const out: Float64Array[] = [];
  if (d <= 2) {
    const k = Math.max(2, Math.round(d === 1 ? n : Math.sqrt(n)));
    const ticks = Array.from({ length: k }, (_, i) => -radius + (2 * radius * i) / (k - 1));
    if (d === 1) for (const t of ticks) out.push(Float64Array.of(center[0]! + t));
    else for (const a of ticks) for (const b of ticks) out.push(Float64Array.of(center[0]! + a, center[1]! + b));
    return out;
  }
  for (let i = 1; i <= n; i++) out.push(Float64Array.from(center, (c, j) => c + radius * (2 * radicalInverse(i, PRIMES[j % PRIMES.length]!) - 1)));
  return out;
}
