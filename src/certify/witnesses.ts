// Producers (untrusted) of refutation witnesses: an infinite-volume box where f stays bounded above
// (Z = infinity), and a box where lap f - |grad f|^2 has a sign (the gradient flow moves pi).
import type { Box } from '../kernel/checks/cover.js';
import { checkInfiniteMassWitness } from '../kernel/checks/normalizability.js';
import { checkGradientFlowWitness } from '../kernel/checks/gradientFlow.js';
import type { Energy } from '../energy/types.js';
import { samplePoints } from './sampling.js';
import type { Region } from './lsiProducer.js';
import { TimeCap } from './timeCap.js';

/** Half-lines along each axis (both signs, several offsets) with the other coordinates in small
 *  intervals around the region's centre; the first box the kernel accepts is returned. */
export function findInfiniteMassWitness(energy: Energy, temperature: number, region: Region, cap: TimeCap = TimeCap.none()): Box | null {
  const d = energy.dim;
  for (const halfWidth of [0.5, 0.05, 2])
    for (let i = 0; i < d; i++)
      for (const sign of [-1, 1])
        for (const offset of [0, region.radius, 10 * region.radius]) {
          const box: Box = region.center.map((c, j) => {
            if (j !== i) return { lo: c - halfWidth, hi: c + halfWidth };
            return sign > 0 ? { lo: c + offset, hi: Infinity } : { lo: -Infinity, hi: c - offset };
          });
          if (checkInfiniteMassWitness(energy.model, temperature, box).ok) return box;
          if (cap.expired()) return null;
        }
  return null;
}

/** The sample point where lap f - |grad f|^2 is largest in magnitude, then shrinking boxes around it. */
export function findGradientFlowWitness(energy: Energy, temperature: number, region: Region): Box | null {
  const d = energy.dim;
  const scored = samplePoints(region.center, region.radius, d <= 2 ? 21 * 21 : 400).map((x) => {
    const h = energy.hessian(x);
    const g = energy.gradient(x);
    let lap = 0;
    let g2 = 0;
    for (let i = 0; i < d; i++) {
      lap += h[i * d + i]! / temperature;
      g2 += (g[i]! / temperature) ** 2;
    }
    return { x, q: Math.abs(lap - g2) };
  });
  scored.sort((a, b) => b.q - a.q);
  for (const { x } of scored.slice(0, 5))
    for (const half of [1e-2, 1e-4, 1e-7]) {
      const box: Box = Array.from(x, (v) => ({ lo: v - half, hi: v + half }));
      if (checkGradientFlowWitness(energy.model, temperature, box).ok) return box;
    }
  return null;
}
