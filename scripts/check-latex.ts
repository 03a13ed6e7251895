// npm run check:latex: compiles the LaTeX that emcert generates with pdflatex, so a paper can \input it.
//   npx tsx scripts/check-latex.ts [--keep] [--skip-suite]
// Generates into a temporary directory: `emcert check --latex FILE` rows (a certified Gaussian, a
// certified weighted sum, a refuted gradient flow, a vacuous trained model when models/ ships one),
// the suite table from `emcert experiment --suite paper --quick`, and a synthetic suite table that
// exercises every kind of cell (vacuous, refuted, skipped, proxy counts, LaTeX specials in names).
// Each is wrapped in a minimal document, one-column and two-column, and compiled with pdflatex
// (non-interactive, halting on the first error). Exits non-zero on any error and on any overfull
// \hbox (a table wider than the page): the generated tables must fit both layouts; the synthetic
// worst case (counts like 3.2 x 10^12 in every column) must fit the table* of a two-column paper. Needs pdflatex with booktabs (Debian: texlive-latex-base and
// texlive-latex-recommended); not part of `npm test`, which must run without TeX.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LATEX_COLUMN_COUNT, LATEX_COLUMNS } from '../src/certify/summary.js';
import { suiteLatexTable, type SuiteRow } from '../src/experiment/suite.js';
import { latexTable } from '../src/report/tables.js';

const REPO = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const keep = args.includes('--keep');
const skipSuite = args.includes('--skip-suite');
const dir = mkdtempSync(join(tmpdir(), 'emcert-latex-'));
let failed = false;

function fail(message: string): void {
  process.stderr.write(`check-latex: FAIL ${message}\n`);
  failed = true;
}

function emcert(list: readonly string[]): { code: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [join(REPO, 'bin/emcert.js'), ...list], { cwd: dir, encoding: 'utf8', timeout: 600_000 });
  return { code: r.status, stderr: r.stderr };
}

const pdflatex = spawnSync('pdflatex', ['--version'], { encoding: 'utf8' });
if (pdflatex.status !== 0) {
  process.stderr.write('check-latex: pdflatex not found (Debian: apt-get install texlive-latex-base texlive-latex-recommended)\n');
  process.exit(2);
}

// 1. check rows.
const checks: { name: string; args: string[]; code: number }[] = [
  { name: 'gauss', args: ['--energy', 'expr:0.5*(4*x1^2 + x2^2)', '--init', 'normal:2,1', '--epsilon', '0.01'], code: 0 },
  { name: 'sum', args: ['--energy', 'expr:x1^2 + x2^2', '--energy', 'expr:(x1-1)^2 + x2^2', '--weights', '0.5,2'], code: 0 },
  { name: 'flow', args: ['--energy', 'expr:0.5*x1^2 + x2^2', '--sampler', 'flow'], code: 1 },
];
const model = join(REPO, 'models', '8gaussians', 'model.json');
if (existsSync(model)) checks.push({ name: 'model', args: ['--energy', model, '--budget', '20'], code: 0 });
const rows: string[] = [];
for (const c of checks) {
  const r = emcert(['check', ...c.args, '--out', `${c.name}.json`, '--latex', `${c.name}.tex`, '--quiet']);
  if (r.code !== c.code) fail(`emcert check (${c.name}) exited ${r.code}, expected ${c.code}: ${r.stderr.trim()}`);
  const path = join(dir, `${c.name}.tex`);
  if (!existsSync(path)) continue;
  const row = readFileSync(path, 'utf8').split('\n').filter((l) => l !== '' && !l.startsWith('%'));
  if (row.length !== 1) fail(`${c.name}.tex: expected one row, got ${row.length} lines`);
  rows.push(...row);
}
const checkTable = [
  '\\begin{table*}[t]',
  '\\centering',
  '\\footnotesize',
  '\\setlength{\\tabcolsep}{2pt}',
  '\\caption{emcert check rows.}',
  '\\begin{tabularx}{\\linewidth}{>{\\raggedright\\arraybackslash}X' + 'r'.repeat(LATEX_COLUMN_COUNT - 2) + 'l}',
  '\\toprule',
  `${LATEX_COLUMNS} \\\\`,
  '\\midrule',
  ...rows,
  '\\bottomrule',
  '\\end{tabularx}',
  '\\end{table*}',
].join('\n');
writeFileSync(join(dir, 'check-table.tex'), checkTable + '\n');

// 2. The suite table, as `emcert experiment --suite paper` writes it.
const tables = ['check-table.tex', 'synthetic-suite.tex'];
if (!skipSuite) {
  const r = emcert(['experiment', '--suite', 'paper', '--quick', '--quiet', '--out', 'suite']);
  if (r.code !== 0) fail(`emcert experiment --suite paper exited ${r.code}: ${r.stderr.trim()}`);
  else tables.push('suite/suite.tex');
}

// 3. A synthetic suite table with every kind of cell.
const synthetic: SuiteRow[] = [
  { name: 'Gaussian', spec: '', status: 'ran', note: '', certificate: { verdict: 'certified', alpha: 1, smoothness: 2, stopping: { epsilon: 0.1, stepSize: 0.316, steps: 3 }, note: '' }, certifiedSteps: 3, computedSteps: 3, computedMethod: 'exact Gaussian law', ratio: 1, langevinMonotone: true, boundHolds: true, flowRose: true },
  { name: 'a_b & c% #1 {x} ~ ^ \\ <weird> |name|', spec: '', status: 'ran', note: '', certificate: { verdict: 'certified', alpha: 0.0345, smoothness: 12345.6, stopping: { epsilon: 0.1, stepSize: 1.23e-7, steps: 3.2e12 }, note: '' }, certifiedSteps: 3.2e12, computedSteps: 81234567, computedMethod: 'continuous-time proxy', ratio: 39391.2, langevinMonotone: true, boundHolds: true, flowRose: true },
  { name: 'sum: 8gaussians + checkerboard', spec: '', status: 'ran', note: '', certificate: { verdict: 'certified', alpha: 1.85e-18, smoothness: 380, note: '' }, certifiedSteps: null, computedSteps: 1234, computedMethod: 'grid', ratio: null, langevinMonotone: true, boundHolds: null, flowRose: true },
  { name: 'refuted', spec: '', status: 'ran', note: '', certificate: { verdict: 'refuted', alpha: 0.5, note: '' }, certifiedSteps: null, langevinMonotone: false, boundHolds: false, flowRose: false },
  { name: 'three-mode mixture', spec: '', status: 'ran', note: '', certificate: { verdict: 'inconclusive', note: '' }, certifiedSteps: null, langevinMonotone: true, boundHolds: null, flowRose: true },
  { name: 'sum of two trained models', spec: '', status: 'skipped', note: '' },
];
writeFileSync(join(dir, 'synthetic-suite.tex'), latexTable(suiteLatexTable(synthetic, 0.1, 81, 1), 'tab:synthetic', { wide: true }));

// 4. Compile every table in a one-column and a two-column document.
for (const table of tables) {
  for (const layout of table === 'synthetic-suite.tex' ? ['twocolumn'] : ['', 'twocolumn']) {
    const base = `doc-${table.replace(/[^a-z0-9]+/gi, '-')}-${layout || 'onecolumn'}`;
    writeFileSync(
      join(dir, `${base}.tex`),
      [`\\documentclass[10pt${layout ? `,${layout}` : ''}]{article}`, '\\usepackage{booktabs}', '\\usepackage{tabularx}', '\\begin{document}', `\\input{${table}}`, 'Text.', '\\end{document}', ''].join('\n'),
    );
    const r = spawnSync('pdflatex', ['-interaction=nonstopmode', '-halt-on-error', '-no-shell-escape', `${base}.tex`], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
    const log = existsSync(join(dir, `${base}.log`)) ? readFileSync(join(dir, `${base}.log`), 'latin1') : r.stdout;
    if (r.status !== 0) {
      fail(`pdflatex ${table} (${layout || 'one column'}) exited ${r.status}:\n${log.split('\n').filter((l) => l.startsWith('!') || /^l\.\d+/.test(l)).join('\n') || log.slice(-2000)}`);
      continue;
    }
    const overfull = log.split('\n').filter((l) => /^Overfull \\hbox/.test(l));
    if (overfull.length > 0) fail(`pdflatex ${table} (${layout || 'one column'}): ${overfull.join('; ')}`);
    else process.stdout.write(`check-latex: ok ${table} (${layout || 'one column'}) -> ${base}.pdf\n`);
  }
}

if (keep || failed) process.stdout.write(`check-latex: files in ${dir}\n`);
else rmSync(dir, { recursive: true, force: true });
process.stdout.write(failed ? 'check-latex: FAILED\n' : `check-latex: passed (${rows.length} check rows, ${tables.length} tables, one and two columns)\n`);
process.exit(failed ? 1 : 0);
