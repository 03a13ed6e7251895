// Producer (untrusted): 'auto' regions for the audit. Local minima of f on a float grid over the
// inner box, each turned into a box around it of half-width half the (Chebyshev) distance to the
// nearest other minimum, clipped to the inner box, so the boxes never overlap. Their masses are
// then certified by the kernel like any region from a file; a poor choice only gives less
// informative regions.
import type { Box } from '../kernel/box.js';

export interface Basin {
  readonly minimum: number[];
  /** Float f at the minimum (untrusted, for ordering and display). */
  readonly f: number;
  readonly box: Box;
}

export function findBasins(f: (x: Float64Array) => number, inner: Box, perAxis: number, opts: { maxBasins?: number; window?: number } = {}): Basin[] {
  const d = inner.length;
  const n = perAxis;
  const total = n ** d;
  const values = new Float64Array(total);
  const coord = (k: number, i: number): number => {
    const idx = Math.floor(k / n ** i) % n;
    const c = inner[i]!;
    return c.lo + ((idx + 0.5) / n) * (c.hi - c.lo);
  };
  const x = new Float64Array(d);
  for (let k = 0; k < total; k++) {
    for (let i = 0; i < d; i++) x[i] = coord(k, i);
    values[k] = f(x);
  }
  const minima: { k: number; v: number }[] = [];
  for (let k = 0; k < total; k++) {
    const v = values[k]!;
    let isMin = Number.isFinite(v);
    // Strict local minimum over the 3^d - 1 grid neighbours (ties broken by index).
    for (let nb = 0; nb < 3 ** d && isMin; nb++) {
      let kk = 0, ok = true, self = true;
      for (let i = 0, r = nb; i < d; i++, r = Math.floor(r / 3)) {
        const off = (r % 3) - 1;
        if (off !== 0) self = false;
        const idx = (Math.floor(k / n ** i) % n) + off;
        if (idx < 0 || idx >= n) { ok = false; break; }
        kk += idx * n ** i;
      }
      if (!ok || self) continue;
      const w = values[kk]!;
      if (w < v || (w === v && kk < k)) isMin = false;
    }
    if (isMin) minima.push({ k, v });
  }
  minima.sort((a, b) => a.v - b.v);
  const window = opts.window ?? 25;
  const kept = minima.filter((m) => m.v <= minima[0]!.v + window).slice(0, opts.maxBasins ?? 16);
  const points = kept.map((m) => Array.from({ length: d }, (_, i) => coord(m.k, i)));
  return kept.map((m, a) => {
    let r = Infinity;
    points.forEach((q, b) => {
      if (a !== b) r = Math.min(r, Math.max(...q.map((v, i) => Math.abs(v - points[a]![i]!))) / 2);
    });
    const p = points[a]!;
    const box = p.map((v, i) => (r === Infinity ? { ...inner[i]! } : snapInward(inner[i]!, Math.max(inner[i]!.lo, v - r), Math.min(inner[i]!.hi, v + r))));
    return { minimum: p, f: m.v, box };
  });
}

/**
 * Moves [lo, hi] inward to multiples of (inner width) / 256 (points of the bisection of the inner
 * box), so that leaves finer than that never straddle a basin boundary and the kernel need not
 * re-bound cut leaves; kept as is when snapping would empty it. Inward keeps basins disjoint.
 */
function snapInward(inner: { lo: number; hi: number }, lo: number, hi: number): { lo: number; hi: number } {
  const s = (inner.hi - inner.lo) / 256;
  const a = inner.lo + Math.ceil((lo - inner.lo) / s) * s;
  const b = inner.lo + Math.floor((hi - inner.lo) / s) * s;
  return a < b ? { lo: a, hi: b } : { lo, hi };
}
