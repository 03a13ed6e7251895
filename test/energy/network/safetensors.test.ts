import { describe, expect, it } from 'vitest';
import { readSafetensors, writeSafetensors } from '../../../src/energy/network/safetensors.js';
import { InputError } from '../../../src/util/errors.js';

function handWritten(header: object, data: Uint8Array): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

function f32(...v: number[]): Uint8Array {
  return new Uint8Array(Float32Array.from(v).buffer);
}

function refusal(bytes: Uint8Array): string {
  try {
    readSafetensors(bytes, 'w.safetensors');
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('safetensors reader', () => {
  it('reads a hand-written file (the byte layout of the format)', () => {
    const data = new Uint8Array([...f32(1.5, -2, 0.1), ...new Uint8Array(Float64Array.from([Math.PI]).buffer)]);
    const t = readSafetensors(
      handWritten(
        { __metadata__: { format: 'pt' }, a: { dtype: 'F32', shape: [3], data_offsets: [0, 12] }, b: { dtype: 'F64', shape: [1, 1], data_offsets: [12, 20] } },
        data,
      ),
      'w.safetensors',
    );
    expect(Array.from(t.get('a')!.data)).toEqual([1.5, -2, Math.fround(0.1)]);
    expect(t.get('b')!.shape).toEqual([1, 1]);
    expect(t.get('b')!.data[0]).toBe(Math.PI);
    expect(t.has('__metadata__')).toBe(false);
  });

  it('round-trips what it writes, in float32 and float64, with an 8-byte-aligned header', () => {
    const tensors = new Map([
      ['0.weight', { shape: [2, 3], data: [0.1, 0.2, 0.3, -1, 2, 1e-30] }],
      ['0.bias', { shape: [2], data: [7, -7] }],
    ]);
    for (const dtype of ['F32', 'F64'] as const) {
      const bytes = writeSafetensors(tensors, dtype);
      expect(Number(new DataView(bytes.buffer).getBigUint64(0, true)) % 8).toBe(0);
      const back = readSafetensors(bytes, 'x');
      for (const [name, t] of tensors) {
        expect(back.get(name)!.dtype).toBe(dtype);
        expect(back.get(name)!.shape).toEqual(t.shape);
        expect(Array.from(back.get(name)!.data)).toEqual(t.data.map((v) => (dtype === 'F32' ? Math.fround(v) : v)));
      }
    }
  });

  it('refuses a file shorter than its header length', () => {
    expect(refusal(new Uint8Array(5))).toMatch(/^w\.safetensors: not a safetensors file/);
    const bytes = handWritten({ a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, f32(1));
    expect(refusal(bytes.subarray(0, 20))).toMatch(/^w\.safetensors: truncated or not a safetensors file \(header length/);
  });

  it('refuses truncated tensor data, naming the tensor', () => {
    const bytes = handWritten({ a: { dtype: 'F32', shape: [4], data_offsets: [0, 16] } }, f32(1, 2, 3, 4));
    expect(refusal(bytes.subarray(0, bytes.length - 3))).toMatch(/^w\.safetensors: truncated: tensor "a" ends at byte 16 of the data but the file holds only 13/);
  });

  it('refuses offsets that do not match the shape, unknown dtypes and a non-JSON header', () => {
    expect(refusal(handWritten({ a: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, f32(1, 2)))).toMatch(/tensor "a": data_offsets \[0, 8\] hold 8 bytes but shape \[3\] of F32 needs 12/);
    expect(refusal(handWritten({ a: { dtype: 'BF16', shape: [2], data_offsets: [0, 4] } }, f32(1)))).toMatch(/tensor "a": unsupported dtype "BF16"/);
    expect(refusal(handWritten({ a: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } }, f32(1)))).toMatch(/shape \[-1\] is not a list of non-negative integers/);
    expect(refusal(handWritten({ a: { dtype: 'F32', shape: [1], data_offsets: [4, 0] } }, f32(1)))).toMatch(/end before they begin/);
    const garbage = new Uint8Array(16);
    new DataView(garbage.buffer).setBigUint64(0, 8n, true);
    garbage.set(new TextEncoder().encode('{{{{{{{{'), 8);
    expect(refusal(garbage)).toMatch(/header is not valid JSON/);
    expect(refusal(handWritten([1, 2], new Uint8Array(0)))).toMatch(/header is not a JSON object/);
  });
});
