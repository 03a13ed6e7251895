// The float32 gradient oracle on ONNX Runtime: E and its analytic gradient for network energies
// (MLPs, quadratic regularizers and their sums) computed by an inference session over the whole
// batch. Only for sampling speed: certificates never use it (they need float64 and enclosures).
// The session is built once per graph structure; the parameters are graph inputs, so setModel()
// swaps in new weights of the same structure without a new session.
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
  /** How to load onnxruntime-node (default: lazily from node_modules). Tests inject a failing one. */
  readonly importRuntime?: OnnxRuntimeImporter;
}

/** Rejects when onnxruntime-node cannot be loaded or the model has no ONNX graph (an expression). */
export async function createOnnxOracle(model: EnergyModel, opts: OnnxOracleOptions = {}): Promise<OnnxOracle> {
  const threads = opts.threads ?? 1;
  const graph = buildEnergyGraph(model);
  const runtime = await (opts.importRuntime ?? importOnnxRuntime)();
  const session = await createSession(runtime, graph.bytes, { threads });
  return new SessionOracle(runtime, session, graph, threads);
}

class SessionOracle implements OnnxOracle {
  readonly dim: number;
  readonly runtimeVersion: string;
  private feeds: Record<string, OrtTensor> = {};
  /** Batch buffers and their tensors, rebuilt when the batch size changes. */
  private n = -1;
  private x = new Float32Array(0);
  private e = new Float32Array(0);
  private g = new Float32Array(0);
  private fetches: Record<string, OrtTensor> = {};
  private disposed = false;

  constructor(
    private readonly runtime: OnnxRuntime,
    private readonly session: NativeSession,
    private graph: EnergyGraph,
    readonly threads: number,
  ) {
    this.dim = graph.dim;
    this.runtimeVersion = runtime.version;
    this.setParameters(graph);
  }

  private setParameters(graph: EnergyGraph): void {
    const feeds: Record<string, OrtTensor> = {};
    for (const p of graph.parameters) feeds[p.name] = new this.runtime.Tensor('float32', p.data, p.dims);
    if (this.n > 0) feeds[INPUT] = new this.runtime.Tensor('float32', this.x, [this.n, this.dim]);
    this.feeds = feeds;
    this.graph = graph;
  }

  setModel(model: EnergyModel): void {
    const next = buildEnergyGraph(model);
    if (!sameBytes(next.bytes, this.graph.bytes))
      throw new RangeError('onnx oracle: setModel needs a model of the same structure (layers, activations, sum terms)');
    this.setParameters(next);
  }

  private resize(n: number): void {
    const d = this.dim;
    this.n = n;
    this.x = new Float32Array(n * d);
    this.e = new Float32Array(n);
    this.g = new Float32Array(n * d);
    this.feeds[INPUT] = new this.runtime.Tensor('float32', this.x, [n, d]);
    this.fetches = {
      [ENERGY]: new this.runtime.Tensor('float32', this.e, [n, 1]),
      [GRADIENT]: new this.runtime.Tensor('float32', this.g, [n, d]),
    };
  }

  valueAndGradientBatch(xs: Float64Array, n: number, values: Float64Array, grads: Float64Array): void {
    if (this.disposed) throw new Error('onnx oracle: used after dispose()');
    if (n !== this.n) this.resize(n);
    const nd = n * this.dim;
    const x = this.x;
    for (let k = 0; k < nd; k++) x[k] = xs[k]!; // rounds to float32
    // The outputs go into this.e and this.g (preallocated fetches); read them from what run
    // returns all the same, in case a binding hands back new buffers.
    const out = this.session.run(this.feeds, this.fetches, {});
    const e = (out[ENERGY]?.data as Float32Array | undefined) ?? this.e;
    const g = (out[GRADIENT]?.data as Float32Array | undefined) ?? this.g;
    for (let i = 0; i < n; i++) values[i] = e[i]!;
    for (let k = 0; k < nd; k++) grads[k] = g[k]!;
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
