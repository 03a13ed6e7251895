import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Decimal } from 'decimal.js';
import { expectBadInput, runCliInProcess } from './helpers.js';
import { exactDecimal } from '../kernel/intervalReference.js';
import { saveMlpModel } from '../../src/energy/network/save.js';
import type { MlpLayer } from '../../src/kernel/model.js';

/** A separate process: what a user sees (exit code, no stack trace). Slow to start, so used once. */
function emcertProcess(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/emcert.js', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The same command in this process (same parser and code path as bin/emcert.js). */
async function emcert(...args: string[]) {
  return runCliInProcess(args);
}

type Pair = [number | string, number | string];
interface BoundsJson { value: Pair; gradient: Pair[]; hessian: Pair[][] }

// E = x1^2 - x1 x2 + x2^2 / 2 on [-2, 2] x [-1, 3]: min 0 at the origin; max at a corner.
const POLY = 'expr:x1^2 - x1*x2 + 0.5*x2^2';
const poly = (x: number, y: number): number => x * x - x * y + 0.5 * y * y;

function sampledRange(f: (x: number, y: number) => number, box: [number, number][], n = 200): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i <= n; i++) for (let j = 0; j <= n; j++) {
    const v = f(box[0]![0] + ((box[0]![1] - box[0]![0]) * i) / n, box[1]![0] + ((box[1]![1] - box[1]![0]) * j) / n);
    lo = Math.min(lo, v); hi = Math.max(hi, v);
  }
  return [lo, hi];
}

const dir = mkdtempSync(join(tmpdir(), 'emcert-bounds-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('emcert bounds', () => {
  it('--box=-2:2,... and --box -2:2,... parse the same; JSON has value, gradient and Hessian', async () => {
    const a = await emcert('bounds', '--energy', POLY, '--box=-2:2,-1:3', '--json');
    const b = await emcert('bounds', '--energy', POLY, '--box', '-2:2,-1:3', '--json');
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const j = JSON.parse(a.stdout) as BoundsJson;
    expect(Object.keys(j).sort()).toEqual(['gradient', 'hessian', 'value']);
    expect(j.gradient).toHaveLength(2);
    expect(j.hessian.map((r) => r.length)).toEqual([2, 2]);
    // Sound and within 2% of the true range: min 0 (origin), max 12.5 at (-2, 3).
    const [lo, hi] = j.value as [number, number];
    expect(lo).toBeLessThanOrEqual(0);
    expect(hi).toBeGreaterThanOrEqual(12.5);
    const [slo, shi] = sampledRange(poly, [[-2, 2], [-1, 3]]);
    expect((slo - lo) + (hi - shi)).toBeLessThanOrEqual(0.02 * (shi - slo));
    // dE/dx1 = 2 x1 - x2 in [-7, 5]; the Hessian is constant [[2, -1], [-1, 1]].
    const g0 = j.gradient[0] as [number, number];
    expect(g0[0]).toBeLessThanOrEqual(-7);
    expect(g0[1]).toBeGreaterThanOrEqual(5);
    expect(g0[1] - g0[0]).toBeLessThanOrEqual(12 * 1.02);
    expect(j.hessian[0]![1]![0]).toBeLessThanOrEqual(-1);
    expect(j.hessian[0]![1]![1]).toBeGreaterThanOrEqual(-1);
    expect(j.hessian[0]![1]).toEqual(j.hessian[1]![0]);
  });

  it('a degenerate box is a point; --temperature divides by T; the table form is readable', async () => {
    const r = await emcert('bounds', '--energy', POLY, '--box', '0.5:0.5,-1:-1', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as BoundsJson;
    const [lo, hi] = j.value as [number, number];
    expect(lo).toBeLessThanOrEqual(poly(0.5, -1));
    expect(hi).toBeGreaterThanOrEqual(poly(0.5, -1));
    expect(hi - lo).toBeLessThan(1e-14);
    const t = await emcert('bounds', '--energy', POLY, '--box', '0.5:0.5,-1:-1', '--temperature', '2', '--json');
    const jt = JSON.parse(t.stdout) as BoundsJson;
    expect((jt.value[0] as number)).toBeLessThanOrEqual(poly(0.5, -1) / 2);
    expect((jt.value[1] as number)).toBeGreaterThanOrEqual(poly(0.5, -1) / 2);
    const table = await emcert('bounds', '--energy', POLY, '--box', '0.5:0.5,-1:-1');
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^E\s+\[/m);
    expect(table.stdout).toMatch(/d2E\/dx1dx2/);
  });

  it('unbounded boxes: infinite ends are written as "inf" / "-inf"', async () => {
    const r = await emcert('bounds', '--energy', 'expr:x1^2', '--box=-inf:inf', '--json', '--max-boxes', '200');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as BoundsJson;
    expect(j.value[0]).toBeLessThanOrEqual(0);
    expect(j.value[1]).toBe('inf');
    expect(j.gradient[0]).toEqual(['-inf', 'inf']);
  });

  it('a network model: bounds contain the densely sampled range and overshoot it by at most 2%', async () => {
    const layers: MlpLayer[] = [
      { inDim: 2, outDim: 8, weight: Float64Array.from({ length: 16 }, (_, i) => Math.sin(1.7 * i + 0.3)), bias: Float64Array.from({ length: 8 }, (_, i) => 0.2 * Math.cos(i)), activation: 'tanh' },
      { inDim: 8, outDim: 1, weight: Float64Array.from({ length: 8 }, (_, i) => Math.cos(0.9 * i)), bias: Float64Array.of(0.1), activation: 'identity' },
    ];
    const { modelPath } = saveMlpModel(join(dir, 'net'), { layers, dtype: 'float64' });
    const f = (x: number, y: number): number => {
      let s = 0.1;
      for (let k = 0; k < 8; k++) s += layers[1]!.weight[k]! * Math.tanh(layers[0]!.weight[2 * k]! * x + layers[0]!.weight[2 * k + 1]! * y + layers[0]!.bias[k]!);
      return s;
    };
    const r = await emcert('bounds', '--energy', modelPath, '--box=-2:2,-2:2', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as BoundsJson;
    const [lo, hi] = j.value as [number, number];
    const [slo, shi] = sampledRange(f, [[-2, 2], [-2, 2]], 400);
    expect(lo).toBeLessThanOrEqual(slo);
    expect(hi).toBeGreaterThanOrEqual(shi);
    expect((slo - lo) + (hi - shi)).toBeLessThanOrEqual(0.025 * (shi - slo));
  });

  it('bad input: one line naming the problem, exit 3, no stack trace, nothing on stdout', async () => {
    for (const args of [
      ['--box', '2:1,0:1'],
      ['--box', '1:2:3,0:1'],
      ['--box', 'a:b,0:1'],
      ['--box', '-2:2'],
      ['--box', '0:1,0:1', '--tolerance', '-1'],
      ['--box', '0:1,0:1', '--max-boxes', '0'],
    ]) {
      const r = await emcert('bounds', '--energy', POLY, ...args);
      expect(r.code, args.join(' ')).toBe(3);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/--box|--tolerance|--max-boxes/);
      expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
    }
    const undefinedThere = await emcert('bounds', '--energy', 'expr:log(x1)', '--box=-1:1');
    expect(undefinedThere.code).toBe(3);
    expect(undefinedThere.stderr).toMatch(/cannot be enclosed there/);
    // As a user sees it, from a separate process.
    const p = emcertProcess('bounds', '--energy', POLY, '--box', '-2:1:0');
    expect(p.code).toBe(3);
    expect(p.stdout).toBe('');
    expect(p.stderr.trim().split('\n')).toHaveLength(1);
    expect(p.stderr).toMatch(/^emcert: --box/);
    expect(p.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });
});

/** The exact real r lies in the printed pair (JSON numbers are the doubles themselves). */
function pairContains(p: Pair, r: Decimal): boolean {
  const [lo, hi] = p;
  const aboveLo = lo === '-inf' || (typeof lo === 'number' && exactDecimal(lo).lte(r));
  const belowHi = hi === 'inf' || (typeof hi === 'number' && exactDecimal(hi).gte(r));
  return aboveLo && belowHi;
}

describe('emcert bounds: exact input, sound output', () => {
  it('--box=0.1:0.1 on x1*x1 encloses exactly 1/100 (the double 0.1 is above 1/10)', async () => {
    const r = await emcert('bounds', '--energy', 'expr:x1*x1', '--box=0.1:0.1', '--json');
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as BoundsJson;
    expect(pairContains(j.value, new Decimal('0.01')), JSON.stringify(j.value)).toBe(true);
    expect(pairContains(j.gradient[0]!, new Decimal('0.2')), JSON.stringify(j.gradient[0])).toBe(true);
    // The same for a decimal whose nearest double is below it (0.3): x1*x1 must contain 0.09.
    const below = JSON.parse((await emcert('bounds', '--energy', 'expr:x1*x1', '--box=0.3:0.3', '--json')).stdout) as BoundsJson;
    expect(pairContains(below.value, new Decimal('0.09')), JSON.stringify(below.value)).toBe(true);
  });

  it('x1^1000000003 at 1: the second derivative contains n(n-1) = 1000000005000000006 exactly', async () => {
    const r = await emcert('bounds', '--energy', 'expr:x1^1000000003', '--box=1:1', '--json');
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as BoundsJson;
    const n = 1000000003n;
    expect(pairContains(j.gradient[0]!, new Decimal(n.toString()))).toBe(true);
    expect(pairContains(j.hessian[0]![0]!, new Decimal((n * (n - 1n)).toString())), JSON.stringify(j.hessian)).toBe(true);
  });

  it('x1^9007199254740994 at -1: the gradient is -n (n - 1 is odd although the double n - 1 is even)', async () => {
    const r = await emcert('bounds', '--energy', 'expr:x1^9007199254740994', '--box=-1:-1', '--json');
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as BoundsJson;
    const n = 9007199254740994n;
    expect(pairContains(j.value, new Decimal(1))).toBe(true);
    expect(pairContains(j.gradient[0]!, new Decimal((-n).toString())), JSON.stringify(j.gradient)).toBe(true);
    expect(pairContains(j.hessian[0]![0]!, new Decimal((n * (n - 1n)).toString())), JSON.stringify(j.hessian)).toBe(true);
  });

  it('--temperature is a decimal too: f = x1 / 0.3 at 1 encloses exactly 10/3', async () => {
    const r = await emcert('bounds', '--energy', 'expr:x1', '--box=1:1', '--temperature', '0.3', '--json');
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as BoundsJson;
    // lo <= 10/3 <= hi, checked as 3 lo <= 10 <= 3 hi (exact: no decimal rounding of 10/3).
    const [lo, hi] = j.value as [number, number];
    expect(exactDecimal(lo).times(3).lte(10) && exactDecimal(hi).times(3).gte(10), JSON.stringify(j.value)).toBe(true);
    for (const bad of ['0', '-1', '1e-400', 'abc']) expectBadInput(await emcert('bounds', '--energy', 'expr:x1', '--box=1:1', '--temperature', bad), /^emcert: --temperature /);
  });

  it('--threads 2 prints exactly what --threads 1 prints; a thread count that is not a positive integer is bad input', async () => {
    const args = ['bounds', '--energy', POLY, '--box=-2:2,-1:3', '--json'];
    const one = await emcert(...args, '--threads', '1');
    const two = await emcert(...args, '--threads', '2');
    expect(one.code, one.stderr).toBe(0);
    expect(two.code, two.stderr).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    for (const bad of ['0', '-2', '1.5', 'many']) expectBadInput(await emcert(...args, '--threads', bad), /^emcert: --threads /);
  }, 60_000);

  it('boxes with no real number, or ends that are not decimals: one line, exit 3', async () => {
    for (const box of ['inf:inf', '-inf:-inf', 'inf:1', '1:-inf', 'nan:1', '1:nan', '0x10:20', '1e99999999:1', '0.1:0.0999999999999999999']) {
      const r = await emcert('bounds', '--energy', 'expr:x1*x1', `--box=${box}`, '--quiet');
      expectBadInput(r, /^emcert: --box /);
      expect(r.stdout, box).toBe('');
    }
  });

  it('unbounded boxes beyond the largest double give an answer (the box is [-inf, -MAX])', async () => {
    for (const box of ['-1e400:-1e400', '1e400:inf', '-inf:inf']) {
      const r = await emcert('bounds', '--energy', 'expr:x1*x1', `--box=${box}`, '--json', '--max-boxes', '300');
      expect(r.code, `${box}: ${r.stderr}`).toBe(0);
      const j = JSON.parse(r.stdout) as BoundsJson;
      expect(j.value[1], box).toBe('inf');
      expect(j.hessian[0]![0]).toEqual([2, 2]);
    }
  });
});
