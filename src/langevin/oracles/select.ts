// Choosing the sampling engine's gradient oracle: the float64 JS engine (on worker threads when
// threads > 1, parallel.ts), or the float32 ONNX Runtime oracle for network energies. onnxruntime-node is optional and loaded only here, on
// demand; when it is missing (or the energy is an expression) the JS engine runs instead and the
// returned note says why in one line.
import type { Energy, GradientOracle } from '../../energy/types.js';
import { onnxUnsupported } from '../../onnx/energyGraph.js';
import type { OnnxRuntimeImporter } from '../../onnx/runtime.js';
import { batchedOracle } from './batched.js';

/** js: float64, exact formulas. onnx: float32 on ONNX Runtime. auto: onnx when it is installed and the energy is a network energy. */
export type OracleBackend = 'js' | 'onnx' | 'auto';

export interface SelectedOracle {
  readonly oracle: GradientOracle;
  /** The engine that runs. */
  readonly backend: 'float64' | 'onnx';
  /** Threads evaluating a batch (worker threads beside the main thread; for onnx a session each). */
  readonly threads: number;
  /** One line for the user when the choice was not honoured (onnx requested or auto, but unavailable). */
  readonly note?: string;
  dispose(): void;
}

export interface SelectOracleOptions {
  /** The main thread plus threads - 1 worker threads, the particles split across them (default 1);
   *  for onnx a session with one intra-op thread on each. The float64 engine's samples do not depend
   *  on it; onnx's did not in our runs, but only the same seed and count are promised to reproduce. */
  readonly threads?: number;
  readonly importRuntime?: OnnxRuntimeImporter;
}

export async function selectOracle(energy: Energy, backend: OracleBackend, opts: SelectOracleOptions = {}): Promise<SelectedOracle> {
  const threads = opts.threads ?? 1;
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`selectOracle: threads must be a positive integer, got ${threads}`);
  const js = async (note?: string): Promise<SelectedOracle> => {
    const extra = note ? { note } : {};
    if (threads === 1) return { oracle: batchedOracle(energy), backend: 'float64', threads, ...extra, dispose: () => {} };
    const { createParallelOracle } = await import('./parallel.js');
    const oracle = await createParallelOracle(energy.model, threads);
    return { oracle, backend: 'float64', threads, ...extra, dispose: () => oracle.dispose() };
  };
  if (backend === 'js') return js();
  const why = onnxUnsupported(energy.model);
  if (why) return backend === 'onnx' ? js(`--backend onnx: ${why}; sampling with the float64 JS engine`) : js();
  try {
    // One thread: one session. More: a session per thread on worker threads, each with one intra-op
    // thread (particles split across them), which beats ONNX Runtime's own intra-op threads on these
    // small per-op workloads (one handoff per batch instead of one per operator).
    let oracle: GradientOracle & { dispose(): void };
    if (threads === 1) {
      const { createOnnxOracle } = await import('./onnx.js');
      oracle = await createOnnxOracle(energy.model, { threads, fixedParameters: true, ...(opts.importRuntime ? { importRuntime: opts.importRuntime } : {}) });
    } else {
      if (opts.importRuntime) await opts.importRuntime(); // a test's injected loader decides availability
      const { createParallelOracle } = await import('./parallel.js');
      oracle = await createParallelOracle(energy.model, threads, { evaluator: 'onnx' });
    }
    return { oracle, backend: 'onnx', threads, dispose: () => oracle.dispose() };
  } catch (e) {
    const reason = ((e as Error)?.message ?? String(e)).split('\n')[0];
    return js(`onnx backend unavailable (${reason}); sampling with the float64 JS engine`);
  }
}
