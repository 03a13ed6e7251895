// `emcert audit`: certified integration of pi ∝ exp(-E/T) for d <= 3. Writes DIR/audit.json (a
// bracket on ln Z, the pi mass bracket of each region, the mean NLL bracket of a data set) and
// DIR/integral-evidence.json (the leaves and the tail decomposition, which the kernel's
// checkIntegralEvidence replays without search). Every number reported comes from the kernel's
// check of the evidence (src/kernel/integration/, proofs/integration.md), not from the search.
import type { Command } from 'commander';
import { join } from 'node:path';
import type { Box } from '../../kernel/box.js';
import type { Interval } from '../../kernel/interval.js';
import { InputError } from '../../util/errors.js';
import { readFileOrThrow, writeFileAtomic } from '../../util/files.js';
import { parsePositiveInteger, parsePositiveNumber } from '../parse.js';

interface AuditOptions {
  energy: string;
  temperature?: string;
  regions?: string;
  data?: string;
  tolerance: string;
  massTolerance: string;
  maxBoxes: string;
  timeLimit: string;
  out: string;
  quiet?: boolean;
}

/** Largest dimension the audit integrates (box counts grow like (1/h)^d). */
export const AUDIT_MAX_DIM = 3;

export function register(program: Command): void {
  program
    .command('audit')
    .description('release audit: certified brackets on ln Z, region masses pi(A) and the data NLL (d <= 3)')
    .requiredOption('--energy <spec>', 'expr:<expression in x1..xd> or a model.json path')
    .option('--temperature <T>', "temperature T > 0 (default: the model file's, else 1)")
    .option('--regions <file|auto>', 'JSON list of regions [{"name": ..., "box": [[lo, hi], ...]} or "boxes": [...]], or auto (basins of f)')
    .option('--data <file.csv>', 'data points, one per line (d numbers; a non-numeric first line is a header)')
    .option('--tolerance <t>', 'target width of the ln Z bracket relative to max(1, |ln Z|)', '0.01')
    .option('--mass-tolerance <m>', 'target half-width of each region mass bracket', '0.005')
    .option('--max-boxes <n>', 'work limit (leaves of the bisection)', '400000')
    .option('--time-limit <s>', 'refinement time limit in seconds (the final kernel check comes after)', '600')
    .requiredOption('--out <dir>', 'directory for audit.json and integral-evidence.json')
    .option('--quiet', 'no progress')
    .addHelpText('after', `
Examples:
  $ emcert audit --energy 'expr:0.5*(x1^2 + 4*x2^2)' --out audit-gauss
  $ emcert audit --energy models/8gaussians/model.json --regions auto --out audit-8g`)
    .action((opts: AuditOptions) => runAudit(opts));
}

interface Region {
  readonly name: string;
  readonly boxes: Box[];
  readonly source: 'file' | 'auto';
  readonly minimum?: number[];
}

function endpoint(x: number): number | string {
  return x === Infinity ? 'inf' : x === -Infinity ? '-inf' : x;
}
function pair(i: Interval): [number | string, number | string] {
  return [endpoint(i.lo), endpoint(i.hi)];
}
function boxJson(b: Box): [number | string, number | string][] {
  return b.map(pair);
}

function readEnd(v: unknown, where: string): number {
  if (v === 'inf' || v === '+inf' || v === 'Infinity') return Infinity;
  if (v === '-inf' || v === '-Infinity') return -Infinity;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  throw new InputError(`${where}: ${JSON.stringify(v)} is not a number, "inf" or "-inf"`);
}

function readBox(v: unknown, d: number, where: string): Box {
  if (!Array.isArray(v) || v.length !== d) throw new InputError(`${where}: expected ${d} pairs [lo, hi]`);
  return v.map((p, i) => {
    if (!Array.isArray(p) || p.length !== 2) throw new InputError(`${where}[${i}]: expected [lo, hi]`);
    const lo = readEnd(p[0], `${where}[${i}][0]`), hi = readEnd(p[1], `${where}[${i}][1]`);
    if (!(lo < hi)) throw new InputError(`${where}[${i}]: lo ${lo} must be below hi ${hi}`);
    return { lo, hi };
  });
}

/** Regions file: boxes are the doubles read (the region is the box of those doubles). */
function readRegions(path: string, d: number): Region[] {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileOrThrow(path, '--regions').toString('utf8'));
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`--regions ${path}: not JSON (${(e as Error).message})`);
  }
  if (!Array.isArray(doc) || doc.length === 0) throw new InputError(`--regions ${path}: expected a non-empty JSON list of regions`);
  return doc.map((r, k) => {
    const where = `--regions ${path}: [${k}]`;
    if (typeof r !== 'object' || r === null || Array.isArray(r)) throw new InputError(`${where}: expected {"name": ..., "box": [[lo, hi], ...]}`);
    const o = r as Record<string, unknown>;
    const name = typeof o.name === 'string' ? o.name : `region ${k + 1}`;
    if (o.box !== undefined) return { name, boxes: [readBox(o.box, d, `${where}.box`)], source: 'file' as const };
    if (Array.isArray(o.boxes) && o.boxes.length > 0) return { name, boxes: o.boxes.map((b, j) => readBox(b, d, `${where}.boxes[${j}]`)), source: 'file' as const };
    throw new InputError(`${where}: needs "box" or a non-empty "boxes"`);
  });
}

/** CSV of data points; each field is enclosed exactly as a decimal (a tiny box when it is not a double). */
async function readData(path: string, d: number): Promise<Box[]> {
  const { decimalInterval } = await import('../../kernel/decimal.js');
  const lines = readFileOrThrow(path, '--data').toString('utf8').split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0);
  const out: Box[] = [];
  lines.forEach((line, k) => {
    const fields = line.split(/[,;\s]+/).filter((f) => f.length > 0);
    const numeric = fields.every((f) => /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(f));
    if (!numeric) {
      if (k === 0) return; // header
      throw new InputError(`--data ${path}: line ${k + 1} is not ${d} numbers`);
    }
    if (fields.length !== d) throw new InputError(`--data ${path}: line ${k + 1} has ${fields.length} numbers, the energy has dimension ${d}`);
    out.push(fields.map((f) => decimalInterval(f)));
  });
  if (out.length === 0) throw new InputError(`--data ${path}: no data points`);
  return out;
}

function fmt(x: number, digits = 6): string {
  return Number.isFinite(x) ? x.toPrecision(digits) : x > 0 ? 'inf' : '-inf';
}

async function runAudit(opts: AuditOptions): Promise<void> {
  const started = Date.now();
  const tolerance = parsePositiveNumber('--tolerance', opts.tolerance);
  const massTolerance = parsePositiveNumber('--mass-tolerance', opts.massTolerance);
  const maxBoxes = parsePositiveInteger('--max-boxes', opts.maxBoxes);
  const timeLimit = parsePositiveNumber('--time-limit', opts.timeLimit);
  const { loadEnergy, loadEnergySpec } = await import('../../energy/spec.js');
  let temperature = opts.temperature !== undefined ? parsePositiveNumber('--temperature', opts.temperature) : undefined;
  const energy = loadEnergy(opts.energy);
  if (temperature === undefined) temperature = loadEnergySpec(opts.energy).temperature ?? 1;
  const d = energy.dim;
  if (d > AUDIT_MAX_DIM)
    throw new InputError(`audit: the energy has dimension ${d}; the certified integration works by quadrature and is only applicable for d <= ${AUDIT_MAX_DIM}`);
  const fileRegions = opts.regions !== undefined && opts.regions !== 'auto' ? readRegions(opts.regions, d) : [];
  const data = opts.data !== undefined ? await readData(opts.data, d) : undefined;
  const { integrate, prepareIntegration } = await import('../../audit/integrate.js');
  const { findBasins } = await import('../../audit/basins.js');
  const { checkMeanNll } = await import('../../kernel/integration/evidence.js');
  const floatEnergy = (x: Float64Array): number => energy.value(x);
  const T = temperature;
  let prepared;
  try {
    prepared = prepareIntegration(energy.model, T, tolerance, floatEnergy);
  } catch (e) {
    throw new InputError(`audit: ${opts.energy} at T = ${T}: ${(e as Error).message}`);
  }
  let regions = fileRegions;
  if (opts.regions === 'auto') {
    const basins = findBasins((x) => energy.value(x) / T, prepared.inner, d === 1 ? 2048 : d === 2 ? 256 : 40);
    regions = basins.map((b, k) => ({ name: `basin ${k + 1}`, boxes: [b.box], source: 'auto' as const, minimum: b.minimum }));
  }
  const progress = !opts.quiet && process.stderr.isTTY === true;
  const result = integrate(energy.model, T, {
    tolerance,
    massTolerance,
    regions: regions.map((r) => r.boxes),
    maxBoxes,
    deadline: started + timeLimit * 1000,
    prepared,
    floatEnergy,
    ...(progress ? { onProgress: (n: number, w: number) => process.stderr.write(`\remcert audit: ${n} boxes, ln Z width ${w.toPrecision(3)}   `) } : {}),
  });
  if (progress) process.stderr.write('\n');
  const b = result.bracket;
  let nll: Interval | undefined;
  if (data) {
    const r = checkMeanNll(energy.model, T, data, b.logZ);
    if (!r.ok) throw new InputError(`--data ${opts.data}: ${r.reason}`);
    nll = r.value;
  }
  const seconds = (Date.now() - started) / 1000;
  const audit = {
    kind: 'emcert-audit',
    version: 1,
    energy: opts.energy,
    dimension: d,
    temperature: T,
    potential: 'f = E / T; pi = exp(-f) / Z; every bracket below is certified by the kernel (proofs/integration.md)',
    logZ: pair(b.logZ),
    tolerance,
    converged: result.converged,
    integration: {
      evidence: 'integral-evidence.json',
      boxes: result.evidence.boxes.length,
      inner: boxJson(b.inner),
      shift: b.shift,
      tail: { upper: b.tail.upper, m: b.tail.m, infW: b.tail.infW, minU: b.tail.minU, boundedTerms: result.evidence.tails.boundedTerms, anchor: result.evidence.tails.anchor },
    },
    regions: regions.map((r, k) => ({
      name: r.name,
      source: r.source,
      boxes: r.boxes.map(boxJson),
      ...(r.minimum ? { minimum: r.minimum } : {}),
      mass: pair(result.regions[k]!.mass),
    })),
    massTolerance,
    data: data && nll ? { file: opts.data, points: data.length, meanNll: pair(nll), units: 'nats per point, for f = E/T' } : null,
    notInScope: ['mixing bracket (spectral gap by test functions)', 'sampling-block checks', 'replay of audit.json by emcert verify'],
    seconds,
  };
  const evidence = {
    kind: 'emcert-integral-evidence',
    version: 1,
    energy: opts.energy,
    temperature: T,
    shift: result.evidence.shift,
    tails: { inner: boxJson(result.evidence.tails.inner), boundedTerms: result.evidence.tails.boundedTerms, anchor: result.evidence.tails.anchor },
    boxes: result.evidence.boxes.map((bx) => bx.flatMap((c) => [c.lo, c.hi])),
  };
  // Everything is computed before anything is written; each file is written atomically.
  writeFileAtomic(join(opts.out, 'integral-evidence.json'), JSON.stringify(evidence) + '\n');
  writeFileAtomic(join(opts.out, 'audit.json'), JSON.stringify(audit, null, 1) + '\n');
  const lines: string[] = [];
  lines.push(`emcert audit: ${opts.energy}, d = ${d}, T = ${T}`);
  lines.push(`  ln Z in [${fmt(b.logZ.lo, 8)}, ${fmt(b.logZ.hi, 8)}] (width ${fmt(b.logZ.hi - b.logZ.lo, 3)}; ${result.evidence.boxes.length} boxes; ${result.converged ? 'tolerance reached' : 'tolerance NOT reached within the limits, the bracket is sound but wider'})`);
  if (regions.length > 0) {
    lines.push('  region masses pi(A):');
    const w = Math.max(...regions.map((r) => r.name.length));
    regions.forEach((r, k) => {
      const m = result.regions[k]!.mass;
      const at = r.minimum ? `  (minimum near ${r.minimum.map((v) => v.toFixed(2)).join(', ')})` : '';
      lines.push(`    ${r.name.padEnd(w)}  [${(100 * m.lo).toFixed(3)}%, ${(100 * m.hi).toFixed(3)}%]${at}`);
    });
  }
  if (nll) lines.push(`  mean NLL of ${data!.length} points in [${fmt(nll.lo, 8)}, ${fmt(nll.hi, 8)}] nats`);
  lines.push(`  written: ${join(opts.out, 'audit.json')} (${seconds.toFixed(1)} s)`);
  process.stdout.write(lines.join('\n') + '\n');
}
