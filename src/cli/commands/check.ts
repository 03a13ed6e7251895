// emcert check: certify an energy (or a weighted sum analysed directly) and write the certificate.
import type { Command } from 'commander';
import { InputError } from '../../util/errors.js';
import { writeFileAtomic } from '../../util/files.js';
import { parseInit, parsePositiveNumber, parseWeights } from '../parse.js';
import { DEFAULT_BUDGET_SECONDS, DEFAULT_EPSILON } from '../../certify/defaults.js';
import type { EnergyTerm } from '../../certify/energyBuild.js';
import type { Certificate, SamplerChoice } from '../../certify/certificate.js';

export const VERDICT_EXIT: Record<Certificate['verdict'], number> = { certified: 0, refuted: 1, inconclusive: 2 };

interface CheckFlags {
  energy?: string[];
  weights?: string;
  temperature?: string;
  sampler: string;
  epsilon?: string;
  init?: string;
  out: string;
  latex?: string | boolean;
  json?: boolean;
  quiet?: boolean;
  budget?: string;
}

export function register(program: Command): void {
  program
    .command('check')
    .description('certify an energy: LSI (Lyapunov), smoothness, KL_0, stopping; refute what fails (exit 0 certified, 1 refuted, 2 inconclusive, 3 bad input)')
    .option('--energy <spec>', 'expr:<expression in x1..xd> or a model.json path (required; repeat for a weighted sum)', (v: string, acc: string[] | undefined) => [...(acc ?? []), v])
    .option('--weights <w1,w2,...>', 'weights of the energies (default: 1 each)')
    .option('--temperature <T>', 'temperature T > 0 (default: the model file\'s for one model of weight 1, else 1)')
    .option('--sampler <name>', 'ula | mala | flow', 'ula')
    .option('--epsilon <eps>', `KL target of the stopping certificate (default ${DEFAULT_EPSILON})`)
    .option('--init <normal:MEAN,STD>', 'initial law of every coordinate (default normal:0,1)')
    .requiredOption('--out <file>', 'where to write the certificate JSON')
    .option('--latex [file]', 'also print (or write to file) a LaTeX table row')
    .option('--json', 'print the certificate JSON instead of the summary')
    .option('--budget <seconds>', `time cap of the producers' search; it normally ends on its work limits first (default ${DEFAULT_BUDGET_SECONDS})`)
    .option('--quiet', 'no progress messages')
    .addHelpText(
      'after',
      `
Every constant is of f = E/T. The certificate lists each hypothesis (holds / violated / unknown) with the
kernel function that checked it and the evidence; re-check it anywhere with \`emcert verify CERT.json\`.

Examples:
  $ emcert check --energy 'expr:0.5*(4*x1^2 + x2^2)' --init normal:2,1 --out gauss.json
  $ emcert check --energy 'expr:(x1^2-1)^2 + 0.5*x2^2' --out well.json --latex
  $ emcert check --energy models/8gaussians/model.json --out 8g.json          (T from the model file)
  $ emcert check --energy A/model.json --energy B/model.json --weights 0.5,0.5 --out sum.json
  $ emcert check --energy 'expr:(x1^2-1)^2 + 0.5*x2^2' --sampler flow --out flow.json   (refuted, with a witness)`,
    )
    .action(async (flags: CheckFlags) => {
      const cert = await runCheck(flags);
      process.exitCode = VERDICT_EXIT[cert.verdict];
    });
}

async function runCheck(flags: CheckFlags): Promise<Certificate> {
  const specs = flags.energy ?? [];
  if (specs.length === 0) throw new InputError('--energy: required (expr:<expression in x1..xd> or a model.json path)');
  const sampler = flags.sampler as SamplerChoice;
  if (!['ula', 'mala', 'flow'].includes(sampler)) throw new InputError(`--sampler ${JSON.stringify(flags.sampler)}: expected ula, mala or flow`);
  const weights = flags.weights !== undefined ? parseWeights('--weights', flags.weights, specs.length) : specs.map(() => 1);
  const epsilon = flags.epsilon !== undefined ? parsePositiveNumber('--epsilon', flags.epsilon) : DEFAULT_EPSILON;
  const init = flags.init !== undefined ? parseInit('--init', flags.init) : { mean: 0, std: 1 };
  const budget = flags.budget !== undefined ? parsePositiveNumber('--budget', flags.budget) : DEFAULT_BUDGET_SECONDS;
  const terms: EnergyTerm[] = specs.map((spec, i) => ({ spec, weight: weights[i]! }));
  // Loaded here, not at the top: they pull in mathjs, and --help should not wait for it.
  const { certifyEnergy } = await import('../../certify/certifyEnergy.js');
  const { buildEnergy } = await import('../../certify/energyBuild.js');
  const { writeCertificate } = await import('../../certify/schema.js');
  const { formatSummary, LATEX_HEADER, latexRow } = await import('../../certify/summary.js');
  const temperature = flags.temperature !== undefined ? parsePositiveNumber('--temperature', flags.temperature) : undefined;
  const energy = buildEnergy(terms);
  const showProgress = !flags.quiet && process.stderr.isTTY === true;
  const cert = certifyEnergy({
    energy,
    terms,
    // Undefined: certifyEnergy takes the temperature the energy declares (a model file's), else 1.
    ...(temperature !== undefined ? { temperature } : {}),
    sampler,
    epsilon,
    init,
    timeBudgetMs: budget * 1000,
    onProgress: showProgress ? (m) => process.stderr.write(`emcert check: ${m}\n`) : undefined,
  });
  writeCertificate(flags.out, cert);
  if (flags.json) process.stdout.write(JSON.stringify(cert, null, 1) + '\n');
  else process.stdout.write(formatSummary(cert, flags.out) + '\n');
  if (flags.latex !== undefined && flags.latex !== false) {
    const row = `${LATEX_HEADER}\n${latexRow(cert)}\n`;
    if (typeof flags.latex === 'string') writeFileAtomic(flags.latex, row);
    else process.stdout.write(row);
  }
  return cert;
}
