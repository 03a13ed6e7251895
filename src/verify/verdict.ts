// The one verdict rule, and the wording of every claim a verdict makes. Producers and verify both
// call these, so a certificate's verdict and reason are recomputed, never taken from the file.
import type { SamplerChoice, Verdict } from './certificate.js';
import type { StoppingRouteName } from '../kernel/stopping/types.js';

export interface VerdictFacts {
  readonly sampler: SamplerChoice;
  /** A kernel-checked witness that Z = infinity. */
  readonly normalizabilityRefuted: boolean;
  /** A kernel-checked witness that pi is not invariant under the noise-free flow. */
  readonly flowRefuted: boolean;
  /** A kernel-checked (or rule-derived) LSI constant alpha > 0. */
  readonly lsiCertified: boolean;
}

/**
 * Refuted when there is no Gibbs measure; for the noise-free flow, refuted with a witness and never
 * certified (no Lyapunov functional exists for it); otherwise certified exactly when LSI holds.
 */
export function verdictOf(f: VerdictFacts): Verdict {
  if (f.normalizabilityRefuted) return 'refuted';
  if (f.sampler === 'flow') return f.flowRefuted ? 'refuted' : 'inconclusive';
  return f.lsiCertified ? 'certified' : 'inconclusive';
}

export interface StoppingClaim {
  readonly route: StoppingRouteName | string;
  readonly steps: number;
  readonly stepSize: number;
  readonly epsilon: number;
  /** Set when the claim is about preconditioned ULA (the certificate's `preconditioner`). */
  readonly preconditioned?: boolean;
}

/** Routes whose bound is monotone in N (it holds from N on); the exact-Gaussian route proves the bound at N only. */
export function holdsFromStepOn(route: string): boolean {
  return route === 'vempala-wibisono-seed' || route === 'vempala-wibisono-optimised';
}

/** What a stopping claim says, in words that match its proof. */
export function stoppingSentence(s: StoppingClaim): string {
  const ula = s.preconditioned ? 'preconditioned ULA (x\' = x - eta P grad E(x) + sqrt(2 eta T P) xi, P = C C^T with C in `preconditioner`)' : 'ULA';
  return holdsFromStepOn(s.route)
    ? `${ula} with eta = ${s.stepSize} has KL(rho_n || pi) <= ${s.epsilon} for every n >= ${s.steps} (route ${s.route})`
    : `${ula} with eta = ${s.stepSize} has KL(rho_n || pi) <= ${s.epsilon} at n = ${s.steps} (route ${s.route}; proved at that n only)`;
}

export type ReasonFacts =
  | { readonly kind: 'certified'; readonly alpha: number; readonly temperature: number; readonly components?: number; readonly stopping: StoppingClaim | null }
  | { readonly kind: 'infinite-mass' }
  | { readonly kind: 'infinite-mass-negative-weight' }
  | { readonly kind: 'gradient-flow' };

/**
 * The reason of a certified or refuted certificate. The LSI rate is stated in the engine's time t
 * (dX = -grad E dt + sqrt(2T) dW): the proof's f-time is s = T t, so the rate is 2 alpha T.
 */
export function verdictReason(f: ReasonFacts): string {
  switch (f.kind) {
    case 'certified': {
      const from = f.components !== undefined ? `derived from ${f.components} component certificates: ` : '';
      const lyapunov = `${from}LSI(alpha = ${f.alpha}) of pi ∝ exp(-E/T) at T = ${f.temperature}: KL(rho_t || pi) <= exp(-2 alpha T t) KL(rho_0 || pi) along dX = -grad E(X) dt + sqrt(2T) dW (t in the engine's time)`;
      return f.stopping ? `${lyapunov}; ${stoppingSentence(f.stopping)}` : `${lyapunov}; no stopping rule certified`;
    }
    case 'infinite-mass':
      return 'not normalizable: exp(-E/T) has infinite mass (witness box), so there is no Gibbs measure to converge to';
    case 'infinite-mass-negative-weight':
      return 'a negative weight breaks normalizability: exp(-E/T) has infinite mass (witness box)';
    case 'gradient-flow':
      return 'the noise-free gradient flow cannot be certified: if Z < infinity the witness box shows it does not leave pi invariant, so KL to pi is not a Lyapunov function of it; if Z = infinity there is no pi';
  }
}

/** The canonical `meaning` of a witness, given its checked enclosure. */
export function witnessMeaning(kind: 'infinite-mass' | 'gradient-flow', enclosure: readonly [number, number]): string {
  return kind === 'infinite-mass'
    ? `sup f <= ${enclosure[1]} on a box of infinite volume: Z = infinity, pi does not exist`
    : `lap f - |grad f|^2 lies in [${enclosure[0]}, ${enclosure[1]}] on this box, which excludes 0: at rho = pi the noise-free flow has d/dt rho != 0, so pi is not invariant and KL(rho_t || pi) is not a Lyapunov function of it (when Z = infinity there is no pi, and no certificate either)`;
}
