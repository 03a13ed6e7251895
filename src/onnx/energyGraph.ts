// The ONNX graph of E and grad E for a network energy: MLPs, quadratic regularizers
// (lambda/2)|x - c|^2 and weighted sums of them, in float32. The gradient is backpropagation
// written out as graph ops (no autodiff in the runtime):
//   forward:  Z_l = H_{l-1} W_l^T + b_l (Gemm),  H_l = act(Z_l),  D_l = act'(Z_l)
//   backward: G_{l-1} = (G_l ∘ D_l) W_l (MatMul),  G_L = 1,  grad E = G_0.
// Every parameter (weights, biases, sum weights, lambda, center) is a graph input, not an
// initializer: a session serves any parameter values of the same structure, so a trainer can run
// negatives on its current weights without building a new session. For a fixed model the
// parameters can be constants instead (constantParameters), which lets ONNX Runtime pre-pack them.
// Inputs: x [N, d]; outputs: energy [N, 1], grad [N, d] (N symbolic).
import type { Activation, EnergyModel } from '../kernel/model.js';
import { encodeModel, FLOAT, INT64, type Initializer, type NodeSpec, type ValueInfo } from './proto.js';

/** onnx.proto IR version 8 and the default-domain opset 17: ONNX Runtime 1.14 and later load both. */
export const IR_VERSION = 8;
export const OPSET = 17;

export interface GraphParameter {
  readonly name: string;
  readonly dims: readonly number[];
  /** The model's float64 values rounded to float32. */
  readonly data: Float32Array;
}

export interface EnergyGraph {
  readonly dim: number;
  /** The serialized ModelProto. Without constantParameters it holds the structure only: equal bytes
   *  mean the same graph. */
  readonly bytes: Uint8Array;
  readonly parameters: readonly GraphParameter[];
  /** The widest intermediate (largest layer output or input dimension), for sizing runs. */
  readonly maxWidth: number;
}

export const INPUT = 'x';
export const ENERGY = 'energy';
export const GRADIENT = 'grad';

/** Why a model has no ONNX graph (an expression energy), or undefined when it has one. */
export function onnxUnsupported(model: EnergyModel): string | undefined {
  switch (model.kind) {
    case 'expression':
      return 'expression energies have no ONNX graph';
    case 'mlp':
    case 'quadratic':
      return undefined;
    case 'sum':
      for (const t of model.terms) {
        if (t.model.dim !== model.dim) return `a sum term has dimension ${t.model.dim}, not ${model.dim}`;
        const why = onnxUnsupported(t.model);
        if (why) return why;
      }
      return undefined;
  }
}

class Builder {
  readonly nodes: NodeSpec[] = [];
  readonly inputs: ValueInfo[] = [];
  readonly initializers: Initializer[] = [];
  readonly parameters: GraphParameter[] = [];
  private counter = 0;
  private readonly constants = new Map<string, string>();

  constructor(private readonly constantParameters: boolean) {}

  node(opType: string, inputs: readonly string[], intAttributes?: Record<string, number>): string {
    const out = `t${this.counter++}`;
    this.nodes.push({ opType, inputs, outputs: [out], name: `${opType}_${out}`, ...(intAttributes ? { intAttributes } : {}) });
    return out;
  }

  parameter(dims: readonly number[], values: ArrayLike<number>): string {
    const name = `p${this.parameters.length}`;
    const data = Float32Array.from(values);
    if (this.constantParameters) this.initializers.push({ name, dataType: FLOAT, dims, values: Array.from(data) });
    else this.inputs.push({ name, elemType: FLOAT, dims });
    this.parameters.push({ name, dims, data });
    return name;
  }

  /** A shared float32 scalar constant. */
  scalar(value: number): string {
    const key = `f${value}`;
    let name = this.constants.get(key);
    if (!name) {
      name = `c${this.constants.size}`;
      this.constants.set(key, name);
      this.initializers.push({ name, dataType: FLOAT, dims: [], values: [value] });
    }
    return name;
  }

  int64s(values: readonly number[]): string {
    const key = `i${values.join(',')}`;
    let name = this.constants.get(key);
    if (!name) {
      name = `c${this.constants.size}`;
      this.constants.set(key, name);
      this.initializers.push({ name, dataType: INT64, dims: [values.length], values });
    }
    return name;
  }
}

interface Terms {
  /** [N, 1] */
  readonly energy: string;
  /** [N, d] */
  readonly grad: string;
}

/** h = act(z) and d = act'(z); d undefined for the identity (act' = 1). */
function activation(b: Builder, act: Activation, z: string): { h: string; d?: string } {
  const one = () => b.scalar(1);
  switch (act) {
    case 'identity':
      return { h: z };
    case 'tanh': {
      const t = b.node('Tanh', [z]);
      return { h: t, d: b.node('Sub', [one(), b.node('Mul', [t, t])]) }; // 1 - t^2
    }
    case 'sigmoid': {
      const s = b.node('Sigmoid', [z]);
      return { h: s, d: b.node('Mul', [s, b.node('Sub', [one(), s])]) }; // s (1 - s)
    }
    case 'softplus':
      return { h: b.node('Softplus', [z]), d: b.node('Sigmoid', [z]) };
    case 'silu': {
      const s = b.node('Sigmoid', [z]);
      const h = b.node('Mul', [z, s]);
      // silu' = s (1 + z (1 - s)) = s + h (1 - s): one elementwise op fewer (they are memory-bound)
      return { h, d: b.node('Add', [s, b.node('Mul', [h, b.node('Sub', [one(), s])])]) };
    }
    case 'relu':
      return { h: b.node('Relu', [z]), d: b.node('Cast', [b.node('Greater', [z, b.scalar(0)])], { to: FLOAT }) };
  }
}

function mlp(b: Builder, x: string, model: Extract<EnergyModel, { kind: 'mlp' }>): Terms {
  const { layers } = model;
  if (layers.length === 0) throw new RangeError('onnx graph: an mlp needs at least one layer');
  let prev = model.dim;
  const forward: { w: string; h: string; d?: string; input: string }[] = [];
  let h = x;
  for (const [i, l] of layers.entries()) {
    if (l.inDim !== prev || l.weight.length !== l.inDim * l.outDim || l.bias.length !== l.outDim)
      throw new RangeError(`onnx graph: layer ${i} has shape [${l.outDim}, ${l.inDim}], expected input ${prev}`);
    prev = l.outDim;
    const w = b.parameter([l.outDim, l.inDim], l.weight);
    const bias = b.parameter([l.outDim], l.bias);
    const z = b.node('Gemm', [h, w, bias], { transB: 1 });
    const a = activation(b, l.activation, z);
    forward.push({ w, input: h, h: a.h, ...(a.d ? { d: a.d } : {}) });
    h = a.h;
  }
  if (prev !== 1) throw new RangeError(`onnx graph: the last layer has ${prev} outputs, expected 1`);
  // Backward. The output adjoint is 1, so the last layer's dE/dZ is its act'. For an identity output
  // it is 1 and dE/dH_{L-1} is W_L's single row for every particle: kept as that [1, in] row, which
  // Mul broadcasts against the next act', and expanded to [N, in] only if nothing multiplies it.
  const last = forward[forward.length - 1]!;
  let g = last.d ? b.node('MatMul', [last.d, last.w]) : last.w;
  let row = !last.d;
  for (let l = forward.length - 2; l >= 0; l--) {
    const f = forward[l]!;
    let delta: string;
    if (f.d) delta = b.node('Mul', [g, f.d]);
    else delta = row ? b.node('Expand', [g, b.node('Shape', [f.h])]) : g;
    row = false;
    g = b.node('MatMul', [delta, f.w]);
  }
  if (row) g = b.node('Expand', [g, b.node('Shape', [last.input])]);
  return { energy: h, grad: g };
}

function quadratic(b: Builder, x: string, model: Extract<EnergyModel, { kind: 'quadratic' }>): Terms {
  if (model.center.length !== model.dim) throw new RangeError(`onnx graph: the center has ${model.center.length} entries, not ${model.dim}`);
  const lambda = b.parameter([1], [model.lambda]);
  const center = b.parameter([model.dim], model.center);
  const r = b.node('Sub', [x, center]);
  const ss = b.node('ReduceSum', [b.node('Mul', [r, r]), b.int64s([1])], { keepdims: 1 });
  return { energy: b.node('Mul', [b.node('Mul', [ss, lambda]), b.scalar(0.5)]), grad: b.node('Mul', [r, lambda]) };
}

function terms(b: Builder, x: string, model: EnergyModel): Terms {
  switch (model.kind) {
    case 'mlp':
      return mlp(b, x, model);
    case 'quadratic':
      return quadratic(b, x, model);
    case 'sum': {
      let acc: Terms | undefined;
      for (const t of model.terms) {
        const w = b.parameter([1], [t.weight]);
        const part = terms(b, x, t.model);
        const e = b.node('Mul', [part.energy, w]);
        const g = b.node('Mul', [part.grad, w]);
        acc = acc ? { energy: b.node('Add', [acc.energy, e]), grad: b.node('Add', [acc.grad, g]) } : { energy: e, grad: g };
      }
      if (!acc) throw new RangeError('onnx graph: a sum needs at least one term');
      return acc;
    }
    case 'expression':
      throw new RangeError('onnx graph: expression energies have no ONNX graph');
  }
}

export interface EnergyGraphOptions {
  /** Parameters as initializers (constants) instead of graph inputs: ONNX Runtime then pre-packs the
   *  weight matrices once, but the session serves these parameter values only. */
  readonly constantParameters?: boolean;
}

function maxWidth(model: EnergyModel): number {
  switch (model.kind) {
    case 'mlp':
      return Math.max(model.dim, ...model.layers.map((l) => l.outDim));
    case 'sum':
      return Math.max(model.dim, ...model.terms.map((t) => maxWidth(t.model)));
    default:
      return model.dim;
  }
}

/** The graph of E and grad E for a network / quadratic / sum model (throws for anything else). */
export function buildEnergyGraph(model: EnergyModel, opts: EnergyGraphOptions = {}): EnergyGraph {
  const why = onnxUnsupported(model);
  if (why) throw new RangeError(`onnx graph: ${why}`);
  const b = new Builder(opts.constantParameters ?? false);
  const x: ValueInfo = { name: INPUT, elemType: FLOAT, dims: ['N', model.dim] };
  const t = terms(b, INPUT, model);
  // Graph outputs must be named values: Identity nodes give the two results their public names.
  b.nodes.push({ opType: 'Identity', inputs: [t.energy], outputs: [ENERGY], name: 'energy_out' });
  b.nodes.push({ opType: 'Identity', inputs: [t.grad], outputs: [GRADIENT], name: 'grad_out' });
  const bytes = encodeModel(
    {
      name: 'emcert_energy',
      nodes: b.nodes,
      inputs: [x, ...b.inputs],
      outputs: [
        { name: ENERGY, elemType: FLOAT, dims: ['N', 1] },
        { name: GRADIENT, elemType: FLOAT, dims: ['N', model.dim] },
      ],
      initializers: b.initializers,
    },
    { irVersion: IR_VERSION, opset: OPSET, producer: 'emcert' },
  );
  return { dim: model.dim, bytes, parameters: b.parameters, maxWidth: maxWidth(model) };
}
