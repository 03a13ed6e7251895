// The stopping question in f-units (f = E / T): the producer proposes routes, the kernel re-checks them.
// Every constant here is a certified bound on a constant of f, never of E.
import type { Interval } from '../interval.js';
import type { EnergyModel } from '../model.js';
import type { GridSpec } from './gridPropagation.js';
import type { LocalisationEvidence } from './localisation.js';

/** Evidence that f is exactly quadratic: f(x) = f(0) + b.x + x'Ax/2 with A in `hessian`, b in `gradientAtOrigin`. */
export interface QuadraticEvidence {
  readonly hessian: readonly (readonly Interval[])[];
  readonly gradientAtOrigin: readonly Interval[];
}

export interface StoppingInput {
  readonly dim: number;
  readonly temperature: number;
  /** The KL target: KL(rho_N || pi) <= epsilon. */
  readonly epsilon: number;
  /** rho_0 = N(mean * 1, std^2 I). */
  readonly init: { readonly mean: number; readonly std: number };
  /** Certified lower bound of the log-Sobolev constant of pi = exp(-f) / Z. */
  readonly alpha: number;
  /** Certified upper bound of sup |eigenvalues of hess f| (may be Infinity). */
  readonly smoothness: number;
  /** Certified upper bound of KL(rho_0 || pi) (may be Infinity). */
  readonly kl0: number;
  /** Certified m > 0 with hess f >= m I everywhere. */
  readonly strongConvexity?: number;
  readonly quadratic?: QuadraticEvidence;
  /**
   * Preconditioned ULA with P = C C^T (proofs/stopping-preconditioned.md): C lower-triangular, and then
   * alpha, smoothness and strongConvexity are constants of g(y) = f(C y), kl0 is KL(rho_0 || pi)
   * (invariant under y = C^-1 x), quadratic is still f's evidence in x.
   */
  readonly preconditioner?: readonly (readonly number[])[];
  /** The energy itself (the grid-propagation route re-propagates the ULA law through it). */
  readonly model?: EnergyModel;
  /** The TV target of the TV routes: TV(mu_N, pi) <= tvEpsilon. */
  readonly tvEpsilon?: number;
}

export type StoppingRouteName =
  | 'vempala-wibisono-seed'
  | 'vempala-wibisono-optimised'
  | 'exact-gaussian'
  | 'kl-hessian-lipschitz'
  | 'grid-propagation'
  | 'localisation';

export interface StoppingRoute {
  readonly route: StoppingRouteName;
  readonly theorem: string;
  readonly applies: boolean;
  readonly reason?: string;
  /** The engine's step eta = h / T. */
  readonly stepSize?: number;
  /** The step in f-units, h = eta * T. */
  readonly h?: number;
  readonly steps?: number;
  /** What the route bounds: KL(rho_N || pi) <= epsilon (default) or TV(mu_N, pi) <= tvEpsilon. */
  readonly metric?: 'KL' | 'TV';
  /** grid-propagation: the grid the law is propagated on. */
  readonly grid?: GridSpec;
  /** grid-propagation: the claimed bound on TV(mu_steps, pi), at least what the kernel re-derives. */
  readonly tvBound?: number;
  /** localisation: the localised energy, drift and mass evidence (proofs/stopping-localisation.md). */
  readonly localisation?: LocalisationEvidence;
  /** kl-hessian-lipschitz: its third-order evidence, re-derived by the kernel. */
  readonly hessianLipschitz?: HessianLipschitzEvidence;
}

/**
 * M with ||hess f(x) - hess f(y)||_op <= M |x - y| (at least the kernel's bound over the grid cover
 * cut at `breaks`, one list of increasing breakpoints per axis, unbounded end cells), and the point
 * `center` whose gradient locates the minimiser (|x* - c| <= |grad f(c)| / m).
 */
export interface HessianLipschitzEvidence {
  readonly upper: number;
  readonly breaks: readonly (readonly number[])[];
  readonly center: readonly number[];
}

export type RouteCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** The proof document of each route; the kernel refuses a route whose theorem field differs. */
export const ROUTE_THEOREMS: Readonly<Record<StoppingRouteName, string>> = {
  'vempala-wibisono-seed': 'proofs/stopping-vempala-wibisono.md',
  'vempala-wibisono-optimised': 'proofs/stopping-vempala-wibisono.md',
  'exact-gaussian': 'proofs/stopping-exact-gaussian.md',
  'kl-hessian-lipschitz': 'proofs/stopping-kl-hessian-lipschitz.md',
  'grid-propagation': 'proofs/stopping-grid-propagation.md',
  localisation: 'proofs/stopping-localisation.md',
};
