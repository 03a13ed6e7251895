// The unadjusted Langevin move, on its own so MALA reuses it as its proposal:
//   y = x - eta * grad E(x) + sqrt(2 * eta * T) * xi,   xi ~ N(0, I)   (eta the step size, T the temperature).

/**
 * Writes y = x - stepSize * grad + sqrt(2 * stepSize * temperature) * noise into `out`, over all
 * `count` coordinates. `noise` holds standard normals; `out` may be `noise` itself.
 */
export function ulaMove(
  positions: Float64Array,
  gradients: Float64Array,
  noise: Float64Array,
  count: number,
  stepSize: number,
  temperature: number,
  out: Float64Array,
): void {
  const sigma = Math.sqrt(2 * stepSize * temperature);
  for (let k = 0; k < count; k++) out[k] = positions[k]! - stepSize * gradients[k]! + sigma * noise[k]!;
}

/**
 * log q(to | from) up to the constant shared by both directions, for the ULA proposal
 * q(. | from) = N(from - eta * grad E(from), 2 eta T I):  -|to - from + eta * grad E(from)|^2 / (4 eta T).
 * One particle: coordinates offset .. offset + dim.
 */
export function ulaLogProposalDensity(
  to: Float64Array,
  from: Float64Array,
  gradFrom: Float64Array,
  offset: number,
  dim: number,
  stepSize: number,
  temperature: number,
): number {
  let sq = 0;
  for (let j = offset; j < offset + dim; j++) {
    const r = to[j]! - from[j]! + stepSize * gradFrom[j]!;
    sq += r * r;
  }
  return -sq / (4 * stepSize * temperature);
}
