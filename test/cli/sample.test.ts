// `emcert sample`: the real command for the main paths (spawned, started together because each
// process spends seconds loading mathjs), and every bad-input case in-process through the same
// `main` (same parser, same error handling, same exit codes).
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { saveMlpModel } from '../../src/energy/network/save.js';
import type { MlpLayer } from '../../src/kernel/model.js';
import { expectBadInput, runCliAsync, runCliInProcess, tempDir, type CliResult } from './helpers.js';

const dir = tempDir('emcert-sample-');
const modelDir = join(dir, 'model');

function tinyNetwork(): MlpLayer[] {
  const w = (inDim: number, outDim: number, s: number) => Float64Array.from({ length: inDim * outDim }, (_, k) => 0.5 * Math.sin(s + k));
  return [
    { inDim: 2, outDim: 6, weight: w(2, 6, 1), bias: new Float64Array(6), activation: 'tanh' },
    { inDim: 6, outDim: 1, weight: w(6, 1, 2), bias: new Float64Array(1), activation: 'identity' },
  ];
}

type Samples = { samples: number[][]; meta: Record<string, unknown> };
const readJson = (path: string): Samples => JSON.parse(readFileSync(path, 'utf8')) as Samples;
const variance = (xs: number[]) => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
};

describe('emcert sample (real command)', () => {
  let mala: CliResult;
  let diverged: CliResult;

  beforeAll(async () => {
    [mala, diverged] = await Promise.all([
      // E = x1^2, T = 0.5: the Gibbs law is N(0, T/2) = N(0, 0.25).
      runCliAsync(['sample', '--energy', 'expr:x1^2', '--sampler', 'mala', '--step-size', '0.4', '--steps', '150',
        '--particles', '4000', '--temperature', '0.5', '--init', 'normal:2,0.1', '--seed', '3', '--out', join(dir, 'mala.json')], { timeoutMs: 150_000 }),
      runCliAsync(['sample', '--energy', 'expr:5*x1^2', '--sampler', 'ula', '--step-size', '0.5', '--steps', '2000',
        '--particles', '3', '--seed', '1', '--out', join(dir, 'diverged.json')], { timeoutMs: 150_000 }),
    ]);
  }, 160_000);

  it('MALA writes {"samples", "meta"} JSON whose variance is the Gibbs variance T / 2', () => {
    expect(mala.code, mala.stderr).toBe(0);
    expect(mala.stdout).toMatch(/^wrote 4000 samples \(mala, 150 steps of 0\.4, T 0\.5, acceptance 0\.\d+/);
    const out = readJson(join(dir, 'mala.json'));
    expect(out.samples.length).toBe(4000);
    expect(out.samples.every((r) => r.length === 1 && Number.isFinite(r[0]))).toBe(true);
    expect(out.meta).toMatchObject({
      format: 'emcert-samples@1', sampler: 'mala', stepSize: 0.4, steps: 150, particles: 4000, seed: 3,
      init: 'normal:2,0.1', temperature: 0.5, backend: 'float64', energy: { spec: 'expr:x1^2', dim: 1, files: [] },
    });
    expect(out.meta.acceptanceRate as number).toBeGreaterThan(0.3);
    expect(out.meta.acceptanceRate as number).toBeLessThan(1);
    expect(typeof out.meta.meanEnergy).toBe('number');
    expect(typeof out.meta.seconds).toBe('number');
    // Standard error of a variance estimate: 0.25 * sqrt(2 / 4000) = 0.0056.
    expect(Math.abs(variance(out.samples.map((r) => r[0]!)) - 0.25)).toBeLessThan(5 * 0.0056);
  });

  it('a diverging chain: exit 4, names the step and the step size, no output file', () => {
    // E = 5 x^2 at step 0.5: x is multiplied by -4 a step, caught by the blow-up watch long before overflow.
    expectBadInput(diverged, /ula diverged at step \d+ \(step size 0\.5\): the mean energy grew from .*; try a smaller --step-size/, 4);
    expect(existsSync(join(dir, 'diverged.json'))).toBe(false);
  });
});

describe('emcert sample (in-process)', () => {
  const out = (name: string) => join(dir, name);
  const base = ['sample', '--energy', 'expr:(x1^2 - 1)^2 + x2^2', '--sampler', 'ula', '--step-size', '0.01', '--steps', '20', '--particles', '50',
    '--init', 'normal:0,0.5', '--quiet'];

  beforeAll(() => {
    saveMlpModel(modelDir, {
      layers: tinyNetwork(),
      regularizer: { lambda: 1, center: [0, 0] },
      temperature: 1,
      sampling: { sampler: 'ula', stepSize: 0.05, steps: 40, init: 'normal:0,0.5', temperature: 0.7, particles: 300 },
    });
  });

  it('a model with a sampling block supplies the defaults; the command line overrides them; CSV has a header', async () => {
    const r = await runCliInProcess(['sample', '--energy', join(modelDir, 'model.json'), '--steps', '25', '--seed', '1', '--quiet', '--out', out('model.csv')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(''); // --quiet
    const lines = readFileSync(out('model.csv'), 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('x1,x2');
    expect(lines.length).toBe(1 + 300); // particles from the model
    for (const l of lines.slice(1)) expect(l.split(',').map(Number).every(Number.isFinite)).toBe(true);
    const j = await runCliInProcess(['sample', '--energy', join(modelDir, 'model.json'), '--steps', '25', '--seed', '1', '--quiet', '--out', out('model.json')]);
    expect(j.code, j.stderr).toBe(0);
    expect(readJson(out('model.json')).meta).toMatchObject({ sampler: 'ula', stepSize: 0.05, steps: 25, init: 'normal:0,0.5', temperature: 0.7, particles: 300 });
  });

  it('the same seed gives a bit-identical file, a different seed different samples', async () => {
    for (const [name, seed] of [['a.json', '9'], ['b.json', '9'], ['c.json', '10']] as const)
      expect((await runCliInProcess([...base, '--seed', seed, '--out', out(name)])).code).toBe(0);
    const [a, b, c] = ['a.json', 'b.json', 'c.json'].map((f) => readJson(out(f)));
    expect(JSON.stringify(a!.samples)).toBe(JSON.stringify(b!.samples));
    expect(JSON.stringify(a!.samples)).not.toBe(JSON.stringify(c!.samples));
  });

  it('the gradient flow runs without noise: every sample of a convex energy lands on its minimiser', async () => {
    const r = await runCliInProcess(['sample', '--energy', 'expr:(x1-1)^2 + 2*(x2+3)^2', '--sampler', 'flow', '--step-size', '0.1',
      '--steps', '300', '--particles', '20', '--quiet', '--out', out('flow.csv')]);
    expect(r.code, r.stderr).toBe(0);
    const rows = readFileSync(out('flow.csv'), 'utf8').trimEnd().split('\n').slice(1).map((l) => l.split(',').map(Number));
    for (const [x1, x2] of rows) {
      expect(Math.abs(x1! - 1)).toBeLessThan(1e-9);
      expect(Math.abs(x2! + 3)).toBeLessThan(1e-9);
    }
  });

  it('--backend tfjs (float32) follows the float64 chain to float32 accuracy on a network model', async () => {
    const common = ['sample', '--energy', join(modelDir, 'model.json'), '--steps', '20', '--particles', '40', '--seed', '5', '--quiet'];
    expect((await runCliInProcess([...common, '--out', out('f64.json')])).code).toBe(0);
    const r = await runCliInProcess([...common, '--backend', 'tfjs', '--out', out('f32.json')]);
    expect(r.code, r.stderr).toBe(0);
    const [a, b] = [readJson(out('f64.json')), readJson(out('f32.json'))];
    expect(b.meta.backend).toBe('tfjs');
    expect(b.meta.sampler).toBe('ula'); // from the model's sampling block
    let worst = 0;
    a.samples.forEach((row, i) => row.forEach((x, j) => (worst = Math.max(worst, Math.abs(x - b.samples[i]![j]!)))));
    expect(worst).toBeGreaterThan(0); // a different evaluator really ran
    expect(worst).toBeLessThan(1e-4);
  }, 60_000);

  const bad: [string, string[], RegExp][] = [
    ['a negative step size', ['--step-size', '-0.1'], /--step-size -0\.1: must be positive/],
    ['zero step size', ['--step-size', '0'], /--step-size 0: must be positive/],
    ['a non-numeric step size', ['--step-size', 'abc'], /--step-size "abc": expected a finite number/],
    ['a negative temperature', ['--temperature', '-2'], /--temperature -2: must be positive/],
    ['a zero temperature', ['--temperature=0'], /--temperature 0: must be positive/],
    ['an unknown sampler', ['--sampler', 'hmc'], /--sampler "hmc": unknown sampler \(expected one of ula, mala, flow\)/],
    ['a malformed --init', ['--init', 'uniform:0,1'], /--init "uniform:0,1": expected normal:MEAN,STD/],
    ['a non-positive init STD', ['--init', 'normal:0,-1'], /STD must be positive/],
    ['zero particles', ['--particles', '0'], /--particles 0: must be at least 1/],
    ['fractional steps', ['--steps', '2.5'], /--steps 2.5: expected a non-negative integer/],
    ['an out-of-range seed', ['--seed', '99999999999'], /--seed 99999999999: must be at most 2147483647/],
    ['an unknown backend', ['--backend', 'gpu'], /--backend "gpu": unknown backend/],
  ];
  for (const [what, extra, message] of bad) {
    it(`${what}: one line naming it, exit 3, no output file`, async () => {
      const file = out(`bad-${what.replace(/\W+/g, '-')}.json`);
      expectBadInput(await runCliInProcess([...base, ...extra, '--out', file]), message);
      expect(existsSync(file)).toBe(false);
    });
  }

  it('an --out extension other than .json or .csv', async () => {
    expectBadInput(await runCliInProcess([...base, '--out', out('samples.txt')]), /--out ".*samples\.txt": expected a file name ending in \.json or \.csv/);
    expect(existsSync(out('samples.txt'))).toBe(false);
  });

  it('an unwritable --out (its parent is a file) fails before sampling', async () => {
    const blocker = out('not-a-dir');
    writeFileSync(blocker, 'x');
    expectBadInput(await runCliInProcess([...base, '--out', join(blocker, 'x.json')]), /cannot create it, .*not-a-dir is not a directory/);
  });

  it('a malformed expression and a missing model file', async () => {
    const e1 = await runCliInProcess(['sample', '--energy', 'expr:x1 + * 2', '--sampler', 'ula', '--step-size', '0.1', '--steps', '2', '--out', out('m1.json')]);
    expectBadInput(e1, /expr:x1 \+ \* 2/);
    const e2 = await runCliInProcess(['sample', '--energy', join(dir, 'nowhere', 'model.json'), '--sampler', 'ula', '--step-size', '0.1', '--steps', '2', '--out', out('m2.json')]);
    expectBadInput(e2, /nowhere.*model\.json/);
    expect(existsSync(out('m1.json')) || existsSync(out('m2.json'))).toBe(false);
  });

  it('an expression energy without --sampler or --step-size names the missing option', async () => {
    const r = await runCliInProcess(['sample', '--energy', 'expr:x1^2', '--step-size', '0.1', '--steps', '2', '--out', out('m3.json')]);
    expectBadInput(r, /--sampler is required \(expr:x1\^2 has no sampling block/);
  });

  it('a run that blows up while staying finite (step 1.01 on |x|^2): exit 4, one line, no output file', async () => {
    const file = out('blowup.json');
    const r = await runCliInProcess(['sample', '--energy', 'expr:x1^2 + x2^2', '--sampler', 'ula', '--step-size', '1.01', '--steps', '1000',
      '--particles', '100', '--seed', '1', '--quiet', '--out', file]);
    expectBadInput(r, /^emcert: ula diverged at step \d+ \(step size 1\.01\): the mean energy grew from [\d.]+ to [\d.e+]+ \(still finite/, 4);
    expect(existsSync(file)).toBe(false);
  });

  it('MALA that never accepts (acceptance under 1%): exit 4, one line naming the rate, no output file', async () => {
    const file = out('stuck.json');
    const r = await runCliInProcess(['sample', '--energy', 'expr:x1^2 + x2^2', '--sampler', 'mala', '--step-size', '50', '--steps', '30',
      '--particles', '100', '--seed', '1', '--quiet', '--out', file]);
    expectBadInput(r, /^emcert: mala did not move: it accepted 0\.\d\d% of its proposals over 30 steps \(under 1%\).*try a smaller --step-size than 50$/, 4);
    expect(existsSync(file)).toBe(false);
    // The same energy at a sane step size is fine.
    const ok = await runCliInProcess(['sample', '--energy', 'expr:x1^2 + x2^2', '--sampler', 'mala', '--step-size', '0.3', '--steps', '30',
      '--particles', '100', '--seed', '1', '--quiet', '--out', file]);
    expect(ok.code, ok.stderr).toBe(0);
  });

  it('without a terminal (CI), a long run prints a few plain progress lines on stderr; --quiet none', async () => {
    // A slow clock: every reading advances 0.3 s, so this short run looks like a minute-long one.
    let t = 0;
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => (t += 300));
    try {
      const args = ['sample', '--energy', 'expr:x1^2 + x2^2', '--sampler', 'ula', '--step-size', '0.1', '--steps', '400', '--particles', '20', '--seed', '1'];
      const r = await runCliInProcess([...args, '--out', out('progress.json')]);
      expect(r.code, r.stderr).toBe(0);
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines.length).toBeGreaterThanOrEqual(5);
      expect(lines.length).toBeLessThanOrEqual(11);
      for (const l of lines.slice(0, -1)) expect(l).toMatch(/^sample ula: \d+% \(\d+\/400\), \d+(s|m\d\ds) elapsed, eta \d+(s|m\d\ds); mean E [\d.]+$/);
      expect(lines.at(-1)).toMatch(/^sample ula: 100% \(400\/400\), done in \d+m\d\ds; mean E [\d.]+$/);
      expect(r.stdout).toMatch(/^wrote 20 samples/);
      const quiet = await runCliInProcess([...args, '--quiet', '--out', out('progress-quiet.json')]);
      expect(quiet.stderr).toBe('');
    } finally {
      clock.mockRestore();
    }
  });

  it('leaves no temporary files behind after failures', () => {
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('--help teaches: the step convention, examples, output format and exit codes', async () => {
    const r = await runCliInProcess(['sample', '--help']);
    expect(r.code).toBe(0);
    for (const s of ['--energy <SPEC>', '--sampler', '--step-size', 'Examples:', "x' = x - H * grad E(x) + sqrt(2 * H * T) * xi", 'sampling', 'Exit codes',
      'blew up while staying finite', 'MALA accepted under 1%'])
      expect(r.stdout).toContain(s);
  });
});
