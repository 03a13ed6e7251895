// emcert verify: re-check a certificate with the kernel only (exit 0 valid, 1 invalid, 3 bad input).
import type { Command } from 'commander';
import { dirname } from 'node:path';
import { InputError } from '../../util/errors.js';
// The certify modules load mathjs; they are imported when the command runs, so --help stays fast.

export function register(program: Command): void {
  program
    .command('verify')
    .description('re-check a certificate from the energy and its stored evidence (exit 0 valid, 1 a claim is not implied, 3 bad input)')
    .argument('<cert>', 'certificate JSON')
    .option('--json', 'print the checks as JSON')
    .option('--verbose', 'list every check, not only the failed ones')
    .addHelpText(
      'after',
      `
verify trusts no number in the file: it checks the sha256 of every energy file, rebuilds the energy,
re-runs only the kernel (src/kernel/) on the stored evidence, and fails any claim the evidence does
not imply (a larger alpha, fewer steps, another verdict, a changed model file).

Example:
  $ emcert verify certificates/8gaussians.json --verbose`,
    )
      .action(async (path: string, flags: { json?: boolean; verbose?: boolean }) => {
      const { assertCertificate } = await import('../../verify/schema.js');
      const { verifyCertificate } = await import('../../verify/verify.js');
      const { readJsonDocument, isBarrierDocument, assertBarrierCertificate } = await import('../../verify/barrierCertificate.js');
      const doc = readJsonDocument(path);
      // Relative paths in a certificate are relative to the certificate's own directory.
      const cert = isBarrierDocument(doc) ? assertBarrierCertificate(doc, path) : assertCertificate(doc, path);
      const report = isBarrierDocument(doc)
        ? (await import('../../verify/barrier.js')).verifyBarrierCertificate(assertBarrierCertificate(doc, path), { baseDir: dirname(path) })
        : verifyCertificate(assertCertificate(doc, path), { baseDir: dirname(path) });
      if (report.inputProblem) throw new InputError(`${path}: ${report.inputProblem}`);
      if (flags.json) process.stdout.write(JSON.stringify({ valid: report.ok, verdict: report.verdict, checks: report.checks }, null, 1) + '\n');
      else {
        for (const c of report.checks) if (!c.ok || flags.verbose) process.stdout.write(`${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}\n`);
        const failed = report.checks.filter((c) => !c.ok).length;
        process.stdout.write(
          report.ok
            ? `valid: ${path} (${cert.verdict}; ${report.checks.length} checks passed)\n`
            : `INVALID: ${path}: ${failed} of ${report.checks.length} checks failed\n`,
        );
      }
      process.exitCode = report.ok ? 0 : 1;
    });
}
