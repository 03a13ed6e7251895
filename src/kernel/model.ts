// The energy as plain data: what the trusted kernel encloses and what `verify` rebuilds.
// No I/O and no tensor library: loaders in src/energy/ produce these from specs and files.
// Every model describes E (not f = E / T); the temperature is applied by the checks.

export type Activation = 'identity' | 'tanh' | 'sigmoid' | 'softplus' | 'silu' | 'relu';

/** Every activation the kernel encloses (model files may name only these). */
export const ACTIVATIONS: readonly Activation[] = ['identity', 'tanh', 'sigmoid', 'softplus', 'silu', 'relu'];

export function isActivation(name: unknown): name is Activation {
  return typeof name === 'string' && (ACTIVATIONS as readonly string[]).includes(name);
}

export interface MlpLayer {
  readonly inDim: number;
  readonly outDim: number;
  /** Row-major [outDim, inDim] (PyTorch's layout), exact float64 copies of the stored weights. */
  readonly weight: Float64Array;
  readonly bias: Float64Array;
  readonly activation: Activation;
}

export type EnergyModel =
  /** A mathjs expression in x1..xd. Decimal literals mean the decimal, not the nearest double. */
  | { readonly kind: 'expression'; readonly dim: number; readonly source: string }
  /** A multilayer perceptron with a scalar output. */
  | { readonly kind: 'mlp'; readonly dim: number; readonly layers: readonly MlpLayer[] }
  /** (lambda / 2) * |x - center|^2. */
  | { readonly kind: 'quadratic'; readonly dim: number; readonly lambda: number; readonly center: readonly number[] }
  /** sum_i weight_i * E_i (weights are the doubles given). */
  | { readonly kind: 'sum'; readonly dim: number; readonly terms: readonly { readonly weight: number; readonly model: EnergyModel }[] };
