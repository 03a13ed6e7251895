// A minimal ONNX ModelProto writer: the protobuf wire format (varints and length-delimited fields)
// for the handful of onnx.proto messages emcert emits, so no protobuf or onnx package is needed.
// Field numbers are those of onnx/onnx.proto:
//   ModelProto       ir_version 1, producer_name 2, graph 7, opset_import 8
//   OperatorSetIdProto domain 1, version 2
//   GraphProto       node 1, name 2, initializer 5, input 11, output 12
//   NodeProto        input 1, output 2, name 3, op_type 4, attribute 5
//   AttributeProto   name 1, i 3, type 20 (INT = 2)
//   ValueInfoProto   name 1, type 2;  TypeProto tensor_type 1;  TypeProto.Tensor elem_type 1, shape 2
//   TensorShapeProto dim 1;  Dimension dim_value 1, dim_param 2
//   TensorProto      dims 1, data_type 2, name 8, raw_data 9 (little-endian)

/** TensorProto.DataType values used here. */
export const FLOAT = 1;
export const INT64 = 7;

const WIRE_VARINT = 0;
const WIRE_BYTES = 2;
const utf8 = new TextEncoder();

/** Appends protobuf fields to a growing byte list. */
export class ProtoWriter {
  private readonly parts: Uint8Array[] = [];
  private size = 0;

  private push(bytes: Uint8Array): void {
    this.parts.push(bytes);
    this.size += bytes.length;
  }

  private tag(field: number, wire: number): void {
    this.push(varint(BigInt(field * 8 + wire)));
  }

  /** An int64/int32/enum field (negative values as ten-byte two's complement, as protobuf does). */
  int(field: number, value: number | bigint): this {
    this.tag(field, WIRE_VARINT);
    this.push(varint(BigInt.asUintN(64, BigInt(value))));
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.tag(field, WIRE_BYTES);
    this.push(varint(BigInt(value.length)));
    this.push(value);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, utf8.encode(value));
  }

  message(field: number, value: ProtoWriter): this {
    return this.bytes(field, value.finish());
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.size);
    let off = 0;
    for (const p of this.parts) {
      out.set(p, off);
      off += p.length;
    }
    return out;
  }
}

function varint(v: bigint): Uint8Array {
  const out: number[] = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    out.push(byte);
  } while (v > 0n);
  return Uint8Array.from(out);
}

/** A dimension: a fixed size, or a symbolic name (the batch). */
export type Dim = number | string;

export interface ValueInfo {
  readonly name: string;
  readonly elemType: number;
  readonly dims: readonly Dim[];
}

export interface Initializer {
  readonly name: string;
  readonly dataType: typeof FLOAT | typeof INT64;
  readonly dims: readonly number[];
  readonly values: readonly number[];
}

export interface NodeSpec {
  readonly opType: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly name: string;
  /** Integer attributes only (all this writer needs: Gemm transB, Cast to, ReduceSum keepdims). */
  readonly intAttributes?: Readonly<Record<string, number>>;
}

export interface GraphSpec {
  readonly name: string;
  readonly nodes: readonly NodeSpec[];
  readonly inputs: readonly ValueInfo[];
  readonly outputs: readonly ValueInfo[];
  readonly initializers: readonly Initializer[];
}

function valueInfo(v: ValueInfo): ProtoWriter {
  const shape = new ProtoWriter();
  for (const d of v.dims) shape.message(1, typeof d === 'number' ? new ProtoWriter().int(1, d) : new ProtoWriter().string(2, d));
  const tensorType = new ProtoWriter().int(1, v.elemType).message(2, shape);
  return new ProtoWriter().string(1, v.name).message(2, new ProtoWriter().message(1, tensorType));
}

function tensor(t: Initializer): ProtoWriter {
  const w = new ProtoWriter();
  for (const d of t.dims) w.int(1, d);
  w.int(2, t.dataType);
  w.string(8, t.name);
  let raw: Uint8Array;
  if (t.dataType === FLOAT) raw = new Uint8Array(Float32Array.from(t.values).buffer);
  else raw = new Uint8Array(BigInt64Array.from(t.values.map((v) => BigInt(v))).buffer);
  // Typed arrays use the platform's byte order; raw_data is little-endian (every platform Node runs on here).
  return w.bytes(9, raw);
}

function node(n: NodeSpec): ProtoWriter {
  const w = new ProtoWriter();
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  w.string(3, n.name);
  w.string(4, n.opType);
  for (const [name, value] of Object.entries(n.intAttributes ?? {})) w.message(5, new ProtoWriter().string(1, name).int(3, value).int(20, 2));
  return w;
}

/** The serialized ModelProto of a graph in the default ONNX domain at the given opset. */
export function encodeModel(graph: GraphSpec, opts: { irVersion: number; opset: number; producer: string }): Uint8Array {
  const g = new ProtoWriter();
  for (const n of graph.nodes) g.message(1, node(n));
  g.string(2, graph.name);
  for (const t of graph.initializers) g.message(5, tensor(t));
  for (const v of graph.inputs) g.message(11, valueInfo(v));
  for (const v of graph.outputs) g.message(12, valueInfo(v));
  return new ProtoWriter()
    .int(1, opts.irVersion)
    .string(2, opts.producer)
    .message(7, g)
    .message(8, new ProtoWriter().string(1, '').int(2, opts.opset))
    .finish();
}
