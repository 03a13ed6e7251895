// `emcert demo`: certifies embedded energies (a Gaussian, the double well, a sum) and the shipped
// default model, refutes the noise-free gradient flow on the default, runs the experiment on it,
// and writes certificates, figures and a short report into one directory.
import { join, relative } from 'node:path';
import { certifyEnergy } from '../certify/certifyEnergy.js';
import type { Certificate } from '../verify/certificate.js';
import { buildEnergy, type EnergyTerm } from '../certify/energyBuild.js';
import { DEFAULT_EPSILON } from '../certify/defaults.js';
import { writeCertificate } from '../certify/write.js';
import { loadEnergySpec } from '../energy/spec.js';
import { energyName, markdownTable } from '../report/tables.js';
import { writeFileAtomic } from '../util/files.js';
import { summarizeCertificate, timeCapText } from './certificate.js';
import { runExperiment, type ExperimentReport } from './run.js';
import { shippedModels } from './suiteEnergies.js';

export interface DemoEnergy {
  readonly name: string;
  readonly terms: readonly EnergyTerm[];
}

export const DEMO_EMBEDDED: readonly DemoEnergy[] = [
  { name: 'gaussian', terms: [{ spec: 'expr:0.5*x1^2 + x2^2', weight: 1 }] },
  { name: 'double-well', terms: [{ spec: 'expr:(x1^2 - 1)^2 + 0.5*x2^2', weight: 1 }] },
  {
    name: 'sum',
    terms: [
      { spec: 'expr:(x1^2 - 1)^2 + 0.5*x2^2', weight: 1 },
      { spec: 'expr:0.25*(x1^2 + x2^2)', weight: 1 },
    ],
  },
];

export interface DemoOptions {
  readonly outDir: string;
  readonly quick?: boolean;
  readonly epsilon?: number;
  /** Overrides the shipped default model (tests). */
  readonly defaultModel?: string | null;
  readonly log?: (line: string) => void;
}

export interface DemoResult {
  /** timeCapCut: the searches the demo's short wall-clock cap cut (empty: none; then the certificate
   *  depends only on its input). */
  readonly certificates: { name: string; path: string; verdict: Certificate['verdict']; sampler: 'ula' | 'flow'; timeCapCut: string[] }[];
  readonly experiment: ExperimentReport;
  readonly reportPath: string;
}

export async function runDemo(opts: DemoOptions): Promise<DemoResult> {
  const log = opts.log ?? (() => {});
  const epsilon = opts.epsilon ?? DEFAULT_EPSILON;
  const init = { mean: 0, std: 1 };
  const budgetMs = opts.quick ? 4000 : 10000;
  const model = opts.defaultModel === undefined ? (shippedModels()[0] ?? null) : opts.defaultModel;
  const defaultEnergy: DemoEnergy = model ? { name: 'default-model', terms: [{ spec: model, weight: 1 }] } : DEMO_EMBEDDED[1]!;
  const energies = model ? [...DEMO_EMBEDDED, defaultEnergy] : [...DEMO_EMBEDDED];
  const temperatureOf = (e: DemoEnergy): number => (e.terms.length === 1 ? (loadEnergySpec(e.terms[0]!.spec).temperature ?? 1) : 1);

  const certificates: DemoResult['certificates'] = [];
  const certs = new Map<string, Certificate>();
  const certifyOne = (e: DemoEnergy, sampler: 'ula' | 'flow'): Certificate => {
    log(`${e.name}: ${sampler === 'flow' ? 'refuting the gradient flow' : 'certifying Langevin'}`);
    // The decomposition gap is skipped: on these T = 1 wells it costs 26-36 s each and gives 0.004-0.006,
    // far below their LSI alpha (0.2), so it would double the demo's time and show nothing
    // (`emcert check` reports it).
    const cert = certifyEnergy({ energy: buildEnergy(e.terms), terms: e.terms, temperature: temperatureOf(e), sampler, epsilon, init, timeBudgetMs: budgetMs, decompositionGap: 'skip' });
    const path = join(opts.outDir, 'certificates', `${e.name}${sampler === 'flow' ? '-flow' : ''}.json`);
    writeCertificate(path, cert);
    // The short cap is for speed; whether it cut a search is printed and written (README table).
    const search = summarizeCertificate(cert, '').search;
    log(`${e.name}: ${cert.verdict}; ${timeCapText(search)}`);
    certificates.push({ name: e.name, path, verdict: cert.verdict, sampler, timeCapCut: [...(search?.timeCapCut ?? [])] });
    return cert;
  };
  for (const e of energies) certs.set(e.name, certifyOne(e, 'ula'));
  certifyOne(defaultEnergy, 'flow');

  const defaultCert = certs.get(defaultEnergy.name)!;
  log(`${defaultEnergy.name}: experiment (grids, samples, figures)`);
  const experiment = await runExperiment({
    energy: buildEnergy(defaultEnergy.terms),
    temperature: temperatureOf(defaultEnergy),
    start: init,
    epsilon,
    outDir: join(opts.outDir, 'experiment'),
    certificate: summarizeCertificate(defaultCert, defaultCert.reason || defaultCert.verdict),
    resolution: opts.quick ? 'quick' : 'full',
    // The model's name (its directory), never its path.
    title: defaultEnergy.name === 'default-model' && model ? energyName(model) : defaultEnergy.name,
    log,
  });

  const reportPath = join(opts.outDir, 'README.md');
  writeFileAtomic(reportPath, demoMarkdown(opts.outDir, certificates, certs, experiment, defaultEnergy.name, budgetMs / 1000));
  return { certificates, experiment, reportPath };
}

function demoMarkdown(outDir: string, list: DemoResult['certificates'], certs: Map<string, Certificate>, exp: ExperimentReport, defaultName: string, capSeconds: number): string {
  const n = (x: number | null | undefined): string => (x === null || x === undefined ? '-' : Number(x.toPrecision(4)).toString());
  const rows = list.map((c) => {
    const cert = c.sampler === 'ula' ? certs.get(c.name) : undefined;
    return [c.name, c.sampler, c.verdict, n(cert?.constants.lsi.lower), n(cert?.constants.smoothness.upper), n(cert?.stopping?.stepSize), n(cert?.stopping?.steps), c.timeCapCut.length === 0 ? 'none' : c.timeCapCut.join('; '), relative(outDir, c.path)];
  });
  const first = exp.ulaFirstBelow;
  return [
    '# emcert demo',
    '',
    'Every certificate below can be re-checked from the energy and its stored evidence: `npx emcert verify <file>`.',
    '',
    `The demo caps each certificate's search at ${capSeconds} s of wall clock for speed; a search the cap cut is listed (its constants then depend on machine load; \`emcert check\` without \`--budget\` ends on work limits only).`,
    '',
    markdownTable({ columns: ['energy', 'dynamics', 'verdict', 'alpha', 'L', 'eta', 'steps', `cut by the ${capSeconds} s cap`, 'certificate'], rows }),
    `## Experiment on ${defaultName}`,
    '',
    exp.langevin ? `- Langevin KL (Fokker-Planck grid) falls from ${n(exp.langevin.kl[0])} to ${n(exp.langevin.kl[exp.langevin.kl.length - 1])}; non-increasing: ${exp.langevin.monotone ? 'yes' : 'no'}. ${exp.langevin.boundNote}.` : '',
    first ? `- ULA: first step with KL < ${first.epsilon}: computed ${first.computedSteps ?? 'n/a'} (${first.method}), certified ${first.certifiedSteps ?? 'n/a'}.` : '',
    exp.flow ? `- Gradient flow: KL is smallest (${n(exp.flow.minimumKl)}) at t = ${n(exp.flow.minimumTime)} and then rises to ${n(exp.flow.kl[exp.flow.kl.length - 1])}: no Lyapunov certificate without noise.` : '',
    '',
    ...exp.figures.filter((f) => f.endsWith('.png')).map((f) => `![${f}](experiment/${f})`),
    '',
    'Full numbers: `experiment/report.md` and `experiment/report.json`.',
    '',
  ].join('\n');
}
