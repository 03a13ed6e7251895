// Exact laws for a Gaussian target f(x) = sum_i a_i x_i^2 / 2 (in its eigenbasis) started at
// N(mu0, diag(s0^2)): each coordinate stays Gaussian, so KL has a closed form. Used to check the
// grid solvers. KL(N(m, S) || N(0, 1/a)) = (a S + a m^2 - 1 - ln(a S)) / 2 per coordinate.

export interface GaussianMarginal {
  readonly mean: number;
  readonly variance: number;
}

export function klToCentredGaussian(a: readonly number[], law: readonly GaussianMarginal[]): number {
  let kl = 0;
  for (let i = 0; i < a.length; i++) {
    const { mean, variance } = law[i]!;
    const ai = a[i]!;
    kl += (ai * variance + ai * mean * mean - 1 - Math.log(ai * variance)) / 2;
  }
  return kl;
}

/** Ornstein-Uhlenbeck (continuous Langevin, f-time t): m_t = e^{-at} m_0, S_t = e^{-2at} S_0 + (1 - e^{-2at}) / a. */
export function langevinLaw(a: readonly number[], start: readonly GaussianMarginal[], t: number): GaussianMarginal[] {
  return a.map((ai, i) => {
    const d = Math.exp(-ai * t);
    return { mean: d * start[i]!.mean, variance: d * d * start[i]!.variance + -Math.expm1(-2 * ai * t) / ai };
  });
}

/** ULA x' = x - h grad f + sqrt(2h) xi (f-units), k steps: m <- (1 - h a) m, S <- (1 - h a)^2 S + 2 h. */
export function ulaLaw(a: readonly number[], start: readonly GaussianMarginal[], h: number, k: number): GaussianMarginal[] {
  return a.map((ai, i) => {
    let { mean, variance } = start[i]!;
    const c = 1 - h * ai;
    for (let s = 0; s < k; s++) {
      mean *= c;
      variance = c * c * variance + 2 * h;
    }
    return { mean, variance };
  });
}

/** The noise-free gradient flow: m_t = e^{-at} m_0, S_t = e^{-2at} S_0. */
export function flowLaw(a: readonly number[], start: readonly GaussianMarginal[], t: number): GaussianMarginal[] {
  return a.map((ai, i) => {
    const d = Math.exp(-ai * t);
    return { mean: d * start[i]!.mean, variance: d * d * start[i]!.variance };
  });
}
