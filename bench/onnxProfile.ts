// Where the ONNX engine's time goes on the Langevin benchmark's networks (not a test): the oracle's
// CPU time per 4096 particles, the same for a graph of its square matrix products alone (the floor any
// float32 engine doing these products on this core pays), and ONNX Runtime's profiler split by operator
// type. Usage: npx tsx bench/onnxProfile.ts --help
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Activation } from '../src/kernel/model.js';
import { createOnnxOracle, rowsPerRun } from '../src/langevin/oracles/onnx.js';
import { buildEnergyGraph } from '../src/onnx/energyGraph.js';
import { encodeModel, FLOAT, type NodeSpec } from '../src/onnx/proto.js';
import { importOnnxRuntime, type NativeSession, type OnnxRuntime } from '../src/onnx/runtime.js';
import { createRng } from '../src/random/rng.js';
import { randomMlpModel } from './common.js';

const HELP = `bench/onnxProfile.ts: where the onnx engine's time goes, one thread, 4096 particles.

  --network silu|tanh   2 -> 256 x 4 SiLU (default) or 2 -> 64 x 3 tanh, the networks (and seeds) of bench/langevin.ts
  --rounds R            timing rounds, the minimum CPU time is reported (default 8)

Prints: the oracle's CPU ms per 4096 particles (value and gradient); the same for a graph of only its
width x width matrix products (the forward and backward ones), with their GFLOP/s per CPU second; and
ONNX Runtime's profile (kernel wall time per operator type, medians over runs, in percent).`;

const PARTICLES = 4096;
const OPTIONS = { executionProviders: [{ name: 'cpu' }], intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all', logSeverityLevel: 3 };

function fail(message: string): never {
  process.stderr.write(`bench/onnxProfile: ${message}\n`);
  process.exit(3);
}

/** Minimum over rounds of the CPU seconds of one call of `f` (averaged over `reps` calls per round). */
function minCpuSeconds(f: () => void, rounds: number, reps: number): number {
  f();
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const c0 = process.cpuUsage();
    for (let k = 0; k < reps; k++) f();
    const c = process.cpuUsage(c0);
    best = Math.min(best, (c.user + c.system) / 1e6 / reps);
  }
  return best;
}

async function session(rt: OnnxRuntime, bytes: Uint8Array, extra: Record<string, unknown> = {}): Promise<NativeSession> {
  const s = rt.newSession();
  const copy = bytes.slice();
  await s.loadModel(copy.buffer, copy.byteOffset, copy.byteLength, { ...OPTIONS, ...extra });
  return s;
}

/** A chain of `count` [rows, w] x [w, w] MatMuls with constant weights. */
function matMulChain(width: number, count: number): Uint8Array {
  const rng = createRng(7);
  const nodes: NodeSpec[] = [];
  const initializers = [];
  let prev = 'x';
  for (let l = 0; l < count; l++) {
    const w = new Float64Array(width * width);
    rng.fillNormal(w);
    initializers.push({ name: `w${l}`, dataType: FLOAT, dims: [width, width], values: Array.from(w, (v) => v / Math.sqrt(width)) } as const);
    const out = l === count - 1 ? 'y' : `t${l}`;
    nodes.push({ opType: 'MatMul', inputs: [prev, `w${l}`], outputs: [out], name: `m${l}` });
    prev = out;
  }
  return encodeModel(
    { name: 'matmuls', nodes, inputs: [{ name: 'x', elemType: FLOAT, dims: ['N', width] }], outputs: [{ name: 'y', elemType: FLOAT, dims: ['N', width] }], initializers },
    { irVersion: 8, opset: 17, producer: 'emcert-bench' },
  );
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--help')) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const ni = args.indexOf('--network');
  const network = ni < 0 ? 'silu' : args[ni + 1];
  if (network !== 'silu' && network !== 'tanh') fail(`--network ${network}: expected silu or tanh`);
  const ri = args.indexOf('--rounds');
  const rounds = ri < 0 ? 8 : Number(args[ri + 1]);
  if (!Number.isInteger(rounds) || rounds < 1) fail(`--rounds ${args[ri + 1]}: expected a positive integer`);
  const net = network === 'silu' ? { width: 256, depth: 4, activation: 'silu' as Activation } : { width: 64, depth: 3, activation: 'tanh' as Activation };
  const model = randomMlpModel({ dim: 2, ...net, seed: 20260 + net.width });
  const rt = await importOnnxRuntime();
  const rows = rowsPerRun(net.width);
  const reps = network === 'silu' ? 4 : 40;

  // The oracle as the engine runs it (float64 in and out, slices of rowsPerRun).
  const xs = new Float64Array(PARTICLES * 2);
  createRng(1).fillNormal(xs);
  const values = new Float64Array(PARTICLES);
  const grads = new Float64Array(PARTICLES * 2);
  const oracle = await createOnnxOracle(model, { threads: 1, fixedParameters: true });
  const oracleCpu = minCpuSeconds(() => oracle.valueAndGradientBatch(xs, PARTICLES, values, grads), rounds, reps);
  oracle.dispose();

  // Its square products alone: depth - 1 forward, as many backward, same row slices.
  const products = 2 * (net.depth - 1);
  const chain = await session(rt, matMulChain(net.width, products));
  const x = new rt.Tensor('float32', new Float32Array(rows * net.width).map((_, i) => Math.sin(i)), [rows, net.width]);
  const y = new rt.Tensor('float32', new Float32Array(rows * net.width), [rows, net.width]);
  const runs = PARTICLES / rows;
  const chainCpu = minCpuSeconds(() => { for (let r = 0; r < runs; r++) chain.run({ x }, { y }, {}); }, rounds, reps);
  chain.dispose();
  const flops = 2 * PARTICLES * net.width * net.width * products;

  // ONNX Runtime's profiler on the oracle's graph, one slice per run.
  const prefix = join(tmpdir(), `emcert-onnx-profile-${process.pid}`);
  const graph = buildEnergyGraph(model, { constantParameters: true });
  const profiled = await session(rt, graph.bytes, { enableProfiling: true, profileFilePrefix: prefix });
  const feeds = { x: new rt.Tensor('float32', Float32Array.from(xs.subarray(0, rows * 2)), [rows, 2]) };
  const profileRuns = network === 'silu' ? 400 : 2000;
  for (let r = 0; r < profileRuns; r++) profiled.run(feeds, { energy: null, grad: null }, {});
  const file = (profiled as unknown as { endProfiling(): string }).endProfiling();
  profiled.dispose();
  const events = JSON.parse(readFileSync(file, 'utf8')) as { cat: string; name: string; dur: number; args?: { op_name?: string } }[];
  rmSync(file, { force: true });
  const perNode = new Map<string, { op: string; durs: number[] }>();
  for (const e of events) {
    if (e.cat !== 'Node' || !e.name.endsWith('_kernel_time')) continue;
    const entry = perNode.get(e.name) ?? { op: e.args?.op_name ?? '?', durs: [] };
    entry.durs.push(e.dur);
    perNode.set(e.name, entry);
  }
  const perOp = new Map<string, number>();
  for (const { op, durs } of perNode.values()) {
    durs.sort((a, b) => a - b);
    perOp.set(op, (perOp.get(op) ?? 0) + durs[durs.length >> 1]!);
  }
  const total = [...perOp.values()].reduce((a, b) => a + b, 0);

  const ms = (s: number) => (s * 1e3).toFixed(2);
  process.stdout.write(`2 -> ${net.width} x ${net.depth} ${net.activation}, ${PARTICLES} particles, one thread, slices of ${rows} rows (CPU ms are minima over ${rounds} rounds)\n`);
  process.stdout.write(`  oracle (value and gradient):          ${ms(oracleCpu)} CPU ms\n`);
  process.stdout.write(`  its ${products} ${net.width} x ${net.width} matrix products alone:  ${ms(chainCpu)} CPU ms (${(flops / chainCpu / 1e9).toFixed(0)} GFLOP per CPU s), ${((chainCpu / oracleCpu) * 100).toFixed(0)}% of the oracle\n`);
  process.stdout.write(`  ONNX Runtime profile, kernel time per run of ${rows} rows (median per node, summed by operator):\n`);
  for (const [op, us] of [...perOp].sort((a, b) => b[1] - a[1])) process.stdout.write(`    ${op.padEnd(10)} ${us.toFixed(0).padStart(6)} us  ${((us / total) * 100).toFixed(1).padStart(5)}%\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench/onnxProfile: ${(e as Error)?.message ?? e}\n`);
  process.exit(1);
});
