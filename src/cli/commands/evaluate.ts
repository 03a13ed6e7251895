// emcert evaluate: sample a trained model with its own sampling block and print how close the
// samples are to its data set (MMD, sliced W2, KSD, mode coverage), beside the data-to-data floor.
import type { Command } from 'commander';
import { parseNonNegativeInteger, parsePositiveInteger } from '../parse.js';
import { DATASET_NAMES } from '../../train/datasets.js';
import type { EvaluationReport } from '../../train/evaluate.js';
import { InputError } from '../../util/errors.js';

export function register(program: Command): void {
  program
    .command('evaluate')
    .description('sample a model with its own sampling block and compare with its data set (MMD, sliced W2, KSD, modes)')
    .requiredOption('--energy <spec>', 'model.json (with a sampling block)')
    .requiredOption('--dataset <name>', `data set: ${DATASET_NAMES.join(', ')}`)
    .option('--particles <p>', 'samples drawn (and data points compared against)', '1000')
    .option('--seed <s>', 'seed', '0')
    .option('--backend <name>', 'float64 | tfjs (float32, faster)', 'float64')
    .option('--json', 'print the report as JSON')
    .action(async (opts: { energy: string; dataset: string; particles: string; seed: string; backend: string; json?: boolean }) => {
      const particles = parsePositiveInteger('--particles', opts.particles);
      if (particles < 2) throw new InputError(`--particles ${particles}: must be at least 2`);
      if (particles > 20000) throw new InputError(`--particles ${particles}: at most 20000 (the measures are quadratic in it)`);
      const seed = parseNonNegativeInteger('--seed', opts.seed);
      if (opts.backend !== 'float64' && opts.backend !== 'tfjs') throw new InputError(`--backend ${JSON.stringify(opts.backend)}: expected float64 or tfjs`);
      const { evaluateModel, MODE_RADIUS } = await import('../../train/evaluate.js');
      const { report } = await evaluateModel({ spec: opts.energy, dataset: opts.dataset, particles, seed, backend: opts.backend });
      process.stdout.write(opts.json ? JSON.stringify(report, null, 2) + '\n' : formatReport(report, MODE_RADIUS));
    });
}

export function formatReport(r: EvaluationReport, modeRadius: number): string {
  const f = (x: number) => x.toPrecision(4);
  const s = r.sampling;
  const lines = [
    `${r.dataset}: ${r.particles} samples (${s.sampler}, ${s.steps} steps of ${s.stepSize}, T ${s.temperature}, init ${s.init}; ${r.samplingSeconds.toFixed(1)} s), seed ${r.seed}`,
    `                 model      data floor`,
    `MMD^2          ${f(r.model.mmd2).padStart(10)}  ${f(r.floor.mmd2).padStart(10)}`,
    `sliced W2      ${f(r.model.slicedW2).padStart(10)}  ${f(r.floor.slicedW2).padStart(10)}`,
    `KSD (IMQ)      ${f(r.model.ksd).padStart(10)}  ${f(r.floor.ksd).padStart(10)}`,
  ];
  if (r.model.modes && r.floor.modes) {
    lines.push(`near a mode    ${f(r.model.modes.nearFraction).padStart(10)}  ${f(r.floor.modes.nearFraction).padStart(10)}   (within ${modeRadius.toFixed(2)})`);
    lines.push(`modes populated ${`${r.model.modes.populated}/${r.model.modes.modes}`.padStart(9)}  ${`${r.floor.modes.populated}/${r.floor.modes.modes}`.padStart(10)}`);
    lines.push(`per-mode counts ${r.model.modes.counts.join(' ')}`);
  }
  return lines.join('\n') + '\n';
}
