// npm run models: retrains the shipped zoo (models/<name>/) with `emcert train`, records its quality
// with `emcert evaluate` (models/<name>/evaluation.json) and long-run MALA chains
// (models/<name>/long-run.json), certifies it with `emcert check` into certificates/<name>.json, and
// audits it with `emcert audit --certificate` against fresh data (models/<name>/audit-data.csv ->
// models/<name>/audit/).
//   npx tsx scripts/regenerate-zoo.ts [--only NAME[,NAME]] [--skip-train] [--skip-check] [--skip-audit] [--audit-only]
// (--audit-only: the audit step alone, on the models and certificates in place.)
// Every model is trained into a temporary directory and moved into place only when training ends,
// so an interrupted run never leaves a half-written model behind.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRng } from '../src/random/rng.js';
import { sampleDataset } from '../src/train/datasets.js';
import { longRunQuality } from './long-run-quality.js';

interface ZooEntry {
  readonly name: string;
  readonly dataset: string;
  readonly seed: number;
  /** Extra `emcert train` flags beyond the defaults. */
  readonly train: readonly string[];
}

export const ZOO: readonly ZooEntry[] = [
  { name: '8gaussians', dataset: '8gaussians', seed: 1, train: [] },
  { name: 'moons', dataset: 'moons', seed: 2, train: [] },
  { name: 'checkerboard', dataset: 'checkerboard', seed: 1, train: [] },
  { name: '2spirals', dataset: '2spirals', seed: 1, train: [] },
  { name: 'rings', dataset: 'rings', seed: 1, train: [] },
];

/** Fresh data for the audit's NLL: 2000 points, a seed no training run uses. */
function writeAuditData(path: string, dataset: string): void {
  const n = 2000;
  const x = sampleDataset(dataset, n, createRng(777));
  const lines = ['x1,x2'];
  for (let i = 0; i < n; i++) lines.push(`${x[2 * i]},${x[2 * i + 1]}`);
  writeFileSync(path, lines.join('\n') + '\n');
}

function emcert(args: readonly string[], capture = false): { code: number; stdout: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8', stdio: capture ? ['ignore', 'pipe', 'inherit'] : 'inherit' });
  return { code: r.status ?? 70, stdout: r.stdout ?? '' };
}

async function main(argv: string[]): Promise<number> {
  const flag = (name: string) => argv.includes(name);
  const onlyAt = argv.indexOf('--only');
  const only = onlyAt >= 0 ? new Set((argv[onlyAt + 1] ?? '').split(',')) : undefined;
  const entries = ZOO.filter((e) => !only || only.has(e.name));
  if (entries.length === 0) {
    process.stderr.write(`regenerate-zoo: --only matches none of ${ZOO.map((e) => e.name).join(', ')}\n`);
    return 3;
  }
  let failures = 0;
  for (const e of entries) {
    const dir = join('models', e.name);
    const cert = join('certificates', `${e.name}.json`);
    const auditOnly = flag('--audit-only');
    if (!flag('--skip-train') && !auditOnly) {
      const tmp = join('models', `.${e.name}.training`);
      rmSync(tmp, { recursive: true, force: true });
      const started = Date.now();
      const t = emcert(['train', '--dataset', e.dataset, '--out', tmp, '--seed', String(e.seed), '--checkpoint-every', '0', ...e.train]);
      if (t.code !== 0) {
        process.stderr.write(`regenerate-zoo: training ${e.name} failed (exit ${t.code})\n`);
        failures++;
        continue;
      }
      rmSync(dir, { recursive: true, force: true });
      renameSync(tmp, dir);
      process.stdout.write(`${e.name}: trained in ${((Date.now() - started) / 1000).toFixed(0)} s wall clock\n`);
    }
    if (!auditOnly) {
      const ev = emcert(['evaluate', '--energy', join(dir, 'model.json'), '--dataset', e.dataset, '--particles', '2000', '--seed', '1', '--json'], true);
      if (ev.code === 0) writeFileSync(join(dir, 'evaluation.json'), ev.stdout);
      else failures++;
      const long = await longRunQuality(join(dir, 'model.json'), e.dataset, { steps: 10_000, particles: 1000, seed: 1 });
      writeFileSync(join(dir, 'long-run.json'), JSON.stringify(long, null, 2) + '\n');
      process.stdout.write(`${e.name}: long-run MALA sliced W2 ${long.slicedW2.toFixed(3)} (floor ${long.floor.toFixed(3)})\n`);
      if (!flag('--skip-check')) {
        mkdirSync('certificates', { recursive: true });
        // No --budget: check's searches end on their work limits, so the certificate does not depend on load.
        const c = emcert(['check', '--energy', join(dir, 'model.json'), '--out', join('certificates', `${e.name}.json`)]);
        const verdict = ['certified', 'refuted', 'inconclusive'][c.code] ?? `error (exit ${c.code})`;
        process.stdout.write(`${e.name}: check -> ${verdict}${existsSync(join('certificates', `${e.name}.json`)) ? ` (certificates/${e.name}.json)` : ''}\n`);
        if (c.code > 2) failures++;
      }
    }
    if (!flag('--skip-audit')) {
      writeAuditData(join(dir, 'audit-data.csv'), e.dataset);
      // No --time-limit: the searches end on their work limits, so a loaded machine gives the same audit.
      const a = emcert(['audit', '--energy', join(dir, 'model.json'), '--regions', 'auto', '--data', join(dir, 'audit-data.csv'), '--out', join(dir, 'audit'), '--quiet',
        // The certificate's LSI constant is the mixing bracket's lower end (emcert verify checks it).
        ...(existsSync(cert) ? ['--certificate', cert] : [])]);
      process.stdout.write(`${e.name}: audit -> exit ${a.code}\n`);
      if (a.code > 2) failures++;
    }
  }
  return failures === 0 ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
