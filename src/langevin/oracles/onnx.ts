// The float32 gradient oracle on ONNX Runtime: E and its analytic gradient for network energies
// (MLPs, quadratic regularizers and their sums) computed by an inference session over the whole
// batch. Only for sampling speed: certificates never use it (they need float64 and enclosures).
// The session is built once per graph structure; the parameters are graph inputs, so setModel()
// swaps in new weights of the same structure without a new session (or constants, for a fixed model:
// fixedParameters). A batch runs in slices of rowsPerRun particles, which keeps the intermediates in cache.
// The same inputs and thread count give the same outputs bit for bit (ONNX Runtime's CPU kernels
// split the work by thread count, not by timing).
import type { EnergyModel } from '../../kernel/model.js';
import type { GradientOracle } from '../../energy/types.js';
import { buildEnergyGraph, ENERGY, GRADIENT, INPUT, type EnergyGraph } from '../../onnx/energyGraph.js';
import { createSession, importOnnxRuntime, type NativeSession, type OnnxRuntime, type OnnxRuntimeImporter, type OrtTensor } from '../../onnx/runtime.js';

export interface OnnxOracle extends GradientOracle {
  /** ONNX Runtime's version. */
  readonly runtimeVersion: string;
  readonly threads: number;
  /** New parameter values for a model of the same structure (throws if the structure differs). */
  setModel(model: EnergyModel): void;
  dispose(): void;
}

export interface OnnxOracleOptions {
  /** intraOpNumThreads (default 1). */
  readonly threads?: number;
  /** Bake the parameters into the graph as constants (default false). ONNX Runtime then pre-packs
   *  the weight matrices once instead of on every run (about 10% on a 256-wide network), but
   *  setModel() throws: for sampling a fixed model, not for training. */
  readonly fixedParameters?: boolean;
  /** Rows per session run (default: chosen from the widest layer, see rowsPerRun). */
  readonly rowsPerRun?: number;
  /** How to load onnxruntime-node (default: lazily from node_modules). Tests inject a failing one. */
  readonly importRuntime?: OnnxRuntimeImporter;
}

/**
 * Rows (particles) per session run. A run over the whole batch streams every [N, width]
 * intermediate through main memory (4096 x 256 float32 is 4 MB, twice this machine's L2); runs of a
 * few hundred rows keep them in cache and are 1.5-1.8x faster on a 256-wide network. Smaller runs
 * pay ONNX Runtime's per-run overhead (tens of microseconds), so the target is ~256 KB per
 * intermediate: 256 rows at width 256 (about 3% less CPU than 512 rows, whose 512 KB intermediates
 * and their operands crowd the 2 MB L2), 1024 at width 64 (as fast as 2048). A function of the graph
 * only, so the same graph splits a batch the same way every time (reproducibility).
 */
export function rowsPerRun(maxWidth: number): number {
  const target = (256 * 1024) / 4 / Math.max(1, maxWidth);
  let rows = 128;
  while (rows * 2 <= target && rows < 4096) rows *= 2;
  return rows;
}

/** Rejects when onnxruntime-node cannot be loaded or the model has no ONNX graph (an expression). */
export async function createOnnxOracle(model: EnergyModel, opts: OnnxOracleOptions = {}): Promise<OnnxOracle> {
  const threads = opts.threads ?? 1;
  const fixed = opts.fixedParameters ?? false;
  const graph = buildEnergyGraph(model, { constantParameters: fixed });
  const rows = opts.rowsPerRun ?? rowsPerRun(graph.maxWidth);
  if (!Number.isInteger(rows) || rows < 1) throw new RangeError(`onnx oracle: rowsPerRun must be a positive integer, got ${rows}`);
  const runtime = await (opts.importRuntime ?? importOnnxRuntime)();
  const session = await createSession(runtime, graph.bytes, { threads });
  return new SessionOracle(runtime, session, graph, threads, fixed, rows);
}

/** float32 buffers for `rows` particles and the tensors over them (inputs and preallocated outputs). */
interface RunBuffers {
  readonly rows: number;
  readonly x: Float32Array;
  readonly e: Float32Array;
  readonly g: Float32Array;
  readonly input: OrtTensor;
  readonly fetches: Record<string, OrtTensor>;
}

class SessionOracle implements OnnxOracle {
  readonly dim: number;
  readonly runtimeVersion: string;
  private feeds: Record<string, OrtTensor> = {};
  /** Buffers of a full run (rowsPerRun rows), and of the last, partial run of a batch. */
  private full: RunBuffers | undefined;
  private tail: RunBuffers | undefined;
  private disposed = false;

  constructor(
    private readonly runtime: OnnxRuntime,
    private readonly session: NativeSession,
    private graph: EnergyGraph,
    readonly threads: number,
    private readonly fixedParameters: boolean,
    private readonly rowsPerRun: number,
  ) {
    this.dim = graph.dim;
    this.runtimeVersion = runtime.version;
    this.setParameters(graph);
  }

  private setParameters(graph: EnergyGraph): void {
    const feeds: Record<string, OrtTensor> = {};
    if (!this.fixedParameters) for (const p of graph.parameters) feeds[p.name] = new this.runtime.Tensor('float32', p.data, p.dims);
    this.feeds = feeds;
    this.graph = graph;
  }

  setModel(model: EnergyModel): void {
    if (this.fixedParameters) throw new RangeError('onnx oracle: setModel is not available on an oracle built with fixedParameters');
    const next = buildEnergyGraph(model);
    if (!sameBytes(next.bytes, this.graph.bytes))
      throw new RangeError('onnx oracle: setModel needs a model of the same structure (layers, activations, sum terms)');
    this.setParameters(next);
  }

  private buffers(rows: number): RunBuffers {
    const d = this.dim;
    const x = new Float32Array(rows * d);
    const e = new Float32Array(rows);
    const g = new Float32Array(rows * d);
    return {
      rows,
      x,
      e,
      g,
      input: new this.runtime.Tensor('float32', x, [rows, d]),
      fetches: {
        [ENERGY]: new this.runtime.Tensor('float32', e, [rows, 1]),
        [GRADIENT]: new this.runtime.Tensor('float32', g, [rows, d]),
      },
    };
  }

  valueAndGradientBatch(xs: Float64Array, n: number, values: Float64Array, grads: Float64Array): void {
    if (this.disposed) throw new Error('onnx oracle: used after dispose()');
    const per = this.rowsPerRun;
    for (let start = 0; start < n; start += per) {
      const rows = Math.min(per, n - start);
      let b: RunBuffers;
      if (rows === per) b = this.full ??= this.buffers(per);
      else b = this.tail && this.tail.rows === rows ? this.tail : (this.tail = this.buffers(rows));
      this.runRows(b, xs, start, values, grads);
    }
  }

  /** One session run on particles start .. start + b.rows. */
  private runRows(b: RunBuffers, xs: Float64Array, start: number, values: Float64Array, grads: Float64Array): void {
    const d = this.dim;
    const off = start * d;
    const nd = b.rows * d;
    const x = b.x;
    for (let k = 0; k < nd; k++) x[k] = xs[off + k]!; // rounds to float32
    this.feeds[INPUT] = b.input;
    // The outputs go into b.e and b.g (preallocated fetches); read them from what run returns all
    // the same, in case a binding hands back new buffers.
    const out = this.session.run(this.feeds, b.fetches, {});
    const e = (out[ENERGY]?.data as Float32Array | undefined) ?? b.e;
    const g = (out[GRADIENT]?.data as Float32Array | undefined) ?? b.g;
    for (let i = 0; i < b.rows; i++) values[start + i] = e[i]!;
    for (let k = 0; k < nd; k++) grads[off + k] = g[k]!;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.session.dispose();
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
