// emcert evaluate: sample a trained model with its own sampling block and print how close the
// samples are to data (a built-in toy set, or the user's own file): MMD, sliced W2 and mode coverage
// beside the data-to-data floor, and the kernel Stein discrepancy of the samples (sampler error) and
// of the data (model fit) under the model's score. Each line says which direction is better.
import type { Command } from 'commander';
import { parseNonNegativeInteger, parsePositiveInteger, parseThreads } from '../parse.js';
import { DATASET_NAMES } from '../../train/datasets.js';
import type { EvaluationReport } from '../../train/evaluate.js';
import { InputError } from '../../util/errors.js';

const HELP = `
Measures (samples: --particles draws from the model's own sampling block):
  MMD^2, sliced W2   samples vs data; lower is better. "data floor" is the same measure between two data
                     samples of the same size: a perfect model scores about that (the sampling noise).
  near a mode,       8gaussians only: the fraction within 2.83 mode standard deviations of a mode, and
  modes populated    the modes holding a fifth of their fair share; higher is better (the floor: data).
  KSD of samples     kernel Stein discrepancy (IMQ) of the samples under the model's score -grad E / T:
                     lower is better, 0 when the samples follow exp(-E/T). It measures the sampler, not
                     the fit to the data.
  KSD of data        the same for the data: lower is better; it measures how well the model's score fits
                     the data. It is not a floor for the samples' KSD (a good sampler of a poor model can
                     score far below it).

Data: --dataset NAME draws two fresh samples of a built-in toy set; --data FILE reads your own points,
.json as {"samples": [[x1, ..., xd], ...]} (what emcert sample writes) or .csv with an optional header
and one row per point; a seeded shuffle splits it in two halves (compared with / floor), so --particles
is at most half its rows (default: 1000 or half the rows, whichever is fewer).

Examples:
  $ emcert evaluate --energy models/8gaussians/model.json --dataset 8gaussians --seed 1
  $ emcert evaluate --energy my-model/model.json --data my-points.csv --particles 500 --json

Exit codes: 0 done, 3 bad input, 4 the sampling diverged or MALA never moved.`;

export function register(program: Command): void {
  program
    .command('evaluate')
    .description('sample a model with its own sampling block and compare with data (MMD, sliced W2, KSD, modes)')
    .requiredOption('--energy <spec>', 'model.json (with a sampling block)')
    .option('--dataset <name>', `a built-in data set: ${DATASET_NAMES.join(', ')}`)
    .option('--data <FILE>', 'your own data instead: FILE.json or FILE.csv (the format emcert sample writes)')
    .option('--particles <p>', 'samples drawn (and data points compared against; default 1000)')
    .option('--seed <s>', 'seed', '0')
    .option('--backend <name>', 'float64 | tfjs (float32, faster)', 'float64')
    .option('--threads <N>', 'float64: threads evaluating each batch (worker threads; the samples do not depend on N)', '1')
    .option('--json', 'print the report as JSON')
    .option('--quiet', 'no progress of the sampling run on stderr')
    .addHelpText('after', HELP)
    .action(async (opts: { energy: string; dataset?: string; data?: string; particles?: string; seed: string; backend: string; threads: string; json?: boolean; quiet?: boolean }) => {
      if ((opts.dataset === undefined) === (opts.data === undefined))
        throw new InputError(opts.data === undefined ? 'give --dataset NAME (a built-in toy set) or --data FILE (your own data)' : '--dataset and --data: give one of them, not both');
      const particles = opts.particles === undefined ? undefined : parsePositiveInteger('--particles', opts.particles);
      if (particles !== undefined && particles < 2) throw new InputError(`--particles ${particles}: must be at least 2`);
      if (particles !== undefined && particles > 20000) throw new InputError(`--particles ${particles}: at most 20000 (the measures are quadratic in it)`);
      const seed = parseNonNegativeInteger('--seed', opts.seed);
      if (opts.backend !== 'float64' && opts.backend !== 'tfjs') throw new InputError(`--backend ${JSON.stringify(opts.backend)}: expected float64 or tfjs`);
      const threads = parseThreads('--threads', opts.threads);
      if (threads > 1 && opts.backend === 'tfjs') throw new InputError(`--threads ${opts.threads}: not available with --backend tfjs (use float64)`);
      const { evaluateModel, MODE_RADIUS } = await import('../../train/evaluate.js');
      const { report } = await evaluateModel({
        spec: opts.energy,
        ...(opts.dataset !== undefined ? { dataset: opts.dataset } : { dataFile: opts.data! }),
        ...(particles !== undefined ? { particles } : {}),
        seed,
        backend: opts.backend,
        threads,
        progress: { quiet: opts.quiet === true },
      });
      process.stdout.write(opts.json ? JSON.stringify(report, null, 2) + '\n' : formatReport(report, MODE_RADIUS));
    });
}

export function formatReport(r: EvaluationReport, modeRadius: number): string {
  const f = (x: number) => x.toPrecision(4);
  const s = r.sampling;
  const row = (name: string, model: string, floor: string, better: string) => `${name.padEnd(18)}${model.padStart(10)}  ${floor.padStart(10)}   ${better}`;
  const lines = [
    `${r.dataset}: ${r.particles} samples (${s.sampler}, ${s.steps} steps of ${s.stepSize}, T ${s.temperature}, init ${s.init}; ${r.samplingSeconds.toFixed(1)} s), seed ${r.seed}`,
    row('', 'model', 'data floor', 'better'),
    row('MMD^2 vs data', f(r.model.mmd2), f(r.floor.mmd2), 'lower (floor: two data samples)'),
    row('sliced W2 vs data', f(r.model.slicedW2), f(r.floor.slicedW2), 'lower (floor: two data samples)'),
  ];
  if (r.model.modes && r.floor.modes) {
    lines.push(row('near a mode', f(r.model.modes.nearFraction), f(r.floor.modes.nearFraction), `higher (within ${modeRadius.toFixed(2)})`));
    lines.push(row('modes populated', `${r.model.modes.populated}/${r.model.modes.modes}`, `${r.floor.modes.populated}/${r.floor.modes.modes}`, 'higher'));
    lines.push(`per-mode counts   ${r.model.modes.counts.join(' ')}`);
  }
  lines.push(`KSD (IMQ) under the model's score -grad E / T, no floor:`);
  lines.push(row('  of the samples', f(r.model.ksd), '', 'lower (0: the samples follow exp(-E/T); the sampler)'));
  lines.push(row('  of the data', f(r.dataKsd), '', 'lower (how well the model fits the data)'));
  return lines.join('\n') + '\n';
}
