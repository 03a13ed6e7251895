// emcert experiment: KL along Langevin, ULA and the gradient flow on grids (2D; estimates from
// samples otherwise), with the certified bounds over them, as report.json, report.md and figures.
// --suite paper runs the synthetic validation table instead.
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { DEFAULT_EPSILON } from '../../certify/defaults.js';
import { InputError } from '../../util/errors.js';
import { parseInit, parsePositiveNumber, parseNonNegativeInteger, parseThreads } from '../parse.js';

interface ExperimentFlags {
  energy?: string;
  suite?: string;
  init?: string;
  temperature?: string;
  epsilon?: string;
  out?: string;
  seed?: string;
  threads: string;
  quick?: boolean;
  quiet?: boolean;
}

export function register(program: Command): void {
  program
    .command('experiment')
    .description('KL along Langevin, ULA and the gradient flow (computed on grids in 2D), with certified bounds; figures and reports')
    .option('--energy <spec>', 'expr:<expression in x1..xd> or a model.json path')
    .option('--suite <name>', 'run a suite instead of one energy: paper')
    .option('--init <normal:MEAN,STD>', 'initial law of every coordinate (default normal:0,1)')
    .option('--temperature <T>', "temperature T > 0 (default: the model file's, else 1)")
    .option('--epsilon <eps>', `KL target of the stopping certificate (default ${DEFAULT_EPSILON})`)
    .option('--out <dir>', 'output directory (default ./emcert-experiment, or ./emcert-suite for --suite)')
    .option('--seed <n>', 'seed of the sample runs (default 1)')
    .option('--threads <N>', 'threads of the sample runs (float64 on worker threads; the samples do not depend on N; not --suite, which samples nothing)', '1')
    .option('--quick', 'coarser grids and fewer samples (for tests)')
    .option('--quiet', 'no progress messages')
    .action(async (flags: ExperimentFlags) => {
      const log = (line: string): void => {
        if (!flags.quiet) process.stderr.write(`emcert experiment: ${line}\n`);
      };
      const epsilon = flags.epsilon !== undefined ? parsePositiveNumber('--epsilon', flags.epsilon) : DEFAULT_EPSILON;
      const seed = flags.seed !== undefined ? parseNonNegativeInteger('--seed', flags.seed) : 1;
      const threads = parseThreads('--threads', flags.threads);
      if (flags.suite !== undefined) {
        if (flags.suite !== 'paper') throw new InputError(`--suite ${JSON.stringify(flags.suite)}: the only suite is paper`);
        if (flags.energy !== undefined) throw new InputError('--suite and --energy: give one or the other');
        if (threads > 1) throw new InputError(`--threads ${flags.threads}: the suite runs no samples (give --threads with --energy)`);
        const out = resolve(flags.out ?? 'emcert-suite');
        const { runPaperSuite } = await import('../../experiment/suite.js');
        const suite = await runPaperSuite({ outDir: out, epsilon, quick: flags.quick === true, log });
        process.stdout.write(`${suite.markdown}\nwrote ${out}/suite.md, suite.tex, suite.json and certificates/ (re-check with emcert verify)\n`);
        return;
      }
      if (flags.energy === undefined) throw new InputError('--energy SPEC is required (or --suite paper)');
      const init = flags.init !== undefined ? parseInit('--init', flags.init) : { mean: 0, std: 1 };
      const { loadEnergySpec } = await import('../../energy/spec.js');
      const { certifyLangevin, defaultCertifier } = await import('../../experiment/certifyForExperiment.js');
      const { runExperiment } = await import('../../experiment/run.js');
      const loaded = loadEnergySpec(flags.energy);
      const temperature = flags.temperature !== undefined ? parsePositiveNumber('--temperature', flags.temperature) : (loaded.temperature ?? 1);
      const out = resolve(flags.out ?? 'emcert-experiment');
      log('certifying (producer + kernel)');
      const { summary } = certifyLangevin(defaultCertifier, loaded.energy, temperature, epsilon, init);
      // The certifier keeps a short cap for speed: say whether it cut anything (then the constants depend on load).
      const { timeCapText } = await import('../../experiment/certificate.js');
      log(`certificate: ${summary.verdict}; ${timeCapText(summary.search)}`);
      const report = await runExperiment({ energy: loaded.energy, temperature, start: init, epsilon, outDir: out, certificate: summary, seed, threads, resolution: flags.quick ? 'quick' : 'full', log });
      process.stdout.write(`wrote ${out}/report.json, report.md and ${report.figures.join(', ')} (${report.seconds} s)\n`);
    });
}
