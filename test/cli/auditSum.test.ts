// `emcert audit` of a weighted sum of energies (a product of experts): the same --energy/--weights
// as `emcert check`, the sum recorded term by term, replayed by `emcert verify`.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { expectBadInput, tempDir } from './helpers.js';
import { runInProcess } from './inProcess.js';
import type { MlpLayer } from '../../src/kernel/model.js';
import { saveMlpModel } from '../../src/energy/network/save.js';

const D = Decimal.clone({ precision: 50 });
type Pair = [number | string, number | string];
const inside = (p: Pair, ref: Decimal | number): boolean => new D(p[0] as number).lte(ref) && new D(ref).lte(p[1] as number);

describe('emcert audit of a weighted sum', () => {
  const dir = tempDir('emcert-audit-sum-');

  it('0.5 E1 + 0.5 E2 = 0.5 (x1^2 + 4 x2^2): ln Z contains ln pi, the halves hold 1/2 each, verify replays the sum', async () => {
    // E1 = 0.5 x1^2 + 4 x2^2, E2 = 0.5 x1^2: neither is the Gaussian of Z = pi, their half-sum is.
    const regions = join(dir, 'halves.json');
    writeFileSync(regions, JSON.stringify([{ name: 'right', box: [[0, 'inf'], ['-inf', 'inf']] }, { name: 'upper', box: [['-inf', 'inf'], [0, 'inf']] }]));
    const out = join(dir, 'sum');
    const r = await runInProcess(['audit', '--energy', 'expr:0.5*x1^2 + 4*x2^2', '--energy', 'expr:0.5*x1^2', '--weights', '0.5,0.5', '--regions', regions,
      '--sampler', 'ula', '--step-size', '0.05', '--steps', '200', '--particles', '400', '--tolerance', '0.005', '--quiet', '--no-figures', '--out', out]);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).toMatch(/emcert audit: 0\.5 \* \[expr:0\.5\*x1\^2 \+ 4\*x2\^2\] \+ 0\.5 \* \[expr:0\.5\*x1\^2\], d = 2, T = 1/);
    const a = JSON.parse(readFileSync(join(out, 'audit.json'), 'utf8'));
    expect(a.temperature).toBe(1); // a sum declares no temperature: 1, as emcert check
    expect(a.energy.terms).toEqual([{ spec: 'expr:0.5*x1^2 + 4*x2^2', weight: 0.5 }, { spec: 'expr:0.5*x1^2', weight: 0.5 }]);
    expect(inside(a.logZ, D.acos(-1).ln())).toBe(true);
    // ln pi + 1e-3 lies outside: the bracket is the sum's, not the first or second term's.
    expect(inside(a.logZ, D.acos(-1).ln().plus(0.003))).toBe(false);
    for (const g of a.regions) expect(inside(g.mass, 0.5)).toBe(true);
    // Top curvature of the sum is 4 (x2 direction): eta L >= 0.2.
    expect(a.sampling.stability.etaLUpper).toBeGreaterThanOrEqual(0.2);
    const file = join(out, 'audit.json');
    const v = await runInProcess(['verify', file, '--verbose']);
    expect(v.code, v.stdout + v.stderr).toBe(0);
    expect(v.stdout).toMatch(/sampler re-run from its seed.*as stored/);
    // Another weight, stated consistently in terms and stored: the kernel's ln Z differs.
    const original = readFileSync(file, 'utf8');
    const doc = JSON.parse(original);
    doc.energy.terms[1].weight = 0.25;
    doc.energy.stored = '0.5 * [expr:0.5*x1^2 + 4*x2^2] + 0.25 * [expr:0.5*x1^2]';
    writeFileSync(file, JSON.stringify(doc));
    const t = await runInProcess(['verify', file]);
    expect(t.code).toBe(1);
    expect(t.stdout).toMatch(/FAIL ln Z/);
    // A weight edited in terms only: stored names another sum, a bad input.
    doc.energy.stored = JSON.parse(original).energy.stored;
    writeFileSync(file, JSON.stringify(doc));
    expectBadInput(await runInProcess(['verify', file]), /energy\.stored .* is not the sum its terms describe/);
    writeFileSync(file, original);
  });

  it('a product of two network experts (model files): terms and files recorded relative to the output, verify accepts', async () => {
    // Expert 1: a tanh barrier at x1 = 0 on |x|^2/2; expert 2: a tanh ridge along x2 on |x|^2/2 (T = 1 each).
    const expert = (name: string, w: number[]): string => {
      const layers: MlpLayer[] = [
        { inDim: 2, outDim: 2, weight: Float64Array.from(w), bias: Float64Array.of(1.5, -1.5), activation: 'tanh' },
        { inDim: 2, outDim: 1, weight: Float64Array.of(1, -1), bias: Float64Array.of(0), activation: 'identity' },
      ];
      return saveMlpModel(join(dir, name), { layers, dtype: 'float64', regularizer: { lambda: 1, center: [0, 0] }, temperature: 1 }).modelPath;
    };
    const a1 = expert('e1', [3, 0, 3, 0]), a2 = expert('e2', [0, 3, 0, 3]);
    const out = join(dir, 'poe');
    const r = await runInProcess(['audit', '--energy', a1, '--energy', a2, '--weights', '0.5,0.5', '--regions', 'auto', '--quiet', '--no-figures', '--out', out]);
    expect(r.code, r.stderr + r.stdout).toBe(0); // no sampling block and no data: nothing fails
    const a = JSON.parse(readFileSync(join(out, 'audit.json'), 'utf8'));
    expect(a.energy.terms.map((t: { spec: string }) => t.spec)).toEqual(['../e1/model.json', '../e2/model.json']);
    expect(a.energy.files).toHaveLength(4); // model.json and weights of each expert
    expect(a.integration.tail.boundedTerms.length).toBeGreaterThan(0);
    // Two barriers (x1 = 0, x2 = 0): four basins, equal in mass by the symmetries x1 <-> -x1, x2 <-> -x2.
    expect(a.regions).toHaveLength(4);
    const lo = Math.max(...a.regions.map((g: { mass: Pair }) => g.mass[0] as number));
    const hi = Math.min(...a.regions.map((g: { mass: Pair }) => g.mass[1] as number));
    expect(lo).toBeLessThanOrEqual(hi);
    expect(4 * lo).toBeLessThanOrEqual(1);
    const v = await runInProcess(['verify', join(out, 'audit.json')]);
    expect(v.code, v.stdout + v.stderr).toBe(0);
    // An expert's weights file changed: the sha256 check fails.
    const wfile = join(dir, 'e2', readdirWeights(join(dir, 'e2', 'model.json')));
    const bytes = readFileSync(wfile);
    bytes[bytes.length - 1] ^= 1;
    writeFileSync(wfile, bytes);
    const t = await runInProcess(['verify', join(out, 'audit.json')]);
    expect(t.code).not.toBe(0);
  });

  it('bad input: weight count, a certificate of one component only; one line, exit 3, nothing written', async () => {
    const cert = join(dir, 'one.json');
    const c = await runInProcess(['check', '--energy', 'expr:0.5*x1^2 + 4*x2^2', '--out', cert]);
    expect(c.code, c.stderr).toBe(0);
    const cases: [string[], RegExp][] = [
      [['audit', '--energy', 'expr:x1^2 + x2^2', '--energy', 'expr:x1^2', '--weights', '1,2,3', '--out', join(dir, 'b1')], /--weights 1,2,3: got 3 weights for 2 energies/],
      [['audit', '--weights', '1', '--out', join(dir, 'b2')], /--energy: required/],
      [['audit', '--energy', 'expr:x1^2 + x2^2', '--mixing-rounds', '1.5', '--out', join(dir, 'b4')], /--mixing-rounds/],
      [['audit', '--energy', 'expr:0.5*x1^2 + 4*x2^2', '--energy', 'expr:0.5*x1^2', '--weights', '0.5,0.5', '--certificate', cert, '--out', join(dir, 'b3')], /--certificate .*certifies expr:0\.5\*x1\^2 \+ 4\*x2\^2, not 0\.5 \* \[/],
    ];
    for (const [args, pattern] of cases) {
      expectBadInput(await runInProcess(args), pattern);
      expect(existsSync(args[args.length - 1]!)).toBe(false);
    }
  });
});

function readdirWeights(modelPath: string): string {
  return (JSON.parse(readFileSync(modelPath, 'utf8')) as { weights: string }).weights;
}
