// The gradient oracle training's negatives run on: E = V_theta + (lambda/2)|x|^2 at the current
// weights. ONNX Runtime (float32) when onnxruntime-node is installed: its session is built once and
// fed each step's weights as graph inputs (setModel), 10-20x faster than the float64 JS evaluator at
// these batch sizes. Otherwise the float64 batched JS evaluator, rebuilt on the new weights each
// step (a transpose per layer), and one line saying why. Negatives only shape the training
// gradient: nothing certified is computed here.
import type { EnergyModel, MlpLayer } from '../kernel/model.js';
import type { GradientOracle } from '../energy/types.js';
import { oracleForModel } from '../langevin/oracles/batched.js';
import type { OnnxRuntimeImporter } from '../onnx/runtime.js';

export type NegativeBackend = 'onnx' | 'float64';

export interface NegativeOracle {
  /** Reads the weights last given to update(). */
  readonly oracle: GradientOracle;
  readonly backend: NegativeBackend;
  /** Why ONNX Runtime is not used, in one line (float64 only). */
  readonly note?: string;
  /** Points the oracle at new weights of the same shapes. */
  update(layers: readonly MlpLayer[]): void;
  dispose(): void;
}

export interface NegativeOracleOptions {
  /** 'auto' (default): ONNX Runtime when it loads, else float64 JS. 'float64': JS always. */
  readonly backend?: 'auto' | 'float64';
  /** ONNX Runtime intra-op threads, or for float64 the threads evaluating a batch (worker threads); default 1. */
  readonly threads?: number;
  /** How to load onnxruntime-node (tests inject a failing one). */
  readonly importRuntime?: OnnxRuntimeImporter;
}

/** The trained energy as a model: the network plus the quadratic regularizer centred at 0. */
export function trainedEnergyModel(dim: number, layers: readonly MlpLayer[], lambda: number): EnergyModel {
  return {
    kind: 'sum',
    dim,
    terms: [
      { weight: 1, model: { kind: 'mlp', dim, layers } },
      { weight: 1, model: { kind: 'quadratic', dim, lambda, center: new Array<number>(dim).fill(0) } },
    ],
  };
}

export async function createNegativeOracle(dim: number, layers: readonly MlpLayer[], lambda: number, opts: NegativeOracleOptions = {}): Promise<NegativeOracle> {
  const model = (l: readonly MlpLayer[]) => trainedEnergyModel(dim, l, lambda);
  let note: string | undefined;
  if (opts.backend !== 'float64') {
    try {
      const { createOnnxOracle } = await import('../langevin/oracles/onnx.js');
      const onnx = await createOnnxOracle(model(layers), { threads: opts.threads ?? 1, ...(opts.importRuntime ? { importRuntime: opts.importRuntime } : {}) });
      return { oracle: onnx, backend: 'onnx', update: (l) => onnx.setModel(model(l)), dispose: () => onnx.dispose() };
    } catch (e) {
      const reason = ((e as Error)?.message ?? String(e)).split('\n')[0];
      note = `training negatives: onnx backend unavailable (${reason}); using the float64 JS engine (slower)`;
    }
  }
  if ((opts.threads ?? 1) > 1) {
    const { createParallelOracle } = await import('../langevin/oracles/parallel.js');
    const parallel = await createParallelOracle(model(layers), opts.threads!);
    return { oracle: parallel, backend: 'float64', ...(note ? { note } : {}), update: (l) => parallel.setModel(model(l)), dispose: () => parallel.dispose() };
  }
  let current = oracleForModel(model(layers))!;
  // A stable object whose calls go to the oracle of the latest weights.
  const oracle: GradientOracle = {
    dim,
    valueAndGradientBatch: (xs, n, values, grads) => current.valueAndGradientBatch(xs, n, values, grads),
  };
  return {
    oracle,
    backend: 'float64',
    ...(note ? { note } : {}),
    update: (l) => {
      current = oracleForModel(model(l))!;
    },
    dispose: () => {},
  };
}
