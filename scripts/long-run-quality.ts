// Long-run sample quality of a trained model: MALA chains from the prior, run long enough to be close
// to pi = exp(-E/T) (default 10^4 steps), scored by sliced W2 against fresh data, next to the
// data-to-data floor at the same size. Unlike `emcert evaluate` (the model's short sampling block),
// this measures pi itself. Uses the ONNX oracle when installed (sampling only, nothing certified).
//   npx tsx scripts/long-run-quality.ts MODEL.json DATASET [--steps N] [--particles P] [--step-size H] [--seed S]
import { slicedWasserstein2 } from '../src/diagnostics/slicedWasserstein.js';
import { loadModelFile } from '../src/energy/network/load.js';
import { malaKernel } from '../src/langevin/index.js';
import { selectOracle } from '../src/langevin/oracles/select.js';
import { createRng } from '../src/random/rng.js';
import { sampleDataset } from '../src/train/datasets.js';

export interface LongRunQuality {
  readonly steps: number;
  readonly particles: number;
  readonly stepSize: number;
  readonly temperature: number;
  readonly acceptance: number;
  readonly slicedW2: number;
  readonly floor: number;
  readonly backend: string;
}

export async function longRunQuality(modelPath: string, dataset: string, o: { steps: number; particles: number; stepSize?: number; seed: number }): Promise<LongRunQuality> {
  const loaded = loadModelFile(modelPath);
  const T = loaded.manifest.temperature ?? 1;
  const stepSize = o.stepSize ?? loaded.manifest.sampling?.stepSize ?? 0.01;
  const selected = await selectOracle(loaded.energy, 'auto');
  try {
    const rng = createRng(o.seed);
    const n = o.particles;
    const x0 = new Float64Array(2 * n);
    rng.fillNormal(x0);
    const kernel = malaKernel(selected.oracle);
    let state = kernel.init(x0, n);
    let accepted = 0;
    for (let k = 0; k < o.steps; k++) {
      const r = kernel.step(state, rng, { stepSize, temperature: T });
      state = r.state;
      accepted += r.info.acceptanceRate;
    }
    const samples = state.positions.slice(0, 2 * n);
    const data = sampleDataset(dataset, n, rng);
    const other = sampleDataset(dataset, n, rng);
    const slicedW2 = slicedWasserstein2(samples, data, 2, createRng(o.seed + 1));
    const floor = slicedWasserstein2(other, data, 2, createRng(o.seed + 1));
    return { steps: o.steps, particles: n, stepSize, temperature: T, acceptance: accepted / o.steps, slicedW2, floor, backend: selected.backend };
  } finally {
    selected.dispose();
  }
}

if (process.argv[1]?.endsWith('long-run-quality.ts')) {
  const args = process.argv.slice(2);
  const opt = (name: string, d?: number) => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : d;
  };
  const [model, dataset] = args;
  if (!model || !dataset) {
    process.stderr.write('usage: npx tsx scripts/long-run-quality.ts MODEL.json DATASET [--steps N] [--particles P] [--step-size H] [--seed S]\n');
    process.exit(3);
  }
  const stepSize = opt('--step-size');
  const r = await longRunQuality(model, dataset, { steps: opt('--steps', 10000)!, particles: opt('--particles', 1000)!, seed: opt('--seed', 1)!, ...(stepSize !== undefined ? { stepSize } : {}) });
  process.stdout.write(JSON.stringify(r) + '\n');
}
