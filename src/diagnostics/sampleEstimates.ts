// Sample-based estimates for dimensions where no grid is affordable. They are ESTIMATES (random,
// biased at finite n), labelled as such wherever they are reported; nothing certified rests on them.
//  - Kozachenko-Leonenko k-NN entropy: H ~ psi(n) - psi(k) + ln V_d + (d/n) sum_i ln r_i,
//    r_i the distance from x_i to its k-th nearest neighbour, V_d the unit-ball volume.
//  - Free energy F(rho) = E_rho[f] - H(rho) = KL(rho || pi) - ln Z (pi = exp(-f)/Z), so F is KL up to a
//    constant: its decrease along a run estimates the decrease of KL.
//  - Kernel Stein discrepancy (IMQ, src/diagnostics/ksd.ts): needs only the score -grad f.
import { kernelSteinDiscrepancy } from './ksd.js';

/** Digamma for positive arguments (recurrence up to x >= 10, then the asymptotic series). */
export function digamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`digamma: expected a positive argument, got ${x}`);
  let r = 0;
  while (x < 10) {
    r -= 1 / x;
    x += 1;
  }
  const x2 = 1 / (x * x);
  return r + Math.log(x) - 0.5 / x - x2 * (1 / 12 - x2 * (1 / 120 - x2 * (1 / 252 - x2 * (1 / 240 - x2 / 132))));
}

/** ln of the volume of the unit ball in R^d: (d/2) ln pi - ln Gamma(d/2 + 1). */
export function logUnitBallVolume(d: number): number {
  // ln Gamma(d/2 + 1) by the product for integer or half-integer d/2.
  let lg = 0;
  let a = d / 2;
  while (a > 1) {
    lg += Math.log(a);
    a -= 1;
  }
  if (Math.abs(a - 0.5) < 1e-12) lg += Math.log(Math.sqrt(Math.PI) / 2);
  return (d / 2) * Math.log(Math.PI) - lg;
}

/** Kozachenko-Leonenko differential entropy estimate of n x d samples (brute-force neighbours). */
export function knnEntropy(xs: Float64Array, d: number, k = 3): number {
  const n = xs.length / d;
  if (!Number.isInteger(n) || n <= k) throw new RangeError(`knnEntropy: need more than k=${k} points, got ${n}`);
  const nearest = new Float64Array(k);
  let sumLog = 0;
  for (let i = 0; i < n; i++) {
    nearest.fill(Infinity);
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      let r2 = 0;
      for (let c = 0; c < d; c++) r2 += (xs[i * d + c]! - xs[j * d + c]!) ** 2;
      if (r2 < nearest[k - 1]!) {
        let p = k - 1;
        while (p > 0 && nearest[p - 1]! > r2) {
          nearest[p] = nearest[p - 1]!;
          p--;
        }
        nearest[p] = r2;
      }
    }
    // Coincident points would give ln 0; floor at the smallest normal distance.
    sumLog += 0.5 * Math.log(Math.max(nearest[k - 1]!, 1e-300));
  }
  return digamma(n) - digamma(k) + logUnitBallVolume(d) + (d / n) * sumLog;
}

export interface SampleEstimates {
  readonly label: 'estimate (k-NN entropy, KSD; random, not certified)';
  readonly particles: number;
  /** Mean of f = E / T over the samples. */
  readonly meanPotential: number;
  readonly entropy: number;
  /** meanPotential - entropy: KL(rho || pi) - ln Z, estimated. */
  readonly freeEnergy: number;
  /** IMQ kernel Stein discrepancy of the samples against pi. */
  readonly ksd: number;
}

/** Estimates from n x d samples, their potentials f(x_i) and gradients grad f(x_i) (f = E / T). */
export function sampleEstimates(xs: Float64Array, d: number, potentials: Float64Array, gradients: Float64Array, k = 3): SampleEstimates {
  const n = xs.length / d;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += potentials[i]!;
  mean /= n;
  const entropy = knnEntropy(xs, d, k);
  const scores = new Float64Array(gradients.length);
  for (let i = 0; i < scores.length; i++) scores[i] = -gradients[i]!;
  return {
    label: 'estimate (k-NN entropy, KSD; random, not certified)',
    particles: n,
    meanPotential: mean,
    entropy,
    freeEnergy: mean - entropy,
    ksd: kernelSteinDiscrepancy(xs, scores, d),
  };
}
