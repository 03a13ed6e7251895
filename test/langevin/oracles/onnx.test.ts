// The float32 ONNX Runtime oracle against the float64 JS evaluator (src/energy/network/mlp.ts):
// E and grad E on random points, for every activation and for a network + regularizer sum; the
// protobuf writer; the fallback when onnxruntime-node is absent; bit-for-bit reproducibility.
import { describe, expect, it } from 'vitest';
import { energyFromModel } from '../../../src/energy/spec.js';
import { ACTIVATIONS, type Activation, type EnergyModel, type MlpLayer } from '../../../src/kernel/model.js';
import { initialPositions } from '../../../src/langevin/init.js';
import { createOnnxOracle, rowsPerRun } from '../../../src/langevin/oracles/onnx.js';
import { selectOracle } from '../../../src/langevin/oracles/select.js';
import { runChain } from '../../../src/langevin/run.js';
import { buildEnergyGraph, onnxUnsupported } from '../../../src/onnx/energyGraph.js';
import { ProtoWriter } from '../../../src/onnx/proto.js';
import { createRng } from '../../../src/random/rng.js';
import { onnxRuntimeInstalled as installed } from '../../helpers/onnx.js';

const withOrt = installed ? it : it.skip;

function layer(inDim: number, outDim: number, activation: Activation, rng: ReturnType<typeof createRng>): MlpLayer {
  const weight = new Float64Array(inDim * outDim);
  rng.fillNormal(weight);
  for (let k = 0; k < weight.length; k++) weight[k] = (1.5 * weight[k]!) / Math.sqrt(inDim);
  const bias = new Float64Array(outDim);
  rng.fillNormal(bias);
  for (let k = 0; k < bias.length; k++) bias[k] = 0.3 * bias[k]!;
  return { inDim, outDim, weight, bias, activation };
}

/** dim -> 16 -> 16 -> 1 with `activation` on the hidden layers, and `last` on the output. */
function network(dim: number, activation: Activation, seed: number, last: Activation = 'identity'): EnergyModel {
  const rng = createRng(seed);
  return { kind: 'mlp', dim, layers: [layer(dim, 16, activation, rng), layer(16, 16, activation, rng), layer(16, 1, last, rng)] };
}

/** Max over points of |a - b| / (1 + |b|), for value and gradient. */
async function compare(model: EnergyModel, n = 200, opts: Parameters<typeof createOnnxOracle>[1] = {}): Promise<{ value: number; grad: number }> {
  const energy = energyFromModel(model);
  const oracle = await createOnnxOracle(model, opts);
  try {
    const d = model.dim;
    const xs = new Float64Array(n * d);
    createRng(99).fillNormal(xs);
    for (let k = 0; k < xs.length; k++) xs[k] = 2 * xs[k]!;
    const [v, g] = [new Float64Array(n), new Float64Array(n * d)];
    oracle.valueAndGradientBatch(xs, n, v, g);
    let value = 0;
    let grad = 0;
    for (let i = 0; i < n; i++) {
      const x = xs.slice(i * d, i * d + d);
      const e = energy.value(x);
      const ge = energy.gradient(x);
      value = Math.max(value, Math.abs(v[i]! - e) / (1 + Math.abs(e)));
      for (let j = 0; j < d; j++) grad = Math.max(grad, Math.abs(g[i * d + j]! - ge[j]!) / (1 + Math.abs(ge[j]!)));
    }
    return { value, grad };
  } finally {
    oracle.dispose();
  }
}

// float32 rounding of the inputs, weights and every intermediate: a few 1e-7 relative per op,
// amplified by the depth; 2e-5 is far above that and far below any formula error.
const TOL = 2e-5;

describe('ONNX energy graph', () => {
  it('protobuf varints: small, multi-byte and negative int64 values', () => {
    expect(Array.from(new ProtoWriter().int(1, 1).finish())).toEqual([0x08, 0x01]);
    expect(Array.from(new ProtoWriter().int(2, 300).finish())).toEqual([0x10, 0xac, 0x02]);
    expect(Array.from(new ProtoWriter().int(1, -1).finish())).toEqual([0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
    expect(Array.from(new ProtoWriter().string(2, 'ab').finish())).toEqual([0x12, 0x02, 0x61, 0x62]);
  });

  it('parameters are graph inputs (weights, biases, sum weights, lambda, center), not stored in the model bytes', () => {
    const a = buildEnergyGraph(network(2, 'tanh', 1));
    const b = buildEnergyGraph(network(2, 'tanh', 2));
    expect(a.parameters.map((p) => p.dims)).toEqual([[16, 2], [16], [16, 16], [16], [1, 16], [1]]);
    expect(Array.from(a.bytes)).toEqual(Array.from(b.bytes));
    expect(onnxUnsupported({ kind: 'expression', dim: 1, source: 'x1^2' })).toMatch(/expression/);
    expect(onnxUnsupported({ kind: 'sum', dim: 1, terms: [{ weight: 1, model: { kind: 'expression', dim: 1, source: 'x1^2' } }] })).toMatch(/expression/);
  });
});

describe.runIf(installed)('ONNX Runtime oracle (float32) against the float64 evaluator', () => {
  for (const activation of ACTIVATIONS) {
    it(`${activation} hidden layers`, async () => {
      const r = await compare(network(3, activation, 10 + ACTIVATIONS.indexOf(activation)));
      expect(r.value).toBeLessThan(TOL);
      expect(r.grad).toBeLessThan(TOL);
    });
  }

  it('non-identity output layers (softplus, tanh after identity hidden layers) and single-layer networks', async () => {
    const rs = [await compare(network(2, 'silu', 21, 'softplus')), await compare(network(2, 'identity', 23, 'tanh'))];
    const rng = createRng(22);
    rs.push(await compare({ kind: 'mlp', dim: 2, layers: [layer(2, 1, 'identity', rng)] }));
    rs.push(await compare({ kind: 'mlp', dim: 2, layers: [layer(2, 1, 'sigmoid', rng)] }));
    for (const r of rs) {
      expect(r.value).toBeLessThan(TOL);
      expect(r.grad).toBeLessThan(TOL);
    }
  });

  it('a weighted sum of two networks and the quadratic regularizer (lambda/2)|x - c|^2', async () => {
    const model: EnergyModel = {
      kind: 'sum', dim: 2,
      terms: [
        { weight: 1, model: network(2, 'silu', 31) },
        { weight: 0.7, model: network(2, 'tanh', 32) },
        { weight: 1, model: { kind: 'quadratic', dim: 2, lambda: 0.05, center: [0.5, -1] } },
      ],
    };
    const r = await compare(model);
    expect(r.value).toBeLessThan(TOL);
    expect(r.grad).toBeLessThan(TOL);
  });

  it('setModel swaps in new weights of the same structure without a new session, and refuses another structure', async () => {
    const m1 = network(2, 'tanh', 41);
    const m2 = network(2, 'tanh', 42);
    const oracle = await createOnnxOracle(m1);
    try {
      oracle.setModel(m2);
      const x = Float64Array.of(0.3, -0.8);
      const [v, g] = [new Float64Array(1), new Float64Array(2)];
      oracle.valueAndGradientBatch(x, 1, v, g);
      const e2 = energyFromModel(m2);
      expect(Math.abs(v[0]! - e2.value(x))).toBeLessThan(TOL * (1 + Math.abs(e2.value(x))));
      expect(() => oracle.setModel(network(2, 'silu', 43))).toThrow(/same structure/);
    } finally {
      oracle.dispose();
    }
  });

  it('runs in slices (rowsPerRun, with a partial last slice) and with constant parameters match the float64 evaluator', async () => {
    const model = network(2, 'silu', 45);
    for (const opts of [{ rowsPerRun: 7 }, { rowsPerRun: 64, fixedParameters: true }, { fixedParameters: true }]) {
      const r = await compare(model, 200, opts);
      expect(r.value).toBeLessThan(TOL);
      expect(r.grad).toBeLessThan(TOL);
    }
  });

  // rowsPerRun is a speed knob: retuning it must not change anyone's samples (each row's products and
  // activations are computed the same way whatever the slice's row count).
  it('the slice size changes no bit of E or grad E', async () => {
    const rng = createRng(47);
    const model: EnergyModel = { kind: 'mlp', dim: 2, layers: [layer(2, 64, 'silu', rng), layer(64, 64, 'silu', rng), layer(64, 1, 'identity', rng)] };
    const n = 300;
    const xs = new Float64Array(n * 2);
    createRng(48).fillNormal(xs);
    const outputs: { v: number[]; g: number[] }[] = [];
    for (const rows of [1, 7, 64, 256, 4096]) {
      const oracle = await createOnnxOracle(model, { fixedParameters: true, rowsPerRun: rows });
      try {
        const [v, g] = [new Float64Array(n), new Float64Array(n * 2)];
        oracle.valueAndGradientBatch(xs, n, v, g);
        outputs.push({ v: Array.from(v), g: Array.from(g) });
      } finally {
        oracle.dispose();
      }
    }
    for (const o of outputs.slice(1)) expect(o).toEqual(outputs[0]);
  });

  it('an oracle with fixed parameters refuses setModel', async () => {
    const oracle = await createOnnxOracle(network(2, 'tanh', 41), { fixedParameters: true });
    try {
      expect(() => oracle.setModel(network(2, 'tanh', 42))).toThrow(/fixedParameters/);
    } finally {
      oracle.dispose();
    }
  });

  it('the same seed and thread count reproduce a ULA run bit for bit', async () => {
    const model = network(2, 'silu', 51);
    const run = async (threads: number) => {
      const oracle = await createOnnxOracle(model, { threads });
      try {
        const rng = createRng(7);
        const positions = initialPositions({ dim: 2, particles: 300, init: { mean: 0, std: 1 }, rng });
        return Array.from(runChain({ kernel: 'ula', oracle, positions, steps: 20, stepSize: 0.01, temperature: 1, rng }).state.positions);
      } finally {
        oracle.dispose();
      }
    };
    const a = await run(1);
    expect(await run(1)).toEqual(a);
    const b = await run(2);
    expect(await run(2)).toEqual(b);
  });
});

describe('rowsPerRun', () => {
  it('keeps one [rows, width] float32 intermediate near 256 KB, a power of two in 128 .. 4096', () => {
    expect(rowsPerRun(256)).toBe(256);
    expect(rowsPerRun(64)).toBe(1024);
    expect(rowsPerRun(2)).toBe(4096);
    expect(rowsPerRun(100000)).toBe(128);
    for (const w of [1, 3, 17, 64, 100, 256, 1000]) {
      const rows = rowsPerRun(w);
      expect(rows * w * 4).toBeLessThanOrEqual(Math.max(256 * 1024, 128 * w * 4));
      // the largest such power of two: doubling it would pass the target (or the 4096 cap)
      if (rows > 128 && rows < 4096) expect(2 * rows * w * 4).toBeGreaterThan(256 * 1024);
    }
  });
});

describe('selectOracle', () => {
  const net = energyFromModel(network(2, 'tanh', 61));
  const absent = () => Promise.reject(new Error('onnxruntime-node is not installed (npm install onnxruntime-node)'));

  it('falls back to the float64 JS engine, with a one-line note, when onnxruntime-node is absent', async () => {
    for (const backend of ['onnx', 'auto'] as const) {
      const s = await selectOracle(net, backend, { importRuntime: absent });
      expect(s.backend).toBe('float64');
      expect(s.note).toMatch(/^onnx backend unavailable \(onnxruntime-node is not installed.*\); sampling with the float64 JS engine$/);
      expect(s.note).not.toMatch(/\n/);
    }
  });

  it('expression energies keep the JS path (silently for auto, with a note for onnx); js never loads the runtime', async () => {
    const expr = energyFromModel({ kind: 'expression', dim: 1, source: 'x1^2' });
    const fail = () => Promise.reject(new Error('must not be called'));
    const auto = await selectOracle(expr, 'auto', { importRuntime: fail });
    expect([auto.backend, auto.note]).toEqual(['float64', undefined]);
    const onnx = await selectOracle(expr, 'onnx', { importRuntime: fail });
    expect(onnx.backend).toBe('float64');
    expect(onnx.note).toMatch(/expression energies have no ONNX graph/);
    const js = await selectOracle(net, 'js', { importRuntime: fail });
    expect([js.backend, js.note]).toEqual(['float64', undefined]);
  });

  withOrt('auto picks ONNX Runtime for a network energy when it is installed', async () => {
    const s = await selectOracle(net, 'auto', { threads: 1 });
    try {
      expect(s.backend).toBe('onnx');
      expect(s.threads).toBe(1);
    } finally {
      s.dispose();
    }
  });
});
