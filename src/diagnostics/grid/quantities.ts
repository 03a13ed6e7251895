// Functionals of a grid density against the discrete Gibbs measure of the same grid:
// KL(rho || pi) = sum_k rho_k log(rho_k / pi_k) dA with pi_k = exp(-f_k - ln Z), and the free
// energy F(rho) = E_rho[f] - H(rho) = KL - ln Z. Nodes without mass contribute 0 (0 log 0 = 0).
import { cellArea, type GridField } from './grid.js';

export interface DensityQuantities {
  readonly kl: number;
  readonly freeEnergy: number;
  /** sum rho_k dA: 1 up to rounding for the mass-preserving solvers. */
  readonly mass: number;
}

/** KL and free energy of rho / mass (the solvers keep the mass at 1; a leak is reported, not hidden). */
export function densityQuantities(field: GridField, rho: Float64Array): DensityQuantities {
  const area = cellArea(field.grid);
  let mass = 0;
  for (let k = 0; k < rho.length; k++) mass += rho[k]!;
  mass *= area;
  if (!(mass > 0)) throw new RangeError('densityQuantities: the density has no mass');
  // Per-node terms rho (log rho + f + ln Z) are small where rho is close to pi, which keeps the
  // sum accurate when KL is tiny (summing E[f] and -H separately would cancel catastrophically).
  const shift = field.logZ - Math.log(mass);
  let kl = 0;
  for (let k = 0; k < rho.length; k++) {
    const r = rho[k]!;
    if (r > 0) kl += r * (Math.log(r) + field.f[k]! + shift);
  }
  kl *= area / mass;
  return { kl, freeEnergy: kl - field.logZ, mass };
}
