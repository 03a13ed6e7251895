// A float approximation of argmin U (U = E - W_E), for the kernel's bound
// min U >= U(x0) - |grad U(x0)|^2 / (2m): any x0 is sound, a near-minimiser is tight.
import type { Energy } from '../energy/types.js';
import type { FloatPart } from './decomposition.js';
import { samplePoints } from './sampling.js';
import type { Region } from './lsiProducer.js';

export function minimiseConvexPart(energy: Energy, part: FloatPart | null, region: Region): number[] {
  const u = (x: Float64Array): number => energy.value(x) - (part ? part.value(x) : 0);
  const grad = (x: Float64Array): Float64Array => {
    const g = energy.gradient(x);
    if (part) part.gradient(x).forEach((v, i) => (g[i] = g[i]! - v));
    return g;
  };
  let x = samplePoints(region.center, region.radius, energy.dim <= 2 ? 21 * 21 : 500).reduce((a, b) => (u(b) < u(a) ? b : a));
  let fx = u(x);
  let step = 1;
  for (let it = 0; it < 2000; it++) {
    const g = grad(x);
    const g2 = g.reduce((s, v) => s + v * v, 0);
    if (!(g2 > 1e-28)) break;
    let accepted = false;
    for (let tries = 0; tries < 60; tries++) {
      const y = x.map((v, i) => v - step * g[i]!);
      const fy = u(y);
      if (fy <= fx - 0.5 * step * g2) {
        x = y;
        fx = fy;
        step *= 2;
        accepted = true;
        break;
      }
      step /= 2;
    }
    if (!accepted) break;
  }
  return Array.from(x);
}
