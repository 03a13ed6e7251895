// Shared pieces of the benchmarks: seeded random networks and a wall-clock throughput timer.
import type { Activation, EnergyModel, MlpLayer } from '../src/kernel/model.js';
import { createRng } from '../src/random/rng.js';

/** 2 -> width x depth -> 1 with weights N(0, 1/fan_in) and biases N(0, 0.01), from a seed. */
export function randomMlpModel(opts: { dim: number; width: number; depth: number; activation: Activation; seed: number }): EnergyModel {
  const rng = createRng(opts.seed);
  const sizes = [opts.dim, ...Array<number>(opts.depth).fill(opts.width), 1];
  const layers: MlpLayer[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const inDim = sizes[l]!;
    const outDim = sizes[l + 1]!;
    const weight = new Float64Array(inDim * outDim);
    rng.fillNormal(weight);
    for (let k = 0; k < weight.length; k++) weight[k] = weight[k]! / Math.sqrt(inDim);
    const bias = new Float64Array(outDim);
    rng.fillNormal(bias);
    for (let k = 0; k < bias.length; k++) bias[k] = 0.1 * bias[k]!;
    layers.push({ inDim, outDim, weight, bias, activation: l + 2 < sizes.length ? opts.activation : 'identity' });
  }
  return { kind: 'mlp', dim: opts.dim, layers };
}

export interface CallTime {
  /** Wall-clock seconds per call. */
  readonly wall: number;
  /** CPU seconds (user + system, this process) per call: steadier than wall time on a shared machine. */
  readonly cpu: number;
}

/** Runs `step` after `warmup` untimed calls until at least `minSeconds` (wall) and `minCalls` have passed. */
export function timePerCall(step: () => void, opts: { warmup?: number; minCalls?: number; minSeconds?: number } = {}): CallTime {
  for (let i = 0; i < (opts.warmup ?? 2); i++) step();
  const minCalls = opts.minCalls ?? 3;
  const minSeconds = opts.minSeconds ?? 2;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let calls = 0;
  while (calls < minCalls || (performance.now() - t0) / 1000 < minSeconds) {
    step();
    calls++;
  }
  const c = process.cpuUsage(c0);
  return { wall: (performance.now() - t0) / 1000 / calls, cpu: (c.user + c.system) / 1e6 / calls };
}
