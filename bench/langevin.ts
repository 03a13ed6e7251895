// ULA throughput (particle-steps per second) of emcert's engine (float64 JS, tfjs float32, ONNX
// Runtime float32) next to the peers in bench/peers/langevin_peer.py (PyTorch, NumPy), all run in
// this one invocation.
// Not a test: it prints a table and the ratios emcert / peer. Usage: npx tsx bench/langevin.ts --help
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { energyFromModel } from '../src/energy/spec.js';
import type { GradientOracle } from '../src/energy/types.js';
import type { Activation } from '../src/kernel/model.js';
import { initialPositions } from '../src/langevin/init.js';
import { batchedOracle } from '../src/langevin/oracles/batched.js';
import { createOnnxOracle } from '../src/langevin/oracles/onnx.js';
import { createParallelOracle } from '../src/langevin/oracles/parallel.js';
import { ulaKernel } from '../src/langevin/ula.js';
import { createRng } from '../src/random/rng.js';
import { randomMlpModel, timePerCall, type CallTime } from './common.js';

const PEER_SCRIPT = resolve(import.meta.dirname, 'peers/langevin_peer.py');
const PYTHON = '/usr/bin/python3';

interface Network {
  readonly width: number;
  readonly depth: number;
  readonly activation: Activation;
  /** The peers' timed steps (about a CPU second each; --peer-steps overrides). */
  readonly peerSteps: number;
}
const NETWORKS: readonly Network[] = [
  { width: 256, depth: 4, activation: 'silu', peerSteps: 25 },
  { width: 64, depth: 3, activation: 'tanh', peerSteps: 250 },
];

interface Row {
  readonly network: string;
  readonly engine: string;
  /** Threads the engine ran on (emcert: --threads; peers: torch.set_num_threads / the BLAS's threads). */
  readonly threads: number;
  /** Particle-steps per wall-clock second. */
  readonly perWallSecond: number;
  /** Particle-steps per CPU second (steadier on a shared machine); undefined if not measurable. */
  readonly perCpuSecond?: number;
}

const HELP = `bench/langevin.ts: ULA particle-steps per second for 2 -> 256 x 4 SiLU and 2 -> 64 x 3 tanh networks.

  --particles P     particles per step (default 4096)
  --seconds S       minimum timed seconds per emcert engine (default 3)
  --peer-steps N    timed steps of each peer run (default 25 on SiLU, 250 on tanh: about a CPU second)
  --threads N       threads of the multi-threaded rows (default 2; 1 skips them): emcert float64 on N
                    threads (worker threads), emcert onnx with N intra-op threads, the peers on N threads
  --no-per-point    skip the slow per-point float64 engine
  --json            print one JSON document instead of the table

Engines: emcert float64 (layer-major batched evaluator, src/langevin/oracles), emcert float64 per-point
(the Energy's own batched method), emcert tfjs float32 (WebAssembly backend unless tfjs-node is installed),
emcert onnx float32 (ONNX Runtime through onnxruntime-node, src/langevin/oracles/onnx.ts; skipped with a
note when it is not installed), all driven by the same ULA kernel, and the peers PyTorch and NumPy from ${PEER_SCRIPT} (float32),
all on one thread; then emcert float64, emcert onnx and the peers again on --threads N threads.
Two figures per engine: particle-steps per wall-clock second, and per CPU second (process CPU time, all
threads, over the timed steps only: emcert's process.cpuUsage, the peers' time.process_time), which a busy
shared machine distorts less.`;

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const v = Number(args[i + 1]);
  if (!(v > 0)) {
    process.stderr.write(`bench/langevin: ${name} ${args[i + 1]}: expected a positive number\n`);
    process.exit(3);
  }
  return v;
}

/** Seconds per ULA step of `oracle` at `particles` particles (eta = 0.01, T = 1, as the peers). */
function ulaSecondsPerStep(oracle: GradientOracle, particles: number, minSeconds: number): CallTime {
  const rng = createRng(1);
  const kernel = ulaKernel(oracle, { stepSize: 0.01, temperature: 1 });
  let state = kernel.init(initialPositions({ dim: oracle.dim, particles, init: { mean: 0, std: 1 }, rng }));
  return timePerCall(() => (state = kernel.step(state, rng).state), { warmup: 1, minCalls: 3, minSeconds });
}

interface PeerRun {
  readonly particleStepsPerSecond: number;
  readonly particleStepsPerCpuSecond: number | null;
  readonly peer: string;
  readonly blas: string;
}

/** One peer run: its wall-clock and CPU throughput over `steps` timed steps (after its warm-up). */
function runPeer(peer: 'torch' | 'numpy', net: Network, particles: number, steps: number, threads: number): (Omit<Row, 'network' | 'engine' | 'threads'> & { version: string; blas: string }) | string {
  const t = `${threads}`;
  const r = spawnSync(
    PYTHON,
    [PEER_SCRIPT, '--peer', peer, '--width', `${net.width}`, '--depth', `${net.depth}`,
      '--activation', net.activation, '--particles', `${particles}`, '--steps', `${steps}`, '--threads', t],
    // The same thread count everywhere as emcert's engine: the BLAS under NumPy would otherwise take every core.
    { encoding: 'utf8', timeout: 900_000, env: { ...process.env, OMP_NUM_THREADS: t, OPENBLAS_NUM_THREADS: t, MKL_NUM_THREADS: t } },
  );
  if (r.status !== 0) return `failed: ${(r.stderr || r.error?.message || '').trim().split('\n').pop()}`;
  let out: PeerRun;
  try {
    out = JSON.parse(r.stdout.trim().split('\n').pop()!) as PeerRun;
  } catch {
    return `unreadable output: ${r.stdout.slice(0, 80)}`;
  }
  return {
    perWallSecond: out.particleStepsPerSecond,
    ...(out.particleStepsPerCpuSecond ? { perCpuSecond: out.particleStepsPerCpuSecond } : {}),
    version: out.peer,
    blas: out.blas,
  };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--help')) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const particles = option(args, '--particles', 4096);
  const minSeconds = option(args, '--seconds', 3);
  const peerStepsGiven = args.includes('--peer-steps') ? option(args, '--peer-steps', 1) : undefined;
  const threads = option(args, '--threads', 2);
  const threadCounts = threads > 1 ? [1, threads] : [1];
  const perPoint = !args.includes('--no-per-point');
  const json = args.includes('--json');
  const log = (s: string) => {
    if (!json) process.stderr.write(`${s}\n`);
  };
  const havePeers = existsSync(PEER_SCRIPT);
  if (!havePeers) log(`bench/langevin: peer script not found at ${PEER_SCRIPT}; peers skipped`);
  const loadBefore = loadavg();

  const { initTf, tfjsOracle } = await import('../src/energy/tfjs.js');
  const backend = await initTf();
  const rows: Row[] = [];
  const notes: string[] = [];
  const blas = new Set<string>();
  for (const net of NETWORKS) {
    const name = `2 -> ${net.width} x ${net.depth} ${net.activation}`;
    const model = randomMlpModel({ dim: 2, ...net, seed: 20260 + net.width });
    const energy = energyFromModel(model);
    const measure = (engine: string, t: number, oracle: GradientOracle) => {
      log(`  ${name}: ${engine} ...`);
      const time = ulaSecondsPerStep(oracle, particles, minSeconds);
      rows.push({ network: name, engine, threads: t, perWallSecond: particles / time.wall, perCpuSecond: particles / time.cpu });
    };
    for (const t of threadCounts) {
      if (t === 1) {
        measure('emcert float64 (batched)', 1, batchedOracle(energy));
        if (perPoint) measure('emcert float64 (per point)', 1, energy);
        const tf = tfjsOracle(energy);
        measure(`emcert tfjs float32 (${backend})`, 1, tf);
        tf.dispose();
      } else {
        const parallel = await createParallelOracle(model, t);
        try {
          measure('emcert float64 (batched)', t, parallel);
        } finally {
          parallel.dispose();
        }
      }
      try {
        // One thread: one session; more: a session per worker thread (what --threads N runs), and
        // for comparison one session with N ONNX Runtime intra-op threads.
        const onnx = t === 1 ? await createOnnxOracle(model, { threads: 1, fixedParameters: true }) : await createParallelOracle(model, t, { evaluator: 'onnx' });
        try {
          measure('emcert onnx float32', t, onnx);
        } finally {
          onnx.dispose();
        }
        if (t > 1) {
          const intraOp = await createOnnxOracle(model, { threads: t, fixedParameters: true });
          try {
            measure('emcert onnx (ORT intra-op)', t, intraOp);
          } finally {
            intraOp.dispose();
          }
        }
      } catch (e) {
        notes.push(`${name}: onnx skipped (${(e as Error).message.split('\n')[0]})`);
      }
      if (havePeers) {
        for (const peer of ['torch', 'numpy'] as const) {
          log(`  ${name}: ${peer} (${t} thr) ...`);
          const r = runPeer(peer, net, particles, peerStepsGiven ?? net.peerSteps, t);
          if (typeof r === 'string') {
            notes.push(`${name}: ${peer} ${t} thr ${r}`);
            continue;
          }
          const { version, blas: lib, ...figures } = r;
          blas.add(`${version} on ${lib}`);
          rows.push({ network: name, engine: `${peer} float32`, threads: t, ...figures });
        }
      }
    }
  }
  for (const b of blas) notes.push(`peer BLAS: ${b}`);

  const load = { before: loadBefore, after: loadavg() };
  if (json) {
    process.stdout.write(`${JSON.stringify({ particles, threads: threadCounts, load, rows, notes }, null, 2)}\n`);
    return;
  }
  const la = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
  process.stdout.write(`ULA particle-steps per second, ${particles} particles, dimension 2 (higher is better); ratios emcert / peer\n`);
  process.stdout.write(`load average (1, 5, 15 min): ${la(load.before)} before, ${la(load.after)} after\n\n`);
  const fmt = (x: number | undefined) => (x === undefined ? '-' : x.toFixed(0)).padStart(9);
  const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? '-' : `${(a / b).toFixed(2)}x`);
  for (const net of new Set(rows.map((r) => r.network))) {
    process.stdout.write(`${net}\n  ${'engine'.padEnd(30)} ${'threads'.padStart(7)} ${'per wall s'.padStart(10)} ${'per CPU s'.padStart(10)}   ratios to the peers on as many threads (wall | CPU)\n`);
    for (const t of threadCounts) {
      const group = rows.filter((r) => r.network === net && r.threads === t);
      const peers = group.filter((r) => !r.engine.startsWith('emcert'));
      for (const r of group) {
        const ratios = r.engine.startsWith('emcert')
          ? peers.map((p) => `${p.engine.split(' ')[0]} ${ratio(r.perWallSecond, p.perWallSecond)} | ${ratio(r.perCpuSecond, p.perCpuSecond)}`).join(', ')
          : '';
        process.stdout.write(`  ${r.engine.padEnd(30)} ${String(t).padStart(7)} ${fmt(r.perWallSecond)}  ${fmt(r.perCpuSecond)}    ${ratios}\n`);
      }
      const f64 = group.find((r) => r.engine === 'emcert float64 (batched)');
      const onnx = group.find((r) => r.engine.startsWith('emcert onnx'));
      if (f64 && onnx) process.stdout.write(`  onnx / float64 (batched), ${t} thr: ${ratio(onnx.perWallSecond, f64.perWallSecond)} wall | ${ratio(onnx.perCpuSecond, f64.perCpuSecond)} CPU\n`);
    }
    process.stdout.write('\n');
  }
  for (const n of notes) process.stdout.write(`note: ${n}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench/langevin: ${(e as Error)?.stack ?? e}\n`);
  process.exit(1);
});
