// `emcert audit`: certified integration of pi ∝ exp(-E/T) for d <= 3. Writes DIR/audit.json (a
// bracket on ln Z, the pi mass bracket of each region, the mean NLL bracket of a data set) and
// DIR/integral-evidence.json (the leaves and the tail decomposition, which the kernel's
// checkIntegralEvidence replays without search). Every number reported comes from the kernel's
// check of the evidence (src/kernel/integration/, proofs/integration.md), not from the search.
import type { Command } from 'commander';
import { join } from 'node:path';
import type { Box } from '../../kernel/box.js';
import { dirname, relative, resolve } from 'node:path';
import type { Interval } from '../../kernel/interval.js';
import { InputError } from '../../util/errors.js';
import { readFileOrThrow, sha256Hex, writeFileAtomic } from '../../util/files.js';
import { parseInit, parseNonNegativeInteger, parsePositiveInteger, parsePositiveNumber, parseWeights } from '../parse.js';
import { parseEffort } from './check.js';
import { DEFAULT_EFFORT } from '../../certify/defaults.js';
import { TimeCap } from '../../certify/timeCap.js';
import { assertAuditSchema, auditCriteria, countPointsInRegions, pair, parseDataCsv, type AuditThresholds, type VerdictInput } from '../../verify/audit.js';
import type { SamplingBlock } from '../../audit/samplingBlock.js';
import { SAMPLER_NAMES, type SamplerName } from '../../langevin/types.js';
import type { EnergyTerm } from '../../verify/model.js';

interface AuditOptions {
  energy?: string[];
  weights?: string;
  temperature?: string;
  regions?: string;
  data?: string;
  tolerance: string;
  massTolerance: string;
  maxBoxes: string;
  timeLimit?: string;
  effort?: string;
  mixingRounds: string;
  out: string;
  quiet?: boolean;
  certificate?: string;
  particles: string;
  seed: string;
  delta: string;
  maxTv: string;
  horizon?: string;
  sampler?: string;
  stepSize?: string;
  steps?: string;
  init?: string;
  figures: boolean;
  dataset?: string;
  dataPoints: string;
}

/** Largest dimension the audit integrates (box counts grow like (1/h)^d). */
export const AUDIT_MAX_DIM = 3;

export function register(program: Command): void {
  program
    .command('audit')
    .description('release audit: certified ln Z, region masses, data NLL, mixing bracket, sampling-block checks and a verdict (exit 0 pass, 1 fail, 2 inconclusive, 3 bad input)')
    .option('--energy <spec>', 'expr:<expression in x1..xd> or a model.json path (required; repeat for a weighted sum, a product of experts)', (v: string, acc: string[] | undefined) => [...(acc ?? []), v])
    .option('--weights <w1,w2,...>', 'one weight per --energy: E = w1 E1 + w2 E2 + ... (default all 1)')
    .option('--temperature <T>', "temperature T > 0 (default: a single model file's, else 1; a sum declares none, as in emcert check)")
    .option('--regions <file|auto>', 'JSON list of regions [{"name": ..., "box": [[lo, hi], ...]} or "boxes": [...]], or auto (basins of f, plus the data\'s bounding box when there are data)')
    .option('--data <file.csv>', 'data points, one per line (d numbers; a non-numeric first line is a header)')
    .option('--dataset <name>', 'draw --data-points points of a built-in toy set (seed --seed) into DIR/data.csv and use them as --data')
    .option('--data-points <n>', 'points drawn with --dataset', '2000')
    .option('--tolerance <t>', 'target width of the ln Z bracket relative to max(1, |ln Z|)', '0.01')
    .option('--mass-tolerance <m>', 'target half-width of each region mass bracket', '0.005')
    .option('--max-boxes <n>', 'work limit (leaves of the bisection)', '400000')
    .option('--mixing-rounds <n>', 'rounds of leaf refinement for the mixing bracket (each splits the leaves where the bound of R(g) is loosest)', '2')
    .option('--effort <N>', 'multiply the stable-step search\'s work limits by N in (0, 64] (as emcert check --effort: the same L)')
    .option('--time-limit <s>', 'optional wall-clock cap in seconds of the searches (default: none); a cut makes the audit load-dependent, see below')
    .option('--certificate <file>', 'a certificate of the same energy and T: its LSI constant (after emcert verify accepts it) is the lower end of the mixing bracket')
    .option('--sampler <NAME>', `${SAMPLER_NAMES.join(' | ')}: defines or overrides the sampling block`)
    .option('--step-size <eta>', 'step size of the sampling block (overrides the model\'s)')
    .option('--steps <N>', 'steps of the sampling block (overrides the model\'s)')
    .option('--init <normal:MEAN,STD>', 'initial law of the sampling block (default: the model\'s, else normal:0,1)')
    .option('--particles <n>', 'independent chains run for the sampler check', '2000')
    .option('--seed <n>', 'seed of the sampler check (verify re-runs it) and of the --dataset draw', '1')
    .option('--delta <d>', 'the statistical TV bounds hold with probability >= 1 - delta', '0.01')
    .option('--max-tv <v>', 'fail when a TV lower bound (data or sampler vs pi) exceeds this', '0.1')
    .option('--horizon <t>', 'engine-time horizon for the relaxation time (default: steps x eta of the sampling block)')
    .option('--no-figures', 'skip the PNG/SVG figures')
    .requiredOption('--out <dir>', 'directory for audit.json, integral-evidence.json, audit.md and the figures')
    .option('--quiet', 'no progress')
    .addHelpText('after', `
Release criteria (any "fail" gives exit 1; otherwise any "inconclusive", or d > 3, gives exit 2):
  pi close to the data           statistical lower bound on TV(P_data, pi) <= --max-tv (needs --data and regions)
  stable step                    eta L < 2 with L = sup |eig hess E| certified (fail on a float witness eta |hess E| >= 2)
  sampler at pi                  statistical lower bound on TV(rho_N, pi) <= --max-tv (the block's sampler, seeded)
  relaxation within the horizon  1/(T gap_upper) (engine time) <= --horizon (default steps x eta)
Engine time: x' = x - eta grad E + sqrt(2 eta T) xi runs t = steps x eta; f = E/T runs s = T t.

Search limits (--max-boxes, --mixing-rounds, --effort, --time-limit): every search ends on work limits
(leaves, refinement rounds, cover boxes, fixed pattern lists), never on the clock, so the same command
gives the same audit.json (seconds aside) on an idle or a loaded machine. --time-limit SECONDS adds a
wall-clock safety cap shared by the searches (stable step, tails, integration, mixing refinement,
covering decomposition): if it cuts one, one line on stderr says which, audit.json records it
(search.timeCapCut), and the numbers then depend on machine load. The kernel's checks are never cut,
so a cut audit is still sound, only wider.

Examples:
  $ emcert audit --energy 'expr:0.5*(x1^2 + 4*x2^2)' --out audit-gauss
  $ emcert audit --energy models/8gaussians/model.json --regions auto --dataset 8gaussians --out audit-8g
  $ emcert audit --energy models/8gaussians/model.json --energy models/moons/model.json --weights 0.5,0.5 \
      --regions auto --sampler ula --step-size 0.03 --steps 1000 --out audit-poe   (a product of experts, T = 1)
  $ emcert verify audit-8g/audit.json        # replays the certified parts and re-runs the sampler from its seed`)
    .action((opts: AuditOptions) => runAudit(opts));
}

interface Region {
  readonly name: string;
  readonly boxes: Box[];
  readonly source: 'file' | 'auto';
  readonly minimum?: number[];
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

/** 100 p with three decimals, or two significant digits when that would print 0.000 for a positive p. */
function percent(p: number): string {
  return p > 0 && 100 * p < 0.0005 ? (100 * p).toPrecision(2) : (100 * p).toFixed(3);
}

function fmt(x: number, digits = 6): string {
  return Number.isFinite(x) ? x.toPrecision(digits) : x > 0 ? 'inf' : '-inf';
}


function samplingBlockOf(opts: AuditOptions, stored: { sampler: SamplerName; stepSize: number; steps: number; init: string; temperature: number } | undefined, T: number): SamplingBlock | undefined {
  const given = opts.sampler !== undefined || opts.stepSize !== undefined || opts.steps !== undefined;
  if (!stored && !given) return undefined;
  if (opts.sampler !== undefined && !(SAMPLER_NAMES as readonly string[]).includes(opts.sampler)) throw new InputError(`--sampler ${opts.sampler}: expected one of ${SAMPLER_NAMES.join(', ')}`);
  const sampler = (opts.sampler as SamplerName | undefined) ?? stored?.sampler;
  const stepSize = opts.stepSize !== undefined ? parsePositiveNumber('--step-size', opts.stepSize) : stored?.stepSize;
  const steps = opts.steps !== undefined ? parsePositiveInteger('--steps', opts.steps) : stored?.steps;
  if (sampler === undefined || stepSize === undefined || steps === undefined)
    throw new InputError('a sampling block needs --sampler, --step-size and --steps (the energy has no sampling block to complete them)');
  const init = opts.init !== undefined ? parseInit('--init', opts.init) : stored ? parseInit('sampling.init', stored.init) : { mean: 0, std: 1 };
  return { sampler, stepSize, steps, init, temperature: stored?.temperature ?? T };
}

async function runAudit(opts: AuditOptions): Promise<void> {
  const started = Date.now();
  const tolerance = parsePositiveNumber('--tolerance', opts.tolerance);
  const massTolerance = parsePositiveNumber('--mass-tolerance', opts.massTolerance);
  const maxBoxes = parsePositiveInteger('--max-boxes', opts.maxBoxes);
  const timeLimit = opts.timeLimit !== undefined ? parsePositiveNumber('--time-limit', opts.timeLimit) : undefined;
  const effort = opts.effort !== undefined ? parseEffort(opts.effort) : DEFAULT_EFFORT;
  const mixingRounds = parseNonNegativeInteger('--mixing-rounds', opts.mixingRounds);
  const particles = parsePositiveInteger('--particles', opts.particles);
  const seed = parsePositiveInteger('--seed', opts.seed);
  const delta = parsePositiveNumber('--delta', opts.delta);
  if (!(delta < 1)) throw new InputError(`--delta ${opts.delta}: must be in (0, 1)`);
  const maxTv = parsePositiveNumber('--max-tv', opts.maxTv);
  const horizonOpt = opts.horizon !== undefined ? parsePositiveNumber('--horizon', opts.horizon) : undefined;
  if (opts.data !== undefined && opts.dataset !== undefined) throw new InputError('--data and --dataset: give one');
  const specs = opts.energy ?? [];
  if (specs.length === 0) throw new InputError('--energy: required (expr:<expression in x1..xd> or a model.json path; repeat for a weighted sum)');
  const weights = opts.weights !== undefined ? parseWeights('--weights', opts.weights, specs.length) : specs.map(() => 1);
  const terms: EnergyTerm[] = specs.map((spec, i) => ({ spec, weight: weights[i]! }));
  const single = terms.length === 1 && terms[0]!.weight === 1;
  // Loaded here, not at the top: they pull in mathjs, and --help should not wait for it.
  const { describeSum, EXPRESSION_PREFIX, kernelEnergyFromTerms } = await import('../../verify/model.js');
  const energySpec = describeSum(terms);
  const { loadEnergySpec } = await import('../../energy/spec.js');
  const { buildEnergy } = await import('../../certify/energyBuild.js');
  // As emcert check: --temperature, else the temperature the energy declares (a single model
  // file's), else 1. A weighted sum declares none: its components' temperatures are not combined.
  const energy = buildEnergy(terms);
  const T = opts.temperature !== undefined ? parsePositiveNumber('--temperature', opts.temperature) : energy.temperature ?? 1;
  const d = energy.dim;
  // A sum has no stored sampling block either: --sampler/--step-size/--steps give one.
  const block = samplingBlockOf(opts, single ? loadEnergySpec(terms[0]!.spec).sampling : undefined, T);
  const quadrature = d <= AUDIT_MAX_DIM;
  const fileRegions = opts.regions !== undefined && opts.regions !== 'auto' ? readRegions(opts.regions, d) : [];
  // Data: a file, or points drawn from a built-in set and written next to audit.json (verify re-reads them).
  let dataPath = opts.data;
  let dataText: string | undefined;
  if (opts.dataset !== undefined) {
    const { checkDatasetName, sampleDataset } = await import('../../train/datasets.js');
    const { createRng } = await import('../../random/rng.js');
    const name = checkDatasetName(opts.dataset);
    if (d !== 2) throw new InputError(`--dataset ${name}: the built-in sets are 2-D, the energy has dimension ${d}`);
    const n = parsePositiveInteger('--data-points', opts.dataPoints);
    const xs = sampleDataset(name, n, createRng(seed));
    const rows = ['x1,x2'];
    for (let i = 0; i < n; i++) rows.push(`${xs[2 * i]},${xs[2 * i + 1]}`);
    dataText = rows.join('\n') + '\n';
    dataPath = join(opts.out, 'data.csv');
  } else if (dataPath !== undefined) dataText = readFileOrThrow(dataPath, '--data').toString('utf8');
  const data = dataText !== undefined ? parseDataCsv(dataText, d, `--data ${dataPath}`) : undefined;
  // The certificate is checked first: a wrong one is bad input before any long work.
  const alphaLower = opts.certificate !== undefined ? await certificateAlpha(opts.certificate, terms, T) : null;
  const say = (msg: string): void => { if (!opts.quiet) process.stderr.write(`emcert audit: ${msg}\n`); };
  // The searches end on work limits; the optional cap is a safety net whose cuts are printed (even
  // with --quiet: the numbers then depend on machine load) and recorded in audit.json.
  const cap = TimeCap.seconds(timeLimit);
  let noted = 0;
  const noteCuts = (): void => {
    for (const phase of cap.cuts.slice(noted))
      process.stderr.write(`emcert audit: the ${timeLimit} s time cap (--time-limit) cut ${phase}: the audit uses what was found by then, so it depends on machine load (recorded in audit.json's search.timeCapCut; drop --time-limit for a reproducible audit)\n`);
    noted = cap.cuts.length;
  };
  const files = kernelEnergyFromTerms(terms, d).files;
  const relToOut = (p: string): string => (p.startsWith(EXPRESSION_PREFIX) ? p : relative(resolve(opts.out), resolve(p)));
  const storedTerms: EnergyTerm[] = terms.map((t) => ({ spec: relToOut(t.spec), weight: t.weight }));

  // 1. Stability of the sampling block (applies in any dimension).
  let stability: import('../../audit/samplingBlock.js').StabilityResult | undefined;
  if (block) {
    say(`certifying the smoothness constant for the step size ${block.stepSize}`);
    const { checkStability } = await import('../../audit/samplingBlock.js');
    // Ends on its work limit (like check's smoothness search, so L does not depend on load).
    stability = checkStability(energy, block, { effort, cap: cap.phase('the stability (smoothness) search') });
    noteCuts();
  }
  const verdictIn: { -readonly [K in keyof VerdictInput]: VerdictInput[K] } = { quadrature };
  if (block && stability) {
    verdictIn.etaLUpper = stability.etaLUpper;
    verdictIn.etaLSampled = block.stepSize * stability.lipschitzSampled;
    verdictIn.horizon = horizonOpt ?? block.steps * block.stepSize;
  } else if (horizonOpt !== undefined) verdictIn.horizon = horizonOpt;
  const thresholds: AuditThresholds = { maxTv, delta, horizon: horizonOpt ?? null };

  let audit: Record<string, unknown> = {
    kind: 'emcert-audit',
    version: 1,
    energy: { spec: energySpec, stored: describeSum(storedTerms), files: files.map((f) => ({ path: relToOut(f.path), sha256: f.sha256 })), ...(single ? {} : { terms: storedTerms }) },
    dimension: d,
    temperature: T,
    potential: 'f = E / T; pi = exp(-f) / Z; every bracket is certified by the kernel (proofs/integration.md, proofs/mixing-bracket.md)',
    quadrature,
  };
  const samplingJson = (run?: unknown): unknown => block && stability ? {
    block,
    stability: { lipschitzUpper: pair({ lo: stability.lipschitzUpper, hi: stability.lipschitzUpper })[0], etaLUpper: pair({ lo: stability.etaLUpper, hi: stability.etaLUpper })[0], etaLSampled: block.stepSize * stability.lipschitzSampled, cover: stability.boxes.map(boxJson), ...(stability.farField ? { farField: { center: [...stability.farField.center], radius: stability.farField.radius, patches: stability.farField.patches.map(boxJson) } } : {}), ...(stability.reason ? { reason: stability.reason } : {}) },
    ...(run ? { run } : {}),
  } : null;
  const lines: string[] = [`emcert audit: ${energySpec}, d = ${d}, T = ${T}`];
  let evidenceText: string | undefined;
  let figureInput: import('../../audit/report.js').AuditFigureInput | undefined;
  if (!quadrature) {
    lines.push(`  d = ${d} > ${AUDIT_MAX_DIM}: quadrature (ln Z, masses, NLL, mixing bracket, TV bounds) is not applicable; only the step-size stability is checked`);
  } else {
    const { refineIntegral, prepareIntegration } = await import('../../audit/integrate.js');
    const { findBasins } = await import('../../audit/basins.js');
    const { checkIntegralEvidence, checkMeanNll, checkRegionMass } = await import('../../kernel/integration/evidence.js');
    const { candidateTestFunctions, certifyMixing } = await import('../../audit/mixing.js');
    const { relaxationLower } = await import('../../kernel/integration/rayleigh.js');
    const { checkTvLowerBound } = await import('../../kernel/integration/tvBound.js');
    const floatEnergy = energy; // batched float evaluation for the producer's grid (untrusted)
    let prepared;
    try {
      // Energies that are not strongly convex on R^d as one box (the double well) get their tails
      // from a bump and a cover of R^d (proofs/integration.md, Lemma 4').
      const { findTailDecomposition, needsCoverForTails } = await import('../../audit/tailDecomposition.js');
      const dec = needsCoverForTails(energy, T) ? findTailDecomposition(energy, T, new Array<number>(d).fill(0), undefined, cap.phase('the tail decomposition search')) : null;
      noteCuts();
      if (dec) say(`tails via a bump and a cover of ${dec.decomposition.cover.length} boxes`);
      prepared = prepareIntegration(energy.model, T, tolerance, floatEnergy, dec?.decomposition);
    } catch (e) {
      // Without tails there is no quadrature: when the cap cut the cover search, the limit is the problem.
      if (cap.cuts.includes('the tail decomposition search')) throw new InputError(`--time-limit ${timeLimit}: the cap cut the tail decomposition search before a cover was certified, so ln Z cannot be bounded; raise or drop --time-limit`);
      throw new InputError(`audit: ${energySpec} at T = ${T}: ${(e as Error).message}`);
    }
    let regions = fileRegions;
    const basins = findBasins((x) => energy.value(x) / T, prepared.inner, d === 1 ? 2048 : d === 2 ? 256 : 40);
    if (opts.regions === 'auto') {
      regions = basins.map((b, k) => ({ name: `basin ${k + 1}`, boxes: [b.box], source: 'auto' as const, minimum: b.minimum }));
      // The data's bounding box as one more region: it shows at once whether pi lives where the data
      // do (basins far from the data, or a single basin covering everything, would not).
      const hull = data ? data[0]!.map((_, i) => ({ lo: Math.min(...data.map((p) => p[i]!.lo)), hi: Math.max(...data.map((p) => p[i]!.hi)) })) : undefined;
      if (hull && hull.every((c) => c.lo < c.hi)) regions.push({ name: 'data box', boxes: [hull], source: 'auto' as const });
    }
    const progress = !opts.quiet && process.stderr.isTTY === true;
    say('integrating exp(-f)');
    const result = refineIntegral(energy.model, T, {
      tolerance, massTolerance, regions: regions.map((r) => r.boxes), maxBoxes, cap: cap.phase('the integration refinement'), prepared, floatEnergy,
      ...(progress ? { onProgress: (n: number, w: number) => process.stderr.write(`\remcert audit: ${n} boxes, ln Z width ${w.toPrecision(3)}   `) } : {}),
    });
    if (progress) process.stderr.write('\n');
    noteCuts();
    // 2. Mixing bracket: the producer picks g and refines the leaves; the kernel checks on the final leaves.
    say('mixing bracket (Rayleigh quotient of a test function)');
    const inner = prepared.inner;
    const scale = Math.max(...inner.map((c) => c.hi - c.lo)) / 8;
    const candidates = candidateTestFunctions((x) => energy.value(x) / T, basins.map((b) => b.minimum), d, scale);
    // One kernel check of the final leaves (inside certifyMixing, or here when there is no candidate).
    // A fixed number of rounds (the result does not depend on the load); the cap stops it only as a safety.
    const mixing = certifyMixing(energy.model, T, result.evidence, result.leafBounds, candidates, { maxBoxes: Math.max(maxBoxes, result.evidence.boxes.length * 2), rounds: mixingRounds, cap: cap.phase('the mixing refinement') });
    noteCuts();
    const evidence = mixing ? mixing.evidence : result.evidence;
    let b;
    if (mixing) b = mixing.bracket;
    else {
      const checked = checkIntegralEvidence(energy.model, T, evidence.boxes, evidence.tails, evidence.shift);
      if (!checked.ok) throw new Error(`integration: the kernel refused the evidence (${checked.reason})`);
      b = checked.value;
    }
    const masses: Interval[] = regions.map((r) => {
      const m = checkRegionMass(energy.model, T, evidence.boxes, b, r.boxes);
      if (!m.ok) throw new InputError(`--regions: ${m.reason}`);
      return m.value.mass;
    });
    let mixingJson: Record<string, unknown> = { refused: 'no test function with a positive variance estimate' };
    if (mixing?.bound.ok) {
      const q = mixing.bound.value;
      const rel = relaxationLower(q.gapUpper, T, block?.stepSize);
      verdictIn.relaxationTime = rel.time;
      mixingJson = { testFunction: mixing.candidate.g, label: mixing.candidate.label, estimate: mixing.estimate, gradientEnergy: pair(q.energy), varianceLower: q.varianceLower, gapUpper: q.gapUpper, alphaLower, relaxationTime: rel.time, ...(rel.steps !== undefined ? { relaxationSteps: rel.steps } : {}), units: 'gap of f = E/T in s = T t; relaxation time in engine time t and in steps of eta' };
    } else if (mixing) { verdictIn.mixingRefused = mixing.bound.ok ? undefined : mixing.bound.reason; mixingJson = { refused: verdictIn.mixingRefused, testFunction: mixing.candidate.g }; }
    else verdictIn.mixingRefused = 'no test function with a positive variance estimate';
    // The decomposition lower end (a Poincare bound on the same leaves); the bracket's lower end is
    // the larger of it and the certificate's LSI alpha (both are lower bounds on the gap).
    say('spectral gap lower bound by a covering decomposition');
    const { auditDecompositionGap } = await import('../../audit/poincare.js');
    // Fixed pattern lists on the audit's own leaves (work limits); the optional cap is read between patterns.
    const decomposition = auditDecompositionGap(energy, T, evidence, cap.phase('the covering-decomposition search'));
    noteCuts();
    const { chooseLowerEnd } = await import('../../verify/audit.js');
    const lower = chooseLowerEnd(alphaLower, decomposition?.gapLower ?? null);
    if (decomposition) mixingJson = { ...mixingJson, decomposition };
    if (lower) mixingJson = { ...mixingJson, alphaLower, lowerEnd: lower.value, lowerSource: lower.source };
    let nll: Interval | undefined;
    let dataJson: unknown = null;
    if (data) {
      const r = checkMeanNll(energy.model, T, data, b.logZ);
      if (!r.ok) throw new InputError(`--data ${dataPath}: ${r.reason}`);
      nll = r.value;
      let tv: unknown = null, counts: number[] | null = null;
      if (regions.length > 0) {
        counts = countPointsInRegions(data, regions.map((r) => r.boxes));
        const t = checkTvLowerBound(counts, data.length, masses, delta);
        if (t.ok) { tv = { histogram: t.value.histogram, halfWidth: t.value.halfWidth, statistical: t.value.statistical, region: regions[t.value.region]!.name }; verdictIn.dataTv = t.value.statistical; }
      }
      dataJson = { file: dataPath, stored: relative(resolve(opts.out), resolve(dataPath!)), sha256: sha256Hex(Buffer.from(dataText!, 'utf8')), points: data.length, meanNll: pair(nll), units: 'nats per point, for f = E/T', counts, tv, ...(opts.dataset ? { dataset: opts.dataset, seed } : {}) };
    }
    // 3. The sampler, seeded; region frequencies of its final positions against the certified masses.
    let run: Record<string, unknown> | undefined;
    let samples: Float64Array | undefined;
    const { runSamplingBlock, countRegions } = await import('../../audit/samplingBlock.js');
    if (block && regions.length > 0) {
      say(`running ${block.sampler} (${particles} chains x ${block.steps} steps, seed ${seed})`);
      try {
        samples = runSamplingBlock(energy, block, particles, seed);
      } catch (e) {
        // A diverging block fails the release; the message names the step (langevin/divergence.ts).
        verdictIn.samplerDiverged = (e as Error).message;
      }
    }
    if (block && regions.length > 0 && samples === undefined) run = { seed, particles, diverged: verdictIn.samplerDiverged };
    else if (block && regions.length > 0 && samples) {
      const counts = countRegions(samples, d, regions.map((r) => r.boxes));
      const t = checkTvLowerBound(counts, particles, masses, delta);
      if (t.ok) verdictIn.samplerTv = t.value.statistical;
      run = { seed, particles, counts, tv: t.ok ? { histogram: t.value.histogram, halfWidth: t.value.halfWidth, statistical: t.value.statistical, region: regions[t.value.region]!.name } : null, label: 'statistical: holds with probability >= 1 - delta over the sampler\'s randomness' };
    }
    const evidenceDoc = {
      kind: 'emcert-integral-evidence', version: 1, temperature: T, shift: evidence.shift,
      tails: {
        inner: boxJson(evidence.tails.inner), boundedTerms: evidence.tails.boundedTerms, anchor: evidence.tails.anchor,
        ...(evidence.tails.decomposition ? { decomposition: { bump: evidence.tails.decomposition.bump, cover: evidence.tails.decomposition.cover.map(boxJson) } } : {}),
      },
      boxes: evidence.boxes.map((bx) => bx.flatMap((c) => [c.lo, c.hi])),
    };
    evidenceText = JSON.stringify(evidenceDoc) + '\n';
    audit = {
      ...audit,
      logZ: pair(b.logZ), tolerance, converged: result.converged,
      integration: { evidence: 'integral-evidence.json', sha256: sha256Hex(Buffer.from(evidenceText, 'utf8')), boxes: evidence.boxes.length, inner: boxJson(b.inner), shift: b.shift, tail: { upper: b.tail.upper, m: b.tail.m, infW: b.tail.infW, minU: b.tail.minU, boundedTerms: evidence.tails.boundedTerms, anchor: evidence.tails.anchor } },
      regions: regions.map((r, k) => ({ name: r.name, source: r.source, boxes: r.boxes.map(boxJson), ...(r.minimum ? { minimum: r.minimum } : {}), mass: pair(masses[k]!) })),
      massTolerance,
      data: dataJson,
      mixing: mixingJson,
    };
    audit.sampling = samplingJson(run);
    lines.push(`  ln Z in [${fmt(b.logZ.lo, 8)}, ${fmt(b.logZ.hi, 8)}] (width ${fmt(b.logZ.hi - b.logZ.lo, 3)}; ${evidence.boxes.length} boxes; ${result.converged ? 'tolerance reached' : 'tolerance NOT reached within the limits, the bracket is sound but wider'})`);
    if (regions.length > 0) {
      lines.push('  region masses pi(A):');
      const w = Math.max(...regions.map((r) => r.name.length));
      const sc = run ? (run.counts as number[]) : undefined;
      const dc = (dataJson as { counts?: number[] } | null)?.counts ?? undefined;
      regions.forEach((r, k) => {
        const m = masses[k]!;
        const at = r.minimum ? `  (minimum near ${r.minimum.map((v) => v.toFixed(2)).join(', ')})` : '';
        const extra = [dc ? `data ${(100 * dc[k]! / data!.length).toFixed(1)}%` : '', sc ? `sampler ${(100 * sc[k]! / particles).toFixed(1)}%` : ''].filter((x) => x).join(', ');
        lines.push(`    ${r.name.padEnd(w)}  [${percent(m.lo)}%, ${percent(m.hi)}%]${extra ? `  ${extra}` : ''}${at}`);
      });
    }
    if (nll) lines.push(`  mean NLL of ${data!.length} points in [${fmt(nll.lo, 8)}, ${fmt(nll.hi, 8)}] nats`);
    if (mixing?.bound.ok) {
      const q = mixing.bound.value;
      const lowerText = lower === null ? 'none' : fmt(lower.value, 4);
      lines.push(`  mixing bracket: [${lowerText}, ${fmt(q.gapUpper, 4)}] (lower end: ${lower === null ? 'none' : lower.source}; gap_upper of f, test function: ${mixing.candidate.label})`);
      lines.push(`  relaxation time >= ${fmt(verdictIn.relaxationTime!, 4)} engine time${block ? ` = ${fmt(verdictIn.relaxationTime! / block.stepSize, 4)} steps of eta ${block.stepSize}` : ''}`);
    } else lines.push(`  mixing bracket: not certified (${verdictIn.mixingRefused})`);
    figureInput = { energy: (x) => energy.value(x) / T, inner: b.inner, regions: regions.map((r, k) => ({ name: r.name, box: r.boxes[0]!, mass: masses[k]! })), data, samples, dim: d, gapUpper: mixing?.bound.ok ? mixing.bound.value.gapUpper : undefined, alphaLower: lower?.value ?? null, temperature: T, stepSize: block?.stepSize, steps: block?.steps, horizon: verdictIn.horizon };
  }
  if (!quadrature) audit.sampling = samplingJson();
  if (block && stability) lines.push(`  stable step: eta L ${Number.isFinite(stability.etaLUpper) ? `<= ${fmt(stability.etaLUpper, 4)}` : 'not certified'} (eta ${block.stepSize}, L <= ${fmt(stability.lipschitzUpper, 4)}; float witness ${fmt(block.stepSize * stability.lipschitzSampled, 4)})`);
  const v = auditCriteria(verdictIn, thresholds);
  // Informational, like seconds: verify checks no claim against it.
  audit.search = { maxBoxes, mixingRounds, effort, timeCapSeconds: timeLimit ?? null, timeCapCut: [...cap.cuts] };
  if (cap.cuts.length > 0) lines.push(`  time cap: the ${timeLimit} s cap (--time-limit) cut ${cap.cuts.join(', ')}; these numbers depend on machine load`);
  audit.thresholds = thresholds;
  audit.criteria = v.criteria;
  audit.verdict = v.verdict;
  audit.exitCode = v.exitCode;
  audit.seconds = (Date.now() - started) / 1000;
  lines.push('  release criteria:');
  for (const c of v.criteria) lines.push(`    ${c.status.toUpperCase().padEnd(14)} ${c.name}: ${c.detail}`);
  lines.push(`  verdict: ${v.verdict.toUpperCase()} (exit ${v.exitCode})`);
  assertAuditSchema(audit, 'audit.json (as produced)');
  // Everything is computed before anything is written; each file is written atomically.
  const { auditMarkdown, writeAuditFigures } = await import('../../audit/report.js');
  const figures = opts.figures && figureInput && d === 2 ? await writeAuditFigures(opts.out, figureInput) : [];
  if (opts.dataset !== undefined && dataText !== undefined) writeFileAtomic(dataPath!, dataText);
  if (evidenceText !== undefined) writeFileAtomic(join(opts.out, 'integral-evidence.json'), evidenceText);
  writeFileAtomic(join(opts.out, 'audit.json'), JSON.stringify(audit, null, 1) + '\n');
  writeFileAtomic(join(opts.out, 'audit.md'), auditMarkdown(audit, lines, figures));
  lines.push(`  written: ${join(opts.out, 'audit.json')}, audit.md${figures.length ? `, ${figures.join(', ')}` : ''} (${(audit.seconds as number).toFixed(1)} s)`);
  process.stdout.write(lines.join('\n') + '\n');
  process.exitCode = v.exitCode;
}

/** Whether a certificate's terms (paths relative to its directory) are the audit's, weight for weight. */
function sameTerms(certTerms: readonly EnergyTerm[], certDir: string, terms: readonly EnergyTerm[]): boolean {
  const EXPRESSION_PREFIX = 'expr:';
  const sameSpec = (c: string, s: string): boolean => (s.startsWith(EXPRESSION_PREFIX) ? c === s : !c.startsWith(EXPRESSION_PREFIX) && resolve(certDir, c) === resolve(s));
  return certTerms.length === terms.length && certTerms.every((c, i) => c.weight === terms[i]!.weight && sameSpec(c.spec, terms[i]!.spec));
}

/** alpha from a certificate that emcert verify accepts, of the same energy (every term and weight) and temperature; else InputError. */
async function certificateAlpha(path: string, terms: readonly EnergyTerm[], T: number): Promise<number> {
  const { readCertificate } = await import('../../verify/schema.js');
  const { verifyCertificate } = await import('../../verify/verify.js');
  const { describeSum } = await import('../../verify/model.js');
  const cert = readCertificate(path);
  if (cert.temperature !== T) throw new InputError(`--certificate ${path}: temperature ${cert.temperature}, the audit's is ${T}`);
  if (!sameTerms(cert.energy.terms, dirname(path), terms) || cert.energy.dim === undefined) throw new InputError(`--certificate ${path}: certifies ${cert.energy.spec}, not ${describeSum(terms)}`);
  const report = verifyCertificate(cert, { baseDir: dirname(path) });
  if (!report.ok) throw new InputError(`--certificate ${path}: emcert verify rejects it`);
  const a = (cert as unknown as { constants?: { lsi?: { lower?: number } } }).constants?.lsi?.lower;
  if (typeof a !== 'number') throw new InputError(`--certificate ${path}: no LSI constant`);
  return a;
}
