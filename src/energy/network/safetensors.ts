// The safetensors format (https://github.com/huggingface/safetensors): an unsigned 64-bit
// little-endian header length N, N bytes of JSON {name: {dtype, shape, data_offsets: [begin, end]},
// "__metadata__"?: {string: string}}, then the raw little-endian tensor bytes, offsets relative to
// the end of the header. Only F32 and F64 are accepted; everything is validated before use.
import { InputError } from '../../util/errors.js';

export type TensorDtype = 'F32' | 'F64';

export interface Tensor {
  readonly dtype: TensorDtype;
  readonly shape: readonly number[];
  /** Exact float64 copies of the stored values (float32 widens exactly). */
  readonly data: Float64Array;
}

const BYTES: Readonly<Record<TensorDtype, number>> = { F32: 4, F64: 8 };

/** Parses a whole safetensors file; `path` names it in messages. */
export function readSafetensors(bytes: Uint8Array, path: string): Map<string, Tensor> {
  const fail = (what: string): never => {
    throw new InputError(`${path}: ${what}`);
  };
  if (bytes.length < 8) fail(`not a safetensors file (${bytes.length} bytes, shorter than the 8-byte header length)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getBigUint64(0, true);
  if (headerLength > BigInt(bytes.length - 8))
    fail(`truncated or not a safetensors file (header length ${headerLength} exceeds the ${bytes.length - 8} bytes after it)`);
  const n = Number(headerLength);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n)));
  } catch (e) {
    return fail(`header is not valid JSON (${(e as Error).message})`);
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) return fail('header is not a JSON object');
  const dataStart = 8 + n;
  const dataLength = bytes.length - dataStart;
  const tensors = new Map<string, Tensor>();
  for (const [name, entry] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') continue;
    const where = `tensor ${JSON.stringify(name)}`;
    if (entry === null || typeof entry !== 'object') fail(`${where}: header entry is not an object`);
    const { dtype, shape, data_offsets: offsets } = entry as Record<string, unknown>;
    if (dtype !== 'F32' && dtype !== 'F64') fail(`${where}: unsupported dtype ${JSON.stringify(dtype)} (use F32 or F64)`);
    if (!Array.isArray(shape) || !shape.every((s) => Number.isSafeInteger(s) && s >= 0))
      fail(`${where}: shape ${JSON.stringify(shape)} is not a list of non-negative integers`);
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((s) => Number.isSafeInteger(s) && s >= 0))
      fail(`${where}: data_offsets ${JSON.stringify(offsets)} is not [begin, end]`);
    const dt = dtype as TensorDtype;
    const sh = shape as number[];
    const [begin, end] = offsets as [number, number];
    const count = sh.reduce((a, b) => a * b, 1);
    if (end < begin) fail(`${where}: data_offsets [${begin}, ${end}] end before they begin`);
    if (end - begin !== count * BYTES[dt])
      fail(`${where}: data_offsets [${begin}, ${end}] hold ${end - begin} bytes but shape [${sh.join(', ')}] of ${dt} needs ${count * BYTES[dt]}`);
    if (end > dataLength) fail(`truncated: ${where} ends at byte ${end} of the data but the file holds only ${dataLength} data bytes`);
    const data = new Float64Array(count);
    const base = dataStart + begin;
    if (dt === 'F32') for (let i = 0; i < count; i++) data[i] = view.getFloat32(base + 4 * i, true);
    else for (let i = 0; i < count; i++) data[i] = view.getFloat64(base + 8 * i, true);
    tensors.set(name, { dtype: dt, shape: sh, data });
  }
  return tensors;
}

export interface TensorToWrite {
  readonly shape: readonly number[];
  readonly data: ArrayLike<number>;
}

/** Serializes tensors (in the order given) as one safetensors file of the given dtype. */
export function writeSafetensors(tensors: ReadonlyMap<string, TensorToWrite>, dtype: TensorDtype, metadata?: Record<string, string>): Uint8Array {
  const size = BYTES[dtype];
  const header: Record<string, unknown> = {};
  if (metadata !== undefined) header.__metadata__ = metadata;
  let offset = 0;
  for (const [name, t] of tensors) {
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (count !== t.data.length) throw new Error(`writeSafetensors: tensor ${name} has ${t.data.length} values for shape [${t.shape.join(', ')}]`);
    header[name] = { dtype, shape: [...t.shape], data_offsets: [offset, offset + count * size] };
    offset += count * size;
  }
  // Pad the header with spaces to a multiple of 8 bytes, as the reference implementation does.
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length) json = new TextEncoder().encode(JSON.stringify(header) + ' '.repeat(padded - json.length));
  const out = new Uint8Array(8 + json.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let p = 8 + json.length;
  for (const t of tensors.values()) {
    for (let i = 0; i < t.data.length; i++) {
      if (dtype === 'F32') view.setFloat32(p, t.data[i]!, true);
      else view.setFloat64(p, t.data[i]!, true);
      p += size;
    }
  }
  return out;
}
