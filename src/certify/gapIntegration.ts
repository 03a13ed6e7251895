// Producer (untrusted): the inner box, tail decomposition and shift of the integration behind the
// decomposition gap's masses. The audit's prepareIntegration re-checks the tail decomposition several
// times per trial box (about 18 kernel passes over the LSI cover for the 2-d double well, 50 CPU s);
// here one tail check gives the constants (m, inf W, min U and the centre do not depend on the inner
// box), and the inner box is chosen from the Gaussian tail estimate. A poor choice only widens the
// kernel's bracket: checkIntegralEvidence re-checks the tail bound on the stored spec.
import type { Box } from '../kernel/box.js';
import type { Energy } from '../energy/types.js';
import { checkTailBound, type TailDecomposition, type TailSpec } from '../kernel/integration/tails.js';
import { gridMinimum, type PreparedIntegration } from '../audit/integrate.js';

const cube = (d: number, r: number): Box => Array.from({ length: d }, () => ({ lo: -r, hi: r }));

/** The largest inner box tried (a power of two, so every bisection point is exact). */
const MAX_RADIUS = 2 ** 12;

/**
 * W from `decomposition` (the LSI bump and cover) when given, else U = f; `anchor` a point near
 * argmin U (the LSI hypothesis' anchor). Throws with the kernel's reason when no tail bound holds.
 */
export function prepareGapIntegration(energy: Energy, temperature: number, anchor: readonly number[], decomposition?: TailDecomposition): PreparedIntegration {
  const d = energy.dim;
  const model = energy.model;
  const spec = (inner: Box, at: readonly number[]): TailSpec => (decomposition ? { inner, boundedTerms: [], anchor: at, decomposition } : { inner, boundedTerms: [], anchor: at });
  let at = [...anchor];
  let r = checkTailBound(model, temperature, spec(cube(d, 2), at), 0);
  if (!r.ok) throw new Error(r.reason);
  // Newton steps towards argmin U (exact for a quadratic U) when a check is cheap (no cover to re-check).
  for (let it = 0; it < 4 && !decomposition; it++) {
    const next = r.value.center.map((c) => 0.5 * c.lo + 0.5 * c.hi);
    const r2 = checkTailBound(model, temperature, spec(cube(d, 2), next), 0);
    if (!r2.ok || !(r2.value.minU >= r.value.minU)) break;
    at = next;
    r = r2;
  }
  const { m, infW, minU, center } = r.value;
  const far = Math.max(...center.map((c) => Math.max(Math.abs(c.lo), Math.abs(c.hi))));
  let shift = gridMinimum(model, temperature, cube(d, 4), d === 1 ? 1024 : 256, energy).f;
  // Outside [-R, R]^d the tail is at most 2d exp(shift - infW - minU) (2 pi / m)^(d/2) Q(sqrt(m) (R - |c|)):
  // ask for Q <= exp(-z^2 / 2) below exp(-16) after the prefactor, a relative 1e-7 of Z e^shift ~ 1
  // (far below the 1e-3 tolerance of the integration).
  let R = 2;
  for (;;) {
    const prefactor = Math.max(0, shift - infW - minU) + Math.log(2 * d) + (d / 2) * Math.log((2 * Math.PI) / m);
    const z = Math.sqrt(m) * (R - far);
    if ((z > 0 && (z * z) / 2 >= 16 + prefactor) || R >= MAX_RADIUS) break;
    R *= 2;
  }
  shift = Math.min(shift, gridMinimum(model, temperature, cube(d, R), d === 1 ? 1024 : 256, energy).f);
  return { inner: cube(d, R), tails: spec(cube(d, R), at), shift };
}
