// emcert verify: re-check a certificate with the kernel only (exit 0 valid, 1 invalid, 3 bad input).
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
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

An audit (DIR/audit.json of emcert audit) is recognised by its kind: the certified parts (ln Z, region
masses, NLL, mixing bracket, stability, TV bounds from the stored counts, verdict) are replayed by the
kernel (src/verify/audit.ts), and the sampler check is re-run from its seed (statistical; the counts
must come out the same).

Examples:
  $ emcert verify certificates/8gaussians.json --verbose
  $ emcert verify audit-8g/audit.json`,
    )
      .action(async (path: string, flags: { json?: boolean; verbose?: boolean }) => {
      if (isAuditFile(path)) return verifyAudit(path, flags);
      const { assertCertificate } = await import('../../verify/schema.js');
      const { verifyCertificate } = await import('../../verify/verify.js');
      const { readJsonDocument, isBarrierDocument, assertBarrierCertificate } = await import('../../verify/barrierCertificate.js');
      const doc = readJsonDocument(path);
      // Relative paths in a certificate are relative to the certificate's own directory.
      const cert = isBarrierDocument(doc) ? assertBarrierCertificate(doc, path) : assertCertificate(doc, path);
      // The TV claim's re-check re-runs the grid propagation (a silent minute in 2-D) or the localisation bound: say so first.
      const tv = !isBarrierDocument(doc) ? (cert as { stopping?: { tv?: { applies?: boolean; steps?: number; route?: string; localisation?: { drift: { boxes: unknown[] } } } } | null }).stopping?.tv : undefined;
      if (tv?.applies && !flags.json) process.stderr.write(tv.route === 'localisation'
        ? `emcert verify: re-deriving the localisation bound of stopping.tv (${tv.localisation?.drift.boxes.length ?? 0} drift boxes; seconds of CPU)\n`
        : `emcert verify: re-running the grid propagation of stopping.tv (${tv.steps} steps; CPU minutes in 2-D)\n`);
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

function isAuditFile(path: string): boolean {
  try {
    const doc = JSON.parse(readFileSync(path, 'utf8'));
    return typeof doc === 'object' && doc !== null && doc.kind === 'emcert-audit';
  } catch {
    return false;
  }
}

async function verifyAudit(path: string, flags: { json?: boolean; verbose?: boolean }): Promise<void> {
  const { replayAudit } = await import('../../verify/audit.js');
  const doc = JSON.parse(readFileSync(path, 'utf8'));
  const dir = dirname(path);
  const checks = replayAudit(doc, dir);
  // The statistical part: the seeded sampler again (the Langevin engine is not trusted code, so this
  // lives here and not in src/verify/), its region counts compared with the stored ones.
  const run = doc.sampling?.run;
  if (run && doc.quadrature && checks.every((c) => c.ok)) {
    const { buildEnergy } = await import('../../certify/energyBuild.js');
    const { EXPRESSION_PREFIX, resolveStoredPath } = await import('../../verify/model.js');
    const { auditEnergyTerms } = await import('../../verify/audit.js');
    const { runSamplingBlock, countRegions } = await import('../../audit/samplingBlock.js');
    const energy = buildEnergy(auditEnergyTerms(doc).map((t) => ({ spec: t.spec.startsWith(EXPRESSION_PREFIX) ? t.spec : resolveStoredPath(t.spec, dir), weight: t.weight })));
    const regions = (doc.regions as { boxes: [unknown, unknown][][] }[]).map((r) => r.boxes.map((b) => b.map(([lo, hi]) => ({ lo: end(lo), hi: end(hi) }))));
    let samples: Float64Array | undefined, diverged: string | undefined;
    try {
      samples = runSamplingBlock(energy, doc.sampling.block, run.particles, run.seed);
    } catch (e) {
      diverged = (e as Error).message;
    }
    const counts = samples ? countRegions(samples, energy.dim, regions) : undefined;
    const ok = diverged !== undefined ? diverged === run.diverged : JSON.stringify(counts) === JSON.stringify(run.counts);
    const detail = diverged !== undefined ? `the re-run diverged (${diverged})` : `seed ${run.seed}, ${run.particles} chains: counts ${JSON.stringify(counts)}`;
    checks.push({ name: 'sampler re-run from its seed (statistical)', ok, detail: ok ? `${detail}, as stored` : `${detail}; stored ${JSON.stringify(run.counts ?? run.diverged)}` });
  }
  const ok = checks.every((c) => c.ok);
  if (flags.json) process.stdout.write(JSON.stringify({ valid: ok, verdict: doc.verdict, checks }, null, 1) + '\n');
  else {
    for (const c of checks) if (!c.ok || flags.verbose) process.stdout.write(`${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}\n`);
    process.stdout.write(ok ? `valid: ${path} (audit verdict ${doc.verdict}; ${checks.length} checks passed)\n` : `INVALID: ${path}: ${checks.filter((c) => !c.ok).length} of ${checks.length} checks failed\n`);
  }
  process.exitCode = ok ? 0 : 1;
}

function end(v: unknown): number {
  return v === 'inf' ? Infinity : v === '-inf' ? -Infinity : (v as number);
}
