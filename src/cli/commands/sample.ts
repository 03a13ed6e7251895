// `emcert sample`: Langevin samples of an energy, written as JSON or CSV.
// Every option is checked before the run starts, so bad input fails fast with one line (exit 3)
// and no output file; a run that went wrong is a RunError (exit 4), also without an output file:
// a chain that diverged (non-finite values, or a mean energy that blew up while finite) or a MALA
// run that never moved (acceptance under 1%: its "samples" would be the initial draws).
import { accessSync, constants as fsConstants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import type { Energy, GradientOracle } from '../../energy/types.js';
import { initialPositions } from '../../langevin/init.js';
import { isSamplerName } from '../../langevin/kernels.js';
import { assertMoved, BLOW_UP_FACTOR, MIN_ACCEPTANCE } from '../../langevin/divergence.js';
import { selectOracle } from '../../langevin/oracles/select.js';
import { runChain } from '../../langevin/run.js';
import { samplesFormatOf, samplesToCsv, samplesToJson } from '../../langevin/samplesFile.js';
import { SAMPLER_NAMES, type SamplerName } from '../../langevin/types.js';
import { createRng } from '../../random/rng.js';
import { InputError } from '../../util/errors.js';
import { writeFileAtomic } from '../../util/files.js';
import { VERSION } from '../../version.js';
import { PRECONDITIONER_HELP, resolvePreconditioner } from '../preconditionerOption.js';
import { preconditionedUlaKernel } from '../../langevin/preconditionedUla.js';
import { parseInit, parseNonNegativeInteger, parsePositiveInteger, parsePositiveNumber, parseThreads, type GaussianInit } from '../parse.js';

const DEFAULT_PARTICLES = 1000;
const MAX_SEED = 2 ** 31 - 1;
const BACKENDS = ['float64', 'js', 'onnx', 'auto', 'tfjs'] as const;
type Backend = (typeof BACKENDS)[number];

interface RawOptions {
  energy: string;
  sampler?: string;
  stepSize?: string;
  steps?: string;
  particles?: string;
  seed: string;
  init?: string;
  temperature?: string;
  backend: string;
  threads: string;
  quiet?: boolean;
  out: string;
  preconditioner?: string;
}

const EXAMPLES = `
Step convention: x' = x - H * grad E(x) + sqrt(2 * H * T) * xi, xi ~ N(0, I); the gradient flow
drops the noise (x' = x - H * grad E(x)). MALA adds an exact Metropolis correction, so its samples
follow exp(-E/T) at any step size; ULA is biased at finite H.

For a model whose model.json has a "sampling" block, its sampler, step size, steps, init,
temperature and particles are the defaults; options given here override them.

Examples:
  $ emcert sample --energy 'expr:0.5*(4*x1^2 + x2^2)' --sampler mala --step-size 0.1 \\
      --steps 500 --particles 2000 --seed 1 --out samples.json
  $ emcert sample --energy 'expr:(x1^2-1)^2 + x2^2/2' --sampler ula --step-size 0.01 \\
      --steps 2000 --particles 4096 --temperature 0.5 --init normal:-1,0.5 --seed 7 --out well.csv
  $ emcert sample --energy models/moons/model.json --seed 3 --out moons.json   (defaults from the model)
  $ emcert sample --energy 'expr:0.5*x1^2 + 50*x2^2' --sampler ula --step-size 0.5 --steps 20 \\
      --preconditioner auto --seed 1 --out pre.json
      (preconditioned ULA x' = x - H P grad E(x) + sqrt(2 H T P) xi; auto: P = inverse Hessian of E/T
       at the mode; or a JSON file with P, or {"factor": C} for P = C C^T exactly)
  $ emcert sample --energy models/moons/model.json --backend tfjs --steps 200 --seed 3 --out fast.csv
  $ emcert sample --energy models/moons/model.json --backend auto --threads 2 --seed 3 --out fast.json
      (float32 on ONNX Runtime when onnxruntime-node is installed, else the float64 engine; each on
       2 threads: the particles are split between the main thread and a worker thread)

Output: FILE.json holds {"samples": [[x1, ..., xd], ...], "meta": {...}} (meta records the energy and the
sha256 of its files, every setting, the MALA acceptance rate, the final mean energy and the run time);
FILE.csv holds a header x1,...,xd and one row per particle.

Exit codes: 0 done; 3 bad input; 4 the run went wrong and nothing was written (try a smaller --step-size):
  - the chain diverged: a NaN or infinity, or a mean energy that blew up while staying finite (more than
    10^${Math.log10(BLOW_UP_FACTOR)} times its scale above its lowest value, the scale being the initial drop of the
    mean energy or dim * T, whichever is larger), e.g. --step-size 1.01 on 'expr:x1^2 + x2^2';
  - MALA accepted under ${100 * MIN_ACCEPTANCE}% of its proposals: the chains never left their initial draws.`;

export function register(program: Command): void {
  program
    .command('sample')
    .description('draw samples by Langevin dynamics (ULA, MALA) or run the noise-free gradient flow, batched over particles')
    .requiredOption('--energy <SPEC>', 'expr:<mathjs expression in x1..xd>, or a model.json path')
    .option('--sampler <NAME>', `${SAMPLER_NAMES.join(' | ')} (required unless the model has a sampling block)`)
    .option('--step-size <H>', 'step size eta > 0 (required unless the model has a sampling block)')
    .option('--steps <N>', 'number of steps (required unless the model has a sampling block)')
    .option('--particles <P>', `number of independent chains (default: the model's, else ${DEFAULT_PARTICLES})`)
    .option('--seed <S>', `seed, an integer in 0..${MAX_SEED}; the same seed gives the same samples`, '0')
    .option('--init <normal:MEAN,STD>', "every coordinate starts at N(MEAN, STD^2) (default: the model's, else normal:0,1)")
    .option('--temperature <T>', "temperature T > 0 (default: the model's, else 1)")
    .option('--backend <NAME>', 'float64 or js (exact gradients) | onnx (float32 ONNX Runtime, network energies) | auto (onnx when installed, else js) | tfjs (float32)', 'float64')
    .option('--threads <N>', 'threads: each batch is split across N threads (worker threads; for onnx one ONNX Runtime session each); float64 samples do not depend on N, onnx ones are reproduced by the same seed and N; not tfjs', '1')
    .option('--preconditioner <FILE|auto>', `ULA only: constant preconditioner P, ${PRECONDITIONER_HELP}`)
    .option('--quiet', 'no progress (a bar on a terminal; otherwise a line per tenth of the run, at least every 10 s) and no summary line')
    .requiredOption('--out <FILE>', 'FILE.json or FILE.csv')
    .addHelpText('after', EXAMPLES)
    .action(async (raw: RawOptions) => {
      await runSample(raw);
    });
}

async function runSample(raw: RawOptions): Promise<void> {
  // 1. Everything the command line says, checked before any work.
  const format = samplesFormatOf(raw.out);
  if (!format) throw new InputError(`--out ${JSON.stringify(raw.out)}: expected a file name ending in .json or .csv`);
  checkWritable(raw.out);
  if (raw.sampler !== undefined && !isSamplerName(raw.sampler))
    throw new InputError(`--sampler ${JSON.stringify(raw.sampler)}: unknown sampler (expected one of ${SAMPLER_NAMES.join(', ')})`);
  if (!(BACKENDS as readonly string[]).includes(raw.backend))
    throw new InputError(`--backend ${JSON.stringify(raw.backend)}: unknown backend (expected one of ${BACKENDS.join(', ')})`);
  const backend = raw.backend as Backend;
  const threads = parseThreads('--threads', raw.threads);
  if (threads > 1 && backend === 'tfjs') throw new InputError(`--threads ${raw.threads}: not available with --backend tfjs (use float64 or onnx)`);
  const given = {
    sampler: raw.sampler as SamplerName | undefined,
    stepSize: raw.stepSize === undefined ? undefined : parsePositiveNumber('--step-size', raw.stepSize),
    steps: raw.steps === undefined ? undefined : parseNonNegativeInteger('--steps', raw.steps),
    particles: raw.particles === undefined ? undefined : parsePositiveInteger('--particles', raw.particles),
    init: raw.init === undefined ? undefined : parseInit('--init', raw.init),
    temperature: raw.temperature === undefined ? undefined : parsePositiveNumber('--temperature', raw.temperature),
  };
  const seed = parseNonNegativeInteger('--seed', raw.seed);
  if (seed > MAX_SEED) throw new InputError(`--seed ${raw.seed}: must be at most ${MAX_SEED}`);

  // 2. The energy, and the defaults a model file stores.
  const { loadEnergySpec } = await import('../../energy/spec.js'); // mathjs: loaded only when needed
  const loaded = loadEnergySpec(raw.energy);
  const energy = loaded.energy;
  const stored = loaded.sampling;
  const missing = (option: string): never => {
    throw new InputError(`${option} is required (${raw.energy} has no sampling block in a model.json to take it from)`);
  };
  const sampler: SamplerName = given.sampler ?? stored?.sampler ?? missing('--sampler');
  const stepSize = given.stepSize ?? stored?.stepSize ?? missing('--step-size');
  const steps = given.steps ?? stored?.steps ?? missing('--steps');
  const particles = given.particles ?? stored?.particles ?? DEFAULT_PARTICLES;
  const init: GaussianInit = given.init ?? (stored ? parseInit(`${raw.energy}: sampling.init`, stored.init) : { mean: 0, std: 1 });
  const temperature = given.temperature ?? stored?.temperature ?? loaded.temperature ?? 1;
  if (raw.preconditioner !== undefined && sampler !== 'ula') throw new InputError(`--preconditioner: defined for --sampler ula, not ${sampler}`);
  const factor = raw.preconditioner !== undefined ? resolvePreconditioner(raw.preconditioner, energy, temperature, init.mean) : undefined;
  if (!raw.quiet) for (const w of energy.warnings) process.stderr.write(`emcert: warning: ${w}\n`);

  // 3. The run.
  const { oracle, dispose, used } = await makeOracle(energy, backend, threads, raw.quiet ?? false);
  let result;
  try {
    const rng = createRng(seed);
    const positions = initialPositions({ dim: energy.dim, particles, init, rng });
    result = runChain({
      kernel: factor ? preconditionedUlaKernel(oracle, factor) : sampler, oracle, positions, steps, stepSize, temperature, rng,
      progress: { label: `sample ${sampler}`, quiet: raw.quiet ?? false },
    });
  } finally {
    dispose();
  }
  assertMoved(sampler, result.acceptanceRate, steps, stepSize);

  // 4. The output, written whole or not at all.
  const { state } = result;
  const meta = {
    format: 'emcert-samples@1',
    emcert: VERSION,
    energy: { spec: raw.energy, dim: energy.dim, files: energy.files.map((f) => ({ path: f.path, sha256: f.sha256 })) },
    sampler,
    stepSize,
    steps,
    particles,
    seed,
    init: `normal:${init.mean},${init.std}`,
    temperature,
    ...(factor ? { preconditioner: { factor } } : {}),
    backend: used,
    ...(used === 'onnx' || (used === 'float64' && threads > 1) ? { threads } : {}),
    ...(sampler === 'mala' ? { acceptanceRate: result.acceptanceRate } : {}),
    meanEnergy: result.meanEnergy,
    seconds: result.seconds,
  };
  const text = format === 'json' ? samplesToJson(state.positions, state.n, state.dim, meta) : samplesToCsv(state.positions, state.n, state.dim);
  writeFileAtomic(raw.out, text);
  if (!raw.quiet) {
    const acc = sampler === 'mala' ? `, acceptance ${result.acceptanceRate.toFixed(3)}` : '';
    process.stdout.write(
      `wrote ${particles} samples (${sampler}, ${steps} steps of ${stepSize}, T ${temperature}${acc}, mean E ${result.meanEnergy.toPrecision(6)}, ${result.seconds.toFixed(2)} s) to ${raw.out}\n`,
    );
  }
}

type Oracle = { oracle: GradientOracle; dispose: () => void; used: string };
async function makeOracle(energy: Energy, backend: Backend, threads: number, quiet: boolean): Promise<Oracle> {
  if (backend !== 'tfjs') {
    // onnxruntime-node is optional and loaded only here; without it the float64 engine runs (one line says so).
    const s = await selectOracle(energy, backend === 'float64' ? 'js' : backend, { threads });
    if (s.note && !quiet) process.stderr.write(`emcert: ${s.note}\n`);
    return { oracle: s.oracle, dispose: () => s.dispose(), used: s.backend };
  }
  const { initTf, tfjsOracle } = await import('../../energy/tfjs.js');
  await initTf();
  const oracle = tfjsOracle(energy);
  return { oracle, dispose: () => oracle.dispose(), used: 'tfjs' };
}

/** Fails before the run when --out cannot be written: a directory, or a parent that is a file or read-only. */
function checkWritable(out: string): void {
  const path = resolve(out);
  const stat = statOrUndefined(path);
  if (stat?.isDirectory()) throw new InputError(`--out ${JSON.stringify(out)}: is a directory`);
  let dir = dirname(path);
  let dirStat = statOrUndefined(dir);
  while (!dirStat && dirname(dir) !== dir) {
    dir = dirname(dir);
    dirStat = statOrUndefined(dir);
  }
  if (!dirStat?.isDirectory()) throw new InputError(`--out ${JSON.stringify(out)}: cannot create it, ${dir} is not a directory`);
  try {
    accessSync(dir, fsConstants.W_OK);
    if (stat) accessSync(path, fsConstants.W_OK);
  } catch {
    throw new InputError(`--out ${JSON.stringify(out)}: not writable (no write permission in ${dir})`);
  }
}

function statOrUndefined(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
