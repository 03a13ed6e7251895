// emcert compose: a certificate for a weighted sum derived from component certificates alone.
import type { Command } from 'commander';
import { dirname } from 'node:path';
import { parseEpsilonDown, parseInit, parseWeights } from '../parse.js';
import { VERDICT_EXIT } from './check.js';

export function register(program: Command): void {
  program
    .command('compose')
    .description('derive a certificate for sum_i w_i E_i from component certificates (exit 0 certified, 1 refuted, 2 inconclusive, 3 bad input)')
    .argument('<certs...>', 'component certificates')
    .requiredOption('--weights <w1,w2,...>', 'one weight per certificate')
    .option('--epsilon <eps>', 'KL target (default: the first component\'s)')
    .option('--init <normal:MEAN,STD>', 'initial law (default: the first component\'s)')
    .requiredOption('--out <file>', 'where to write the composed certificate')
    .option('--json', 'print the certificate JSON instead of the summary')
    .addHelpText(
      'after',
      `
The components are verified first; the sum's constants come from their claims alone
(proofs/composition.md), without analysing the sum. To analyse the sum directly instead:
emcert check --energy A --energy B --weights W1,W2.

Example:
  $ emcert compose a.json b.json --weights 0.5,0.5 --out sum.json`,
    )
    .action(async (paths: string[], flags: { weights: string; epsilon?: string; init?: string; out: string; json?: boolean }) => {
      const { composeCertificates } = await import('../../certify/compose.js');
      const { readCertificate } = await import('../../verify/schema.js');
      const { rebaseCertificatePaths, writeCertificate } = await import('../../certify/write.js');
      const { formatSummary } = await import('../../certify/summary.js');
      const weights = parseWeights('--weights', flags.weights, paths.length);
      // Each component's paths are relative to its own file; in memory they are relative to the working directory.
      const certs = paths.map((p) => rebaseCertificatePaths(readCertificate(p), dirname(p), process.cwd()));
      const cert = composeCertificates(certs, weights, {
        ...(flags.epsilon !== undefined ? { epsilon: parseEpsilonDown('--epsilon', flags.epsilon) } : {}),
        ...(flags.init !== undefined ? { init: parseInit('--init', flags.init) } : {}),
      });
      const written = writeCertificate(flags.out, cert);
      process.stdout.write((flags.json ? JSON.stringify(written, null, 1) : formatSummary(written, flags.out)) + '\n');
      process.exitCode = VERDICT_EXIT[cert.verdict];
    });
}
