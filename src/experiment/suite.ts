// `emcert experiment --suite paper`: for each suite energy, the certified constants and stopping
// rule next to what the grids compute (first ULA step with KL < eps, Langevin monotonicity, the
// flow's rise), as Markdown, LaTeX and JSON, and the certificate of every row (its sha256 in
// suite.json) so a reader can re-check the table with `emcert verify`. Coarser grids than a single
// experiment (stated).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Certificate } from '../verify/certificate.js';
import { writeCertificate } from '../certify/write.js';
import { USEFUL_STEPS, vacuousAlpha } from '../certify/summary.js';
import { buildEnergy } from '../certify/energyBuild.js';
import { potentialFromEnergy } from '../diagnostics/grid/potential.js';
import type { GaussianStart } from '../diagnostics/grid/grid.js';
import { latexCount, latexEscape, latexNumber, latexTable, markdownTable, type Table } from '../report/tables.js';
import { sha256Hex, writeFileAtomic } from '../util/files.js';
import { certifyLangevin, defaultCertifier, type Certifier } from './certifyForExperiment.js';
import type { CertificateSummary } from './certificate.js';
import { timeCapText } from './certificate.js';
import { exactUlaFirstBelow } from './gaussianUla.js';
import { boundViolations } from './markdown.js';
import { runGridExperiment } from './gridRun.js';
import { paperSuite, type SuiteEntry } from './suiteEnergies.js';

export const SUITE_FORMAT = 'emcert-suite@1';
export const SUITE_START = { mean: 1, std: 0.7 } as const;

export interface SuiteRow {
  readonly name: string;
  readonly spec: string;
  readonly status: 'ran' | 'skipped' | 'failed';
  readonly note: string;
  readonly certificate?: CertificateSummary;
  /** The row's certificate, relative to the suite directory (certificates/NAME.json), and its sha256. */
  readonly certificateFile?: string;
  readonly certificateSha256?: string;
  readonly certifiedSteps?: number | null;
  readonly computedSteps?: number | null;
  readonly computedMethod?: string;
  readonly ratio?: number | null;
  readonly langevinMonotone?: boolean;
  /** Whether the computed Langevin KL stays under the certified exp(-2 alpha t) KL0 (null: no bound). */
  readonly boundHolds?: boolean | null;
  readonly flowRose?: boolean;
  readonly seconds?: number;
}

export interface SuiteOptions {
  readonly outDir: string;
  readonly epsilon: number;
  readonly temperature?: number;
  readonly start?: GaussianStart;
  readonly quick?: boolean;
  readonly entries?: readonly SuiteEntry[];
  readonly certify?: Certifier;
  readonly log?: (line: string) => void;
}

export interface SuiteResult {
  readonly rows: SuiteRow[];
  readonly markdown: string;
  readonly latex: string;
}

export async function runPaperSuite(opts: SuiteOptions): Promise<SuiteResult> {
  const T = opts.temperature ?? 1;
  // A start away from the minimum, so KL_0 is well above eps and the curves have something to show.
  const start = opts.start ?? SUITE_START;
  const certify = opts.certify ?? defaultCertifier;
  const log = opts.log ?? (() => {});
  const nodes = opts.quick ? 51 : 81;
  const rows: SuiteRow[] = [];
  // Written after the loop, with the tables, so a failed run leaves no certificates behind either.
  const certificates: { file: string; cert: Certificate }[] = [];
  for (const entry of opts.entries ?? paperSuite()) {
    const spec = entry.terms.map((t) => (entry.terms.length > 1 ? `${t.weight}*[${t.spec}]` : t.spec)).join(' + ');
    if (entry.missing) {
      rows.push({ name: entry.name, spec, status: 'skipped', note: entry.missing });
      continue;
    }
    const began = performance.now();
    try {
      log(`${entry.name}: certifying`);
      const energy = buildEnergy(entry.terms);
      if (energy.dim !== 2) {
        rows.push({ name: entry.name, spec, status: 'skipped', note: `dimension ${energy.dim}: the suite's grids are 2D` });
        continue;
      }
      const { certificate, summary } = certifyLangevin(certify, energy, T, opts.epsilon, start, entry.terms);
      const certificateFile = `certificates/${slug(entry.name)}.json`;
      if (typeof certificate.schema === 'string') certificates.push({ file: certificateFile, cert: certificate });
      log(`${entry.name}: ${summary.verdict} (${timeCapText(summary.search)}); grids`);
      const grid = runGridExperiment({
        potential: potentialFromEnergy(energy, T),
        start,
        temperature: T,
        epsilon: opts.epsilon,
        certificate: summary,
        nodes,
        flowPoints: opts.quick ? 24 : 36,
        ulaMaxWork: opts.quick ? 2e8 : 1.5e9,
        maxFokkerPlanckSteps: opts.quick ? 15000 : 60000,
        tMax: 12,
      });
      let computed = grid.ulaFirstBelow.computedSteps;
      let method: string = grid.ulaFirstBelow.method;
      const certifiedSteps = summary.stopping?.steps ?? null;
      if (entry.quadratic && summary.stopping && T === 1) {
        // Exact for Gaussians at any step size (the grid is not needed).
        computed = exactUlaFirstBelow(entry.quadratic, start, summary.stopping.stepSize * T, opts.epsilon, Math.max(10 * summary.stopping.steps, 1000));
        method = 'exact Gaussian law';
      }
      rows.push({
        name: entry.name,
        spec,
        status: 'ran',
        // A cut by the certifier's short cap is named in the row (suite.json also has certificate.search).
        note: `${summary.verdict === 'certified' ? grid.ulaFirstBelow.note : `${summary.verdict}: ${summary.note}`}${summary.search && summary.search.timeCapCut.length > 0 ? `; ${timeCapText(summary.search)}` : ''}`,
        certificate: summary,
        ...(typeof certificate.schema === 'string' ? { certificateFile } : {}),
        certifiedSteps,
        computedSteps: computed,
        computedMethod: method,
        ratio: certifiedSteps !== null && computed ? certifiedSteps / computed : null,
        langevinMonotone: grid.langevin.monotone,
        boundHolds: grid.langevin.bound ? boundViolations(grid.langevin.kl, grid.langevin.bound) === 0 : null,
        flowRose: grid.flow.rose,
        seconds: Number(((performance.now() - began) / 1000).toFixed(1)),
      });
    } catch (e) {
      rows.push({ name: entry.name, spec, status: 'failed', note: (e as Error).message, seconds: Number(((performance.now() - began) / 1000).toFixed(1)) });
    }
  }
  const certDir = join(opts.outDir, 'certificates');
  const sha = new Map<string, string>();
  for (const { file, cert } of certificates) {
    const path = join(opts.outDir, file);
    // writeCertificate stores paths relative to the certificate's own directory.
    writeCertificate(path, cert);
    sha.set(file, sha256Hex(readFileSync(path)));
  }
  const withSha = rows.map((r) => (r.certificateFile && sha.has(r.certificateFile) ? { ...r, certificateSha256: sha.get(r.certificateFile)! } : r));
  const table = suiteTable(withSha, opts.epsilon, nodes);
  const markdown = `# emcert paper suite\n\n${markdownTable(table)}\n${table.caption}\n\n${withSha.filter((r) => r.note).map((r) => `- ${r.name}: ${r.note}`).join('\n')}\n`;
  const latex = latexTable(suiteLatexTable(withSha, opts.epsilon, nodes, T, start), 'tab:emcert-suite', { wide: true });
  writeFileAtomic(join(opts.outDir, 'suite.md'), markdown);
  writeFileAtomic(join(opts.outDir, 'suite.tex'), latex);
  writeFileAtomic(
    join(opts.outDir, 'suite.json'),
    JSON.stringify({ format: SUITE_FORMAT, epsilon: opts.epsilon, temperature: T, init: start, gridNodesPerAxis: nodes, rows: withSha }, null, 1) + '\n',
  );
  return { rows: withSha, markdown, latex };
}

const num = (x: number | null | undefined, d = 3): string => (x === null || x === undefined || !Number.isFinite(x) ? '-' : Number(x.toPrecision(d)).toString());

export function suiteTable(rows: readonly SuiteRow[], epsilon: number, nodes: number): Table {
  return {
    columns: ['energy', 'verdict', 'alpha', 'L', 'eta', 'certified N', `computed k (KL<${epsilon})`, 'N / k', 'Langevin KL monotone', 'KL under bound', 'flow KL rose'],
    rows: rows.map((r) => {
      if (r.status !== 'ran') return [r.name, r.status, '-', '-', '-', '-', '-', '-', '-', '-', '-'];
      const c = r.certificate!;
      const method = r.computedMethod === 'continuous-time proxy' ? ' (proxy)' : r.computedMethod === 'exact Gaussian law' ? ' (exact)' : r.computedMethod === 'grid' ? ' (grid)' : '';
      return [
        r.name,
        c.verdict,
        num(c.alpha),
        num(c.smoothness),
        num(c.stopping?.stepSize),
        r.certifiedSteps === null || r.certifiedSteps === undefined ? '-' : String(r.certifiedSteps),
        r.computedSteps === null || r.computedSteps === undefined ? '-' : `${r.computedSteps}${method}`,
        num(r.ratio),
        r.langevinMonotone ? 'yes' : 'no',
        r.boundHolds === null || r.boundHolds === undefined ? '-' : r.boundHolds ? 'yes' : 'no',
        r.flowRose ? 'yes' : 'no',
      ];
    }),
    caption: `Certified constants of f = E/T (T = 1, start N(${SUITE_START.mean}, ${SUITE_START.std}^2 I)), eps = ${epsilon}. Computed k: first ULA step at the certified step with KL < eps — exact for Gaussians, exact grid transitions where the grid resolves the step, else the continuous-time proxy t*/h (marked). Langevin KL on a ${nodes}x${nodes} Scharfetter-Gummel grid; flow KL along characteristics.`,
  };
}

/** certificates/<slug>.json: lower case, runs of anything but letters and digits as one '-'. */
export function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'energy';
}


/**
 * The LaTeX form of the suite table: 9 columns (the three grid checks in one), math-mode headers,
 * numbers as $2.34 \times 10^{-10}$, model names (never paths), a tabularx that wraps the energy
 * names to \linewidth, in a table* (both columns of a two-column paper; a plain float in one column).
 */
export function suiteLatexTable(rows: readonly SuiteRow[], epsilon: number, nodes: number, temperature: number, start: GaussianStart = SUITE_START): Table {
  const method = (m: string | undefined): string => (m === 'exact Gaussian law' ? 'e' : m === 'grid' ? 'g' : m === 'continuous-time proxy' ? 'p' : '');
  let anyVacuous = false;
  const body = rows.map((r) => {
    const name = { md: r.name, tex: latexEscape(r.name) };
    if (r.status !== 'ran') return [name, r.status, '--', '--', '--', '--', '--', '--', '--'];
    const c = r.certificate!;
    const refuted = c.verdict === 'refuted';
    const steps = r.certifiedSteps ?? null;
    // As `emcert check` says it: an LSI constant whose KL half-life is astronomical, or a step count beyond 10^9.
    const vacuous = c.verdict === 'certified' && ((c.alpha !== undefined && vacuousAlpha(c.alpha)) || (steps !== null && steps > USEFUL_STEPS));
    anyVacuous ||= vacuous;
    const k = r.computedSteps ?? null;
    const mark = method(r.computedMethod);
    const fails = [
      ...(r.langevinMonotone ? [] : ['KL rose']),
      ...(r.boundHolds === false ? ['above bound'] : []),
      ...(r.flowRose ? [] : ['flow did not rise']),
    ];
    return [
      name,
      { md: c.verdict, tex: vacuous ? 'certified$^{\\dagger}$' : c.verdict },
      { md: '', tex: refuted ? '--' : latexNumber(c.alpha) },
      { md: '', tex: refuted ? '--' : latexNumber(c.smoothness) },
      { md: '', tex: refuted ? '--' : latexNumber(c.stopping?.stepSize) },
      { md: '', tex: refuted ? '--' : latexCount(steps) },
      { md: '', tex: k === null ? '--' : `${latexCount(k)}${mark ? `\\textsuperscript{${mark}}` : ''}` },
      { md: '', tex: refuted ? '--' : latexNumber(r.ratio) },
      fails.length === 0 ? 'pass' : fails.join(', '),
    ];
  });
  const caption =
    `Certified constants of $f = E/T$ ($T = ${temperature}$, initial law $\\mathcal{N}(${start.mean}, ${start.std}^2 I)$): ` +
    `LSI constant $\\alpha$, smoothness $L$, and the certified ULA step $\\eta$ and step count $N$ for $\\mathrm{KL} \\le \\varepsilon = ${epsilon}$. ` +
    `$k$ is the first ULA step at step $\\eta$ with $\\mathrm{KL} < \\varepsilon$: exact for Gaussians (e), by exact grid transitions (g), ` +
    `or the continuous-time proxy $t^*/h$ (p). Grid checks: Langevin KL on a $${nodes} \\times ${nodes}$ Scharfetter--Gummel grid never increases ` +
    `and stays under the certified $e^{-2 \\alpha t} \\mathrm{KL}_0$, and the gradient flow's KL rises after its minimum. --: not established.` +
    (anyVacuous ? ` $^{\\dagger}$Certified but vacuous in practice: KL halves only after $t > 10^{9}$, or no stopping rule within $10^{9}$ steps.` : '');
  return {
    columns: ['energy', 'verdict', { md: 'alpha', tex: '$\\alpha$' }, { md: 'L', tex: '$L$' }, { md: 'eta', tex: '$\\eta$' }, { md: 'N', tex: '$N$' }, { md: 'k', tex: '$k$' }, { md: 'N / k', tex: '$N/k$' }, 'grid checks'],
    rows: body,
    caption: { md: '', tex: caption },
    align: ['X', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'X'],
  };
}
