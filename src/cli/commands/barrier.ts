// `emcert barrier`: a certified upper bound on the probability that ULA enters an unsafe set within
// N steps (a supermartingale barrier, proofs/barrier.md), plus pi(U) by certified quadrature. The
// certificate is verified before it is written (src/barrier/certify.ts) and `emcert verify` replays it.
import type { Command } from 'commander';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { InputError } from '../../util/errors.js';
import { writeFileAtomic } from '../../util/files.js';
import { parseBox, parseFiniteNumber, parseInit, parsePositiveInteger, parsePositiveNumber } from '../parse.js';
import { DEFAULT_PENALTY, penaltyFor, type HalfSpace, type PenaltyParams } from '../../verify/penalty.js';
import { BARRIER_MAX_LEAVES, BARRIER_ROUNDS, UNSAFE_LEAVES_PER_BOX, gibbsMaxBoxes } from '../../barrier/limits.js';

interface BarrierOptions {
  energy: string;
  unsafe: string;
  init: string;
  initMean?: string;
  stepSize: string;
  steps: string;
  temperature?: string;
  out: string;
  gibbs: boolean;
  timeLimit?: string;
  effort?: string;
  quiet?: boolean;
  constraint?: boolean;
  penaltyWeight?: string;
  penaltySharpness?: string;
  penaltyMargin?: string;
  delta?: string;
}

export function register(program: Command): void {
  program
    .command('barrier')
    .description('certify an upper bound on P(ULA enters an unsafe set within N steps) with a barrier function, and pi(unsafe)')
    .requiredOption('--energy <spec>', 'expr:<expression in x1..xd> or a model.json path')
    .requiredOption('--unsafe <boxes>', 'unsafe set: bounded boxes LO:HI,... (one pair per coordinate), several joined by ";"')
    .option('--init <law>', 'initial law normal:MEAN,STD (every coordinate)', 'normal:0,1')
    .option('--init-mean <m1,...,md>', "per-coordinate initial mean (replaces --init's MEAN), e.g. -1,0")
    .requiredOption('--step-size <eta>', 'ULA step size eta > 0')
    .requiredOption('--steps <N>', 'number of ULA steps N >= 1')
    .option('--temperature <T>', "temperature T > 0 (default: the model file's, else 1)")
    .requiredOption('--out <file>', 'certificate JSON to write')
    .option('--no-gibbs', 'skip pi(unsafe) by certified quadrature (done for d <= 3)')
    .option('--effort <N>', 'multiply the searches\' work limits (leaves, linear-program rounds, pi(U) integration leaves) by N in (0, 64] (default 1)')
    .option('--time-limit <s>', 'optional wall-clock cap in seconds of the searches (default: none); a cut makes the result load-dependent, see below')
    .option('--quiet', 'no progress')
    .option('--constraint', 'constrained generation: add a convex penalty P for the unsafe set to the energy and certify pi_c(unsafe) <= delta for pi_c ∝ exp(-(E + P)/T), the entry bound and the LSI constant of E + P')
    .option('--penalty-weight <lambda>', 'with --constraint: penalty weight lambda > 0 (default 20)')
    .option('--penalty-sharpness <k>', 'with --constraint: softplus sharpness k > 0 (default 4)')
    .option('--penalty-margin <m>', 'with --constraint: the penalty starts this far before each unsafe box face, m >= 0 (default 0.5)')
    .option('--delta <d>', 'with --constraint: target pi_c(unsafe) <= d, 0 < d < 1 (default 0.001)')
    .addHelpText(
      'after',
      `
The chain is x_{k+1} = x_k - eta grad E(x_k) + sqrt(2 eta T) xi_k, x_0 ~ N(MEAN, STD^2 I). The
certificate bounds P(x_k in U for some k <= N) by E B(x_0) + N c for a barrier B >= 0 with B >= 1
on U and E[B(x_{k+1}) | x_k = x] <= B(x) + c off U (proofs/barrier.md). B is a sum of Gaussian
bumps and rising Gaussians, so the one-step expectation is in closed form and every condition is
checked by the kernel on boxes. No barrier found: the verdict is inconclusive (exit 0 either way;
exit 3 on bad input).

Search limits (--effort, --time-limit): the searches end on work counts, never on the clock: at
most ${BARRIER_MAX_LEAVES} x N leaves per bisection (the unsafe boxes, ${UNSAFE_LEAVES_PER_BOX} x N per box, and the
inner cube), ${BARRIER_ROUNDS} x N linear programs per inner cube, and ${gibbsMaxBoxes(1)} / ${gibbsMaxBoxes(2)} / ${gibbsMaxBoxes(3)} x N leaves
(d = 1 / 2 / 3) for pi(U). So the same command writes the same certificate (timings aside) on an
idle or a loaded machine, and the certificate records the limits (search). --time-limit SECONDS
adds a wall-clock safety cap shared by the searches (the barrier search, the tail decomposition,
the pi(U) integration): if it cuts one, one line on stderr says which (even with --quiet), the
certificate records it (search.timeCapCut), and the result then depends on machine load. The
kernel's checks are never cut: a cut search gives an inconclusive verdict or a wider pi(U),
never a false claim.

Examples:
  $ emcert barrier --energy 'expr:0.5*x1^2' --unsafe 4:6 --step-size 0.1 --steps 100 --out gauss-barrier.json
  $ emcert barrier --energy 'expr:0.5*(x1^2+x2^2)' --unsafe '3.5:5,-1:1;-5:-3.5,-1:1' \\
      --init normal:0,0.5 --step-size 0.05 --steps 200 --out two-boxes.json
  $ emcert verify gauss-barrier.json --verbose

Constrained generation (--constraint): for each unsafe box, the face that separates it from the
initial mean defines a half-space {x_i >= l_i} (or {x_i <= h_i}), and
  P(x) = lambda/k^2 * sum softplus(k (x_i - l_i + margin))^2
(convex, C^2) is added to E. Every claim (entry bound, pi_c(U), LSI) is then about E + P; the
certificate stores P as the second energy term and 'constraint.holds' says whether the certified
upper end of pi_c(U) is <= delta (proofs/constraint.md).
  $ emcert barrier --energy 'expr:(x1^2-1)^2 + 0.5*x2^2' --unsafe '0.5:1.5,-1:1' --init normal:-1,0.3 \\
      --init-mean -1,0 --step-size 0.01 --steps 100 --constraint --out constrained-dw.json`,
    )
    .action((opts: BarrierOptions) => runBarrier(opts));
}

function parseUnsafe(text: string, d: number): { lo: number; hi: number }[][] {
  const parts = String(text).split(';').map((s) => s.trim()).filter((s) => s.length > 0);
  if (parts.length === 0) throw new InputError(`--unsafe ${JSON.stringify(text)}: no boxes`);
  return parts.map((part, k) => {
    const box = parseBox(`--unsafe box ${k + 1}`, part);
    if (box.length !== d) throw new InputError(`--unsafe box ${k + 1} ${JSON.stringify(part)}: has ${box.length} coordinates, the energy has dimension ${d}`);
    if (!box.every(([lo, hi]) => Number.isFinite(lo) && Number.isFinite(hi))) throw new InputError(`--unsafe box ${k + 1} ${JSON.stringify(part)}: must be bounded (no inf)`);
    if (!box.every(([lo, hi]) => lo < hi)) throw new InputError(`--unsafe box ${k + 1} ${JSON.stringify(part)}: every coordinate needs LO < HI`);
    return box.map(([lo, hi]) => ({ lo, hi }));
  });
}

async function runBarrier(opts: BarrierOptions): Promise<void> {
  const stepSize = parsePositiveNumber('--step-size', opts.stepSize);
  const steps = parsePositiveInteger('--steps', opts.steps);
  const timeLimit = opts.timeLimit !== undefined ? parsePositiveNumber('--time-limit', opts.timeLimit) : undefined;
  const effort = opts.effort !== undefined ? parseBarrierEffort(opts.effort) : 1;
  const init = parseInit('--init', opts.init);
  const { MAX_BARRIER_STEPS } = await import('../../kernel/barrier/checks.js');
  if (steps > MAX_BARRIER_STEPS) throw new InputError(`--steps ${opts.steps}: at most ${MAX_BARRIER_STEPS}`);
  const { loadEnergySpec } = await import('../../energy/spec.js');
  const loaded = loadEnergySpec(opts.energy);
  const energy = loaded.energy;
  const temperature = opts.temperature !== undefined ? parsePositiveNumber('--temperature', opts.temperature) : loaded.temperature ?? 1;
  const d = energy.dim;
  const unsafe = parseUnsafe(opts.unsafe, d);
  const initMean = opts.initMean === undefined ? new Array<number>(d).fill(init.mean) : parseMeanVector(opts.initMean, d);
  const constraint = parseConstraint(opts, unsafe, initMean);
  const outDir = dirname(resolve(opts.out));
  const move = (p: string): string => relative(outDir, isAbsolute(p) ? p : resolve(p)) || '.';
  const spec = opts.energy.startsWith('expr:') ? opts.energy : move(opts.energy);
  const progress = !opts.quiet;
  const say = (m: string): void => { if (progress) process.stderr.write(`emcert barrier: ${m}\n`); };
  const { certifyBarrier } = await import('../../barrier/certify.js');
  const { TimeCap } = await import('../../certify/timeCap.js');
  const cap = TimeCap.seconds(timeLimit);
  const { assertBarrierCertificate } = await import('../../verify/barrierCertificate.js');
  let composed = energy;
  const terms = [{ spec, weight: 1 }];
  if (constraint) {
    const { buildEnergy } = await import('../../certify/energyBuild.js');
    const penaltySpec = `expr:${constraint.expression}`;
    composed = buildEnergy([{ spec: opts.energy, weight: 1 }, { spec: penaltySpec, weight: 1 }]);
    terms.push({ spec: penaltySpec, weight: 1 });
    say(`penalty P = ${constraint.expression}`);
  }
  const { describeSum } = await import('../../verify/model.js');
  const cert = certifyBarrier(
    {
      energy: composed,
      terms,
      spec: describeSum(terms),
      files: energy.files.map((f) => ({ path: move(f.path), sha256: f.sha256 })),
      temperature,
      stepSize,
      steps,
      unsafe,
      initMean,
      initStd: init.std,
      gibbs: opts.gibbs,
      baseDir: outDir,
      ...(constraint ? { constraint } : {}),
    },
    { effort, cap, ...(timeLimit !== undefined ? { timeCapSeconds: timeLimit } : {}), onProgress: say },
  );
  // Printed even with --quiet: a cut makes the result depend on machine load.
  for (const phase of cap.cuts)
    process.stderr.write(`emcert barrier: the ${timeLimit} s time cap (--time-limit) cut ${phase}: the certificate uses what was found by then, so it depends on machine load (recorded in search.timeCapCut; drop --time-limit for a reproducible result)\n`);
  assertBarrierCertificate(cert, `certificate for ${opts.out}`);
  writeFileAtomic(opts.out, JSON.stringify(cert) + '\n');
  const mass = cert.gibbs.unsafeMass;
  process.stdout.write(
    `${cert.verdict}: ${cert.reason}\n` +
      (mass ? `pi(U) in [${mass[0].toPrecision(4)}, ${mass[1].toPrecision(4)}] (certified quadrature, T = ${temperature})\n` : `pi(U): ${cert.gibbs.reason ?? 'not computed'}\n`) +
      constraintLines(cert) +
      (cap.cuts.length > 0 ? `time cap: the ${timeLimit} s cap (--time-limit) cut ${cap.cuts.join(', ')}; this result depends on machine load\n` : '') +
      `wrote ${opts.out}\n`,
  );
}

function constraintLines(cert: import('../../verify/barrierCertificate.js').BarrierCertificate): string {
  const k = cert.constraint;
  if (!k) return '';
  const lsi = k.lsi ? `LSI of E + P: alpha >= ${k.lsi.alpha.toPrecision(4)} (m ${k.lsi.m.toPrecision(4)}, osc W ${k.lsi.osc.toPrecision(4)})` : 'LSI of E + P: not certified';
  return `constraint ${k.holds ? 'holds' : 'NOT certified'}: ${k.reason}\n${lsi}\n`;
}

const MAX_EFFORT = 64;

/** --effort N in (0, 64]: it multiplies work counts, so it must leave at least one of each. */
function parseBarrierEffort(raw: string): number {
  const effort = parsePositiveNumber('--effort', raw);
  if (effort > MAX_EFFORT) throw new InputError(`--effort ${raw}: at most ${MAX_EFFORT}`);
  return effort;
}

function parseMeanVector(text: string, d: number): number[] {
  const parts = String(text).split(',');
  if (parts.length !== d) throw new InputError(`--init-mean ${JSON.stringify(text)}: has ${parts.length} coordinates, the energy has dimension ${d}`);
  return parts.map((p, i) => parseFiniteNumber(`--init-mean coordinate ${i + 1}`, p.trim()));
}

interface ConstraintInput {
  readonly params: PenaltyParams;
  readonly halfSpaces: HalfSpace[];
  readonly expression: string;
  readonly delta: number;
}

/** The penalty options (refused without --constraint) and the penalty for the unsafe boxes. */
function parseConstraint(opts: BarrierOptions, unsafe: { lo: number; hi: number }[][], mean: number[]): ConstraintInput | undefined {
  const given = (['penaltyWeight', 'penaltySharpness', 'penaltyMargin', 'delta'] as const).filter((k) => opts[k] !== undefined);
  if (!opts.constraint) {
    if (given.length > 0) throw new InputError(`--${given[0]!.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())} needs --constraint`);
    return undefined;
  }
  const weight = opts.penaltyWeight === undefined ? DEFAULT_PENALTY.weight : parsePositiveNumber('--penalty-weight', opts.penaltyWeight);
  const sharpness = opts.penaltySharpness === undefined ? DEFAULT_PENALTY.sharpness : parsePositiveNumber('--penalty-sharpness', opts.penaltySharpness);
  const margin = opts.penaltyMargin === undefined ? DEFAULT_PENALTY.margin : parseFiniteNumber('--penalty-margin', opts.penaltyMargin);
  if (margin < 0) throw new InputError(`--penalty-margin ${opts.penaltyMargin}: must be >= 0`);
  const delta = opts.delta === undefined ? 1e-3 : parseFiniteNumber('--delta', opts.delta);
  if (!(delta > 0 && delta < 1)) throw new InputError(`--delta ${opts.delta}: must be strictly between 0 and 1`);
  const params = { weight, sharpness, margin };
  const pen = penaltyFor(unsafe, mean, params);
  if ('insideBox' in pen)
    throw new InputError(`--unsafe box ${pen.insideBox + 1}: contains the initial mean ${JSON.stringify(mean)}, so no face separates it and --constraint cannot place a penalty`);
  return { params, halfSpaces: pen.halfSpaces, expression: pen.expression, delta };
}
