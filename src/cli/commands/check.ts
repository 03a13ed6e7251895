// emcert check: certify an energy (or a weighted sum analysed directly) and write the certificate.
import type { Command } from 'commander';
import { InputError } from '../../util/errors.js';
import { writeFileAtomic } from '../../util/files.js';
import { resolve } from 'node:path';
import { parseEpsilonDown, parseInit, parseTvEpsilon, parseNonNegativeInteger, parsePositiveNumber, parseWeights } from '../parse.js';
import { DEFAULT_EFFORT, DEFAULT_EPSILON, DEFAULT_MAX_BOXES } from '../../certify/defaults.js';
import type { EnergyTerm } from '../../certify/energyBuild.js';
import type { Certificate, SamplerChoice } from '../../verify/certificate.js';

export const VERDICT_EXIT: Record<Certificate['verdict'], number> = { certified: 0, refuted: 1, inconclusive: 2 };
/** Certified, but weaker than --min-alpha / --max-steps asked. Not 1 (refuted means a witness that the
 *  property fails), not 2 (inconclusive: nothing was established), not 3 (bad input) or 4 (a run failed). */
export const GATE_EXIT = 5;

interface CheckFlags {
  energy?: string[];
  weights?: string;
  temperature?: string;
  sampler: string;
  epsilon?: string;
  init?: string;
  out: string;
  latex?: string | boolean;
  json?: boolean;
  quiet?: boolean;
  budget?: string;
  effort?: string;
  minAlpha?: string;
  maxSteps?: string;
  preconditioner?: string;
  tvEpsilon?: string;
  decomposition?: string;
}

export function register(program: Command): void {
  program
    .command('check')
    .description('certify an energy: LSI (Lyapunov), smoothness, KL_0, stopping; refute what fails (exit 0 certified, 1 refuted, 2 inconclusive, 3 bad input, 5 certified but weaker than --min-alpha/--max-steps)')
    .option('--energy <spec>', 'expr:<expression in x1..xd> or a model.json path (required; repeat for a weighted sum)', (v: string, acc: string[] | undefined) => [...(acc ?? []), v])
    .option('--weights <w1,w2,...>', 'weights of the energies (default: 1 each)')
    .option('--temperature <T>', 'temperature T > 0 (default: the model file\'s for one model of weight 1, else 1)')
    .option('--sampler <name>', 'ula | mala | flow', 'ula')
    .option('--epsilon <eps>', `KL target of the stopping certificate (default ${DEFAULT_EPSILON})`)
    .option('--init <normal:MEAN,STD>', 'initial law of every coordinate (default normal:0,1)')
    .option('--tv-epsilon <eps>', 'also certify TV(rho_N, pi) <= eps in (0, 1): grid propagation in d <= 2 (CPU minutes in 2-D), else localisation (ULA; see below)')
    .requiredOption('--out <file>', 'where to write the certificate JSON')
    .option('--latex [file]', 'also print a LaTeX table row after the summary, or write it to file (with --json, a file is required)')
    .option('--json', 'print the certificate JSON instead of the summary')
    .option('--min-alpha <A>', `CI gate: exit ${GATE_EXIT} unless the certified LSI constant alpha >= A`)
    .option('--max-steps <N>', `CI gate: exit ${GATE_EXIT} unless the KL stopping rule (--epsilon) certifies at most N ULA steps; the TV claim is not gated`)
    .option('--preconditioner <FILE|auto>', 'certify the stopping rule for preconditioned ULA with P = C C^T (ULA only): FILE (JSON: P, or {"factor": C}) or auto (P = inverse Hessian of E/T at the mode); the certificate records C')
    .option('--effort <N>', `multiply the producers' work limits by N in (0, 64] (default ${DEFAULT_EFFORT}: ${DEFAULT_MAX_BOXES} boxes per cover search); see "Search limits" below`)
    .option('--decomposition <kind>', 'chains (default: slab chains, seconds) or adaptive (d = 2: also an adaptive, edge-scaled grid of up to 500 sets; CPU minutes, progress on stderr); see below')
    .option('--budget <seconds>', 'optional wall-clock cap of the producers\' search (default: none); a cut makes the result load-dependent, see below')
    .option('--quiet', 'no progress messages')
    .addHelpText(
      'after',
      `
Every constant is of f = E/T. The certificate lists each hypothesis (holds / violated / unknown) with the
kernel function that checked it and the evidence; re-check it anywhere with \`emcert verify CERT.json\`.
A certified guarantee can be true and worthless (alpha = 1e-173; no stopping rule within 10^9 steps): the
summary then says VACUOUS and why, and the exit code is still 0 unless a gate asks for more:
  --min-alpha A, --max-steps N   exit ${GATE_EXIT} (one line on stderr per failed gate) when the verdict is
                                 certified but the guarantee is weaker; refuted (1) and inconclusive (2)
                                 keep their codes. The certificate is written either way.
                                 --max-steps gates the KL claim (--epsilon) only, never the TV claim.

Search limits (--effort, --budget): the producers' searches (covers of R^d, bump fits, witnesses) end on
work limits (boxes per cover, splits without progress, fixed lists of tries), never on the clock, so the
same input gives the same certificate on any machine at any load. --effort N multiplies the work limits
(${DEFAULT_MAX_BOXES} x N boxes per cover, N times the splits without progress before a cover gives up): 2 or 4
can tighten L and alpha, at up to N times the search's CPU or more; 0.25 is a quick look. --budget SECONDS adds a wall-clock safety cap: if it cuts a search,
one line on stderr says which, the certificate records it (search.timeCapCut), and the constants then
depend on how busy the machine was (still sound: the kernel checks whatever was found). The kernel's
checks of the evidence are never cut. The certificate's search field records effort, box limit and cap.

TV stopping claim (--tv-epsilon EPS, opt-in): besides the KL claim, a step count N and step eta with
TV(rho_N, pi) = sup_A |P(x_N in A) - pi(A)| <= EPS, x_N after N ULA steps of eta started from the --init
law (every coordinate N(MEAN, STD^2), independent). It propagates the ULA law itself on a grid of cells
with every error bounded (proofs/stopping-grid-propagation.md), so it needs no global smoothness bound
and gives the double well a rule; it needs a certified tail of pi (U = f strongly convex, or the LSI
decomposition with its cover): the grid covers a box, and the mass of pi outside it enters the bound
through that certified tail, so the claim is only attempted once the LSI stage has certified its
decomposition (no decomposition: no stopping section, no TV claim, one line says so). Cost: seconds in
1-D, CPU minutes in 2-D (progress on stderr). Where the grid route does not apply (d > 2) check tries
the localisation route instead (proofs/stopping-localisation.md): ULA on f is compared with ULA on
f~ = q + chi (f - q), equal to f on a box K = [-R, R]^d (R = 6, then 6.5, or wider for a wider start;
--effort 2 adds one more R and doubles the drift cover budget); TV <= P(exit K) + sqrt(KL~/2) +
max(pi(K^c), pi~(K^c)). About 10 CPU s per R on a 3-d quartic; its N is very conservative (billions of
steps there) and its evidence is thousands of boxes (a certificate of 0.3 to 2 MB). When neither route
applies one line says why. The KL route is chosen among KL routes only; the TV claim has its own line,
is named on the verdict line, is stored in stopping.tv (with tvEpsilon, its grid or localisation
evidence and tvBound), and is not part of the verdict or of --max-steps; \`emcert verify\` re-runs the
propagation or re-derives the localisation bound through the kernel.

Spectral gap and LSI by covering decomposition: for d <= 2 expression energies (networks only with
--decomposition adaptive, below) check also tries a covering decomposition (chains of overlapping
slabs across the non-convex stretch, local constants, certified masses; proofs/poincare-decomposition.md) and prints
"spectral gap >= G (Poincaré ...)" under the constants, or why there is none. From it, cut into one
block per set, it derives an LSI constant (1/alpha = max local constant + (2 + log(1/p_min)) C_P / 2,
proofs/lsi-from-decomposition.md) and prints "alpha (LSI) from that decomposition >= A": when A beats
the LSI search's alpha (low temperature: the 1-d double well at T = 0.1 gets 6.6e-6 instead of 2.2e-8),
A is the certificate's alpha, and every stopping route, --min-alpha and the verdict use it. Stored in
poincareDecomposition and lsiDecomposition. Its work is capped by leaf counts, not time (seconds of CPU
in 1-D, tens of seconds in 2-D); \`emcert verify\` replays both.
  --decomposition adaptive   (d = 2 expression or network energies; opt-in, CPU minutes) also tries a grid of
                             overlapping cells over the region where f is within 20 of its minimum: a
                             base 8 x 8 grid whose cells are cut into four where a float model of the
                             bound is worst (down to a width of about sqrt(T / nu) / 2, nu the steepest
                             negative curvature of E), at most 500 sets, the block chain's edges
                             scaled (edgeScales in the evidence), each bounded cell's lift searched
                             again on 12 x 12 sub-boxes (at most 400 cells times --effort). The better
                             of it and the slab chains (by the LSI alpha, then the gap) is stored. It
                             is what rings of wells need. With two or more modes the grid's blocks are
                             also grouped, one box per mode cut through the saddles, never leaving a
                             group a basin that drains only over a hill (groups in the
                             lsiDecomposition evidence), and the larger alpha is kept: the 8-well ring
                             at T = 0.05 gets gap >= 3.3e-7 and alpha >= 1.2e-7 (the LSI search alone:
                             1.7e-53) where the slab chains find none (about 800 CPU s, verify 80 s).
                             A 2-d network energy (last hidden layer tanh or sigmoid, linear output,
                             plus a quadratic regulariser: the shipped models) gets the grid only: its
                             frame is rows and four quadrants on which W = the network, their parts
                             beyond |x|_inf = 32 (128 or 256 where the interval range of the network
                             is loose) checked over cones (farField in the evidence); each cell's lift
                             and cover are searched together on the network's interval Hessians (the
                             boxes that bind are halved): models/8gaussians at T = 1 gets gap >=
                             4.2e-6 and alpha >= 4.1e-7 (the LSI search alone: 5.0e-18), about 70 CPU
                             minutes. It then tries a Lyapunov tail (proofs/lyapunov-tail.md): a drift
                             condition off a box K, checked on cones and boxes, and the sets clipped
                             to K give a second Poincare constant; the LSI uses the smaller one
                             (lyapunov in the lsiDecomposition evidence) when that raises alpha. With a
                             regulariser the cut rounds rank the cells alone (the tail clips the
                             frames), and a clipped frame takes W = the network minus a fitted
                             quadratic trend when that is smaller: at T = 0.5 gap 2.5e-9 -> 1.5e-6
                             and alpha 2.1e-10 -> 2.4e-8 (about 125 minutes). Blocks whose LSI
                             constant e^osc / m would bind
                             may take a comparison bound instead: (1 + eps)/m plus a defect
                             (1 + 1/eps) G^2 / (2m) + osc times C_P / 2, G >= |grad W| (epsilon and
                             defect in the evidence; proofs/lsi-from-decomposition.md section 3a).
                             Progress lines go to stderr (--quiet: none).

Examples:
  $ emcert check --energy 'expr:0.5*(4*x1^2 + x2^2)' --init normal:2,1 --out gauss.json
  $ emcert check --energy 'expr:(x1^2-1)^2 + 0.5*x2^2' --out well.json --latex
  $ emcert check --energy 'expr:(x1^2-1)^2 + 0.5*x2^2' --tv-epsilon 0.1 --out well-tv.json   (minutes)
  $ emcert check --energy 'expr:0.5*(x1^2+x2^2+x3^2) + 0.001*x1^4' --tv-epsilon 0.1 --out q3-tv.json   (localisation, d = 3)
  $ emcert check --energy 'expr:0.5*(x1^2 + x2^2) + 1.5*exp(-(x1^2 + x2^2) / 0.5)' --temperature 0.5 \\
      --decomposition adaptive --out hill.json                (minutes; progress on stderr)
  $ emcert check --energy 'expr:0.5*x1^2 + x2^2' --out g.json --json --latex row.tex --max-steps 1000
  $ emcert check --energy models/8gaussians/model.json --out 8g.json          (T from the model file)
  $ emcert check --energy models/8gaussians/model.json --budget 30 --out 8g.json
      (a wall-clock cap: if it cuts a search, stderr and the certificate's search.timeCapCut say so)
  $ emcert check --energy A/model.json --energy B/model.json --weights 0.5,0.5 --out sum.json
  $ emcert check --energy 'expr:(x1^2-1)^2 + 0.5*x2^2' --sampler flow --out flow.json   (refuted, with a witness)
  $ emcert check --energy 'expr:0.5*x1^2 + 50*x2^2 + 0.5*log(1+x1^2)' --preconditioner auto --out pre.json
      (stopping for x' = x - eta P grad E + sqrt(2 eta T P) xi: the kernel bounds the eigenvalues of
       C^T hess f C over a cover, and the routes run on g(y) = f(C y); see proofs/stopping-preconditioned.md)`,
    )
    .action(async (flags: CheckFlags) => {
      const { cert, gateFailures } = await runCheck(flags);
      for (const g of gateFailures) process.stderr.write(`emcert: ${g}\n`);
      process.exitCode = cert.verdict === 'certified' && gateFailures.length > 0 ? GATE_EXIT : VERDICT_EXIT[cert.verdict];
    });
}

/** Why the certificate is weaker than the gates ask (empty: it passes, or no gate was given). */
export function gateFailures(cert: Certificate, gates: { minAlpha?: number; maxSteps?: number }): string[] {
  const out: string[] = [];
  if (gates.minAlpha !== undefined) {
    const alpha = cert.constants.lsi.lower;
    if (alpha === null) out.push(`--min-alpha ${gates.minAlpha}: no LSI constant was certified`);
    else if (!(alpha >= gates.minAlpha)) out.push(`--min-alpha ${gates.minAlpha}: the certified alpha is ${alpha.toPrecision(3)}`);
  }
  if (gates.maxSteps !== undefined) {
    const steps = cert.stopping?.steps ?? null;
    // The KL claim only: a TV claim (stopping.tv) is another metric and never satisfies this gate.
    if (steps === null) out.push(`--max-steps ${gates.maxSteps}: no KL stopping rule was certified${cert.dynamics.sampler !== 'ula' ? ` (stopping routes are for --sampler ula)` : ''}`);
    else if (steps > gates.maxSteps) out.push(`--max-steps ${gates.maxSteps}: the certified KL stopping rule needs ${steps} steps`);
  }
  return out;
}

async function runCheck(flags: CheckFlags): Promise<{ cert: Certificate; gateFailures: string[] }> {
  const specs = flags.energy ?? [];
  if (specs.length === 0) throw new InputError('--energy: required (expr:<expression in x1..xd> or a model.json path)');
  const sampler = flags.sampler as SamplerChoice;
  if (!['ula', 'mala', 'flow'].includes(sampler)) throw new InputError(`--sampler ${JSON.stringify(flags.sampler)}: expected ula, mala or flow`);
  const weights = flags.weights !== undefined ? parseWeights('--weights', flags.weights, specs.length) : specs.map(() => 1);
  // Rounded down: KL <= eps with a smaller eps is never weaker than asked (the nearest double may be larger).
  const epsilon = flags.epsilon !== undefined ? parseEpsilonDown('--epsilon', flags.epsilon) : DEFAULT_EPSILON;
  const init = flags.init !== undefined ? parseInit('--init', flags.init) : { mean: 0, std: 1 };
  const tvEpsilon = flags.tvEpsilon !== undefined ? parseTvEpsilon('--tv-epsilon', flags.tvEpsilon) : undefined;
  if (tvEpsilon !== undefined && sampler !== 'ula') throw new InputError(`--tv-epsilon: the TV route is a theorem about ULA, not --sampler ${sampler}`);
  if (tvEpsilon !== undefined && flags.preconditioner !== undefined) throw new InputError('--tv-epsilon with --preconditioner: the TV route is proven for plain ULA only');
  const budget = flags.budget !== undefined ? parsePositiveNumber('--budget', flags.budget) : undefined;
  const effort = flags.effort !== undefined ? parseEffort(flags.effort) : DEFAULT_EFFORT;
  const adaptive = parseDecompositionKind(flags.decomposition) === 'adaptive';
  const minAlpha = flags.minAlpha !== undefined ? parsePositiveNumber('--min-alpha', flags.minAlpha) : undefined;
  const maxSteps = flags.maxSteps !== undefined ? parseNonNegativeInteger('--max-steps', flags.maxSteps) : undefined;
  // --latex without a file prints after the summary; next to --json it would break the JSON on stdout.
  if (flags.json && flags.latex === true)
    throw new InputError('--latex with --json: both would print to stdout; give --latex FILE to write the row to a file');
  if (typeof flags.latex === 'string' && resolve(flags.latex) === resolve(flags.out))
    throw new InputError(`--latex ${flags.latex}: the same file as --out`);
  const terms: EnergyTerm[] = specs.map((spec, i) => ({ spec, weight: weights[i]! }));
  // Loaded here, not at the top: they pull in mathjs, and --help should not wait for it.
  const { certifyEnergy } = await import('../../certify/certifyEnergy.js');
  const { buildEnergy } = await import('../../certify/energyBuild.js');
  const { writeCertificate } = await import('../../certify/write.js');
  const { formatSummary, LATEX_HEADER, latexRow, vacuityNotes } = await import('../../certify/summary.js');
  const temperature = flags.temperature !== undefined ? parsePositiveNumber('--temperature', flags.temperature) : undefined;
  const energy = buildEnergy(terms);
  if (flags.preconditioner !== undefined && sampler !== 'ula') throw new InputError(`--preconditioner: defined for --sampler ula, not ${sampler}`);
  const { resolvePreconditioner } = await import('../preconditionerOption.js');
  const factor = flags.preconditioner !== undefined ? resolvePreconditioner(flags.preconditioner, energy, temperature ?? energy.temperature ?? 1, init.mean) : undefined;
  // The TV route runs for minutes: its progress is shown even when stderr is not a terminal.
  const showProgress = !flags.quiet && (process.stderr.isTTY === true || tvEpsilon !== undefined || adaptive);
  const cert = certifyEnergy({
    energy,
    terms,
    // Undefined: certifyEnergy takes the temperature the energy declares (a model file's), else 1.
    ...(temperature !== undefined ? { temperature } : {}),
    sampler,
    epsilon,
    init,
    ...(factor ? { preconditioner: factor } : {}),
    ...(tvEpsilon !== undefined ? { tvEpsilon } : {}),
    effort,
    ...(adaptive ? { adaptiveDecomposition: true as const } : {}),
    ...(budget !== undefined ? { timeBudgetMs: budget * 1000 } : {}),
    onProgress: showProgress ? (m) => process.stderr.write(`emcert check: ${m}\n`) : undefined,
    onNote: flags.quiet ? undefined : (m) => process.stderr.write(`emcert check: ${m}\n`),
  });
  const written = writeCertificate(flags.out, cert);
  if (flags.json) {
    process.stdout.write(JSON.stringify(written, null, 1) + '\n');
    if (!flags.quiet) for (const v of vacuityNotes(cert)) process.stderr.write(`emcert check: vacuous in practice: ${v}\n`);
  } else process.stdout.write(formatSummary(cert, flags.out) + '\n');
  if (flags.latex !== undefined && flags.latex !== false) {
    const row = `${LATEX_HEADER}\n${latexRow(cert)}\n`;
    if (typeof flags.latex === 'string') writeFileAtomic(flags.latex, row);
    else process.stdout.write(row);
  }
  return { cert, gateFailures: gateFailures(cert, { ...(minAlpha !== undefined ? { minAlpha } : {}), ...(maxSteps !== undefined ? { maxSteps } : {}) }) };
}

/** --decomposition: chains (the default) or adaptive. */
export function parseDecompositionKind(raw: string | undefined): 'chains' | 'adaptive' {
  if (raw === undefined || raw === 'chains') return 'chains';
  if (raw === 'adaptive') return 'adaptive';
  throw new InputError(`--decomposition ${JSON.stringify(raw)}: expected chains or adaptive`);
}

/** Largest --effort: the box limit grows linearly with it, and the cover searches' cost faster. */
const MAX_EFFORT = 64;

export function parseEffort(raw: string): number {
  const effort = parsePositiveNumber('--effort', raw);
  if (effort > MAX_EFFORT) throw new InputError(`--effort ${raw}: at most ${MAX_EFFORT} (${DEFAULT_MAX_BOXES * MAX_EFFORT} boxes per cover search)`);
  if (Math.round(DEFAULT_MAX_BOXES * effort) < 1) throw new InputError(`--effort ${raw}: too small (the cover searches need at least one box)`);
  return effort;
}
