// `emcert barrier`: a certified upper bound on the probability that ULA enters an unsafe set within
// N steps (a supermartingale barrier, proofs/barrier.md), plus pi(U) by certified quadrature. The
// certificate is verified before it is written (src/barrier/certify.ts) and `emcert verify` replays it.
import type { Command } from 'commander';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { InputError } from '../../util/errors.js';
import { writeFileAtomic } from '../../util/files.js';
import { parseBox, parseInit, parsePositiveInteger, parsePositiveNumber } from '../parse.js';

interface BarrierOptions {
  energy: string;
  unsafe: string;
  init: string;
  stepSize: string;
  steps: string;
  temperature?: string;
  out: string;
  gibbs: boolean;
  timeLimit: string;
  quiet?: boolean;
}

export function register(program: Command): void {
  program
    .command('barrier')
    .description('certify an upper bound on P(ULA enters an unsafe set within N steps) with a barrier function, and pi(unsafe)')
    .requiredOption('--energy <spec>', 'expr:<expression in x1..xd> or a model.json path')
    .requiredOption('--unsafe <boxes>', 'unsafe set: bounded boxes LO:HI,... (one pair per coordinate), several joined by ";"')
    .option('--init <law>', 'initial law normal:MEAN,STD (every coordinate)', 'normal:0,1')
    .requiredOption('--step-size <eta>', 'ULA step size eta > 0')
    .requiredOption('--steps <N>', 'number of ULA steps N >= 1')
    .option('--temperature <T>', "temperature T > 0 (default: the model file's, else 1)")
    .requiredOption('--out <file>', 'certificate JSON to write')
    .option('--no-gibbs', 'skip pi(unsafe) by certified quadrature (done for d <= 3)')
    .option('--time-limit <s>', 'seconds for the barrier search (the kernel check comes after)', '300')
    .option('--quiet', 'no progress')
    .addHelpText(
      'after',
      `
The chain is x_{k+1} = x_k - eta grad E(x_k) + sqrt(2 eta T) xi_k, x_0 ~ N(MEAN, STD^2 I). The
certificate bounds P(x_k in U for some k <= N) by E B(x_0) + N c for a barrier B >= 0 with B >= 1
on U and E[B(x_{k+1}) | x_k = x] <= B(x) + c off U (proofs/barrier.md). B is a sum of Gaussian
bumps and rising Gaussians, so the one-step expectation is in closed form and every condition is
checked by the kernel on boxes. No barrier found: the verdict is inconclusive (exit 0 either way;
exit 3 on bad input).

Examples:
  $ emcert barrier --energy 'expr:0.5*x1^2' --unsafe 4:6 --step-size 0.1 --steps 100 --out gauss-barrier.json
  $ emcert barrier --energy 'expr:0.5*(x1^2+x2^2)' --unsafe '3.5:5,-1:1;-5:-3.5,-1:1' \\
      --init normal:0,0.5 --step-size 0.05 --steps 200 --out two-boxes.json
  $ emcert verify gauss-barrier.json --verbose`,
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
  const timeLimit = parsePositiveNumber('--time-limit', opts.timeLimit);
  const init = parseInit('--init', opts.init);
  const { MAX_BARRIER_STEPS } = await import('../../kernel/barrier/checks.js');
  if (steps > MAX_BARRIER_STEPS) throw new InputError(`--steps ${opts.steps}: at most ${MAX_BARRIER_STEPS}`);
  const { loadEnergySpec } = await import('../../energy/spec.js');
  const loaded = loadEnergySpec(opts.energy);
  const energy = loaded.energy;
  const temperature = opts.temperature !== undefined ? parsePositiveNumber('--temperature', opts.temperature) : loaded.temperature ?? 1;
  const d = energy.dim;
  const unsafe = parseUnsafe(opts.unsafe, d);
  const outDir = dirname(resolve(opts.out));
  const move = (p: string): string => relative(outDir, isAbsolute(p) ? p : resolve(p)) || '.';
  const spec = opts.energy.startsWith('expr:') ? opts.energy : move(opts.energy);
  const progress = !opts.quiet;
  const say = (m: string): void => { if (progress) process.stderr.write(`emcert barrier: ${m}\n`); };
  const { certifyBarrier } = await import('../../barrier/certify.js');
  const { assertBarrierCertificate } = await import('../../verify/barrierCertificate.js');
  const cert = certifyBarrier(
    {
      energy,
      terms: [{ spec, weight: 1 }],
      spec,
      files: energy.files.map((f) => ({ path: move(f.path), sha256: f.sha256 })),
      temperature,
      stepSize,
      steps,
      unsafe,
      initMean: new Array(d).fill(init.mean),
      initStd: init.std,
      gibbs: opts.gibbs,
      baseDir: outDir,
    },
    { deadline: Date.now() + timeLimit * 1000, onProgress: say },
  );
  assertBarrierCertificate(cert, `certificate for ${opts.out}`);
  writeFileAtomic(opts.out, JSON.stringify(cert) + '\n');
  const mass = cert.gibbs.unsafeMass;
  process.stdout.write(
    `${cert.verdict}: ${cert.reason}\n` +
      (mass ? `pi(U) in [${mass[0].toPrecision(4)}, ${mass[1].toPrecision(4)}] (certified quadrature, T = ${temperature})\n` : `pi(U): ${cert.gibbs.reason ?? 'not computed'}\n`) +
      `wrote ${opts.out}\n`,
  );
}
