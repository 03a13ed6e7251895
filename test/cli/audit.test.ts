import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { expectBadInput, tempDir } from './helpers.js';
import { runInProcess } from './inProcess.js';
import { checkIntegralEvidence } from '../../src/kernel/integration/evidence.js';
import type { EnergyModel, MlpLayer } from '../../src/kernel/model.js';
import { saveMlpModel } from '../../src/energy/network/save.js';

const D = Decimal.clone({ precision: 50 });
const GAUSS = 'expr:0.5*(x1^2 + 4*x2^2)'; // Z = pi (two coordinates: sqrt(2 pi) and sqrt(pi / 2))

type Pair = [number | string, number | string];
const inside = (p: Pair, ref: Decimal | number): boolean => new D(p[0] as number).lte(ref) && new D(ref).lte(p[1] as number);

describe('emcert audit', () => {
  const dir = tempDir('emcert-audit-');

  it('writes audit.json and the evidence; ln Z, region masses and NLL contain the closed forms; the evidence replays', async () => {
    const regions = join(dir, 'regions.json');
    writeFileSync(regions, JSON.stringify([{ name: 'right', box: [[0, 'inf'], ['-inf', 'inf']] }, { name: 'square', boxes: [[[0, 1], [0, 1]]] }]));
    const data = join(dir, 'data.csv');
    writeFileSync(data, 'x1,x2\n0,0\n0.1,-0.3\n');
    const out = join(dir, 'gauss');
    const r = await runInProcess(['audit', '--energy', GAUSS, '--regions', regions, '--data', data, '--tolerance', '0.005', '--out', out, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/ln Z in \[/);
    expect(r.stdout).toMatch(/right +\[/);
    const a = JSON.parse(readFileSync(join(out, 'audit.json'), 'utf8'));
    const lnPi = D.acos(-1).ln();
    expect(inside(a.logZ, lnPi)).toBe(true);
    expect((a.logZ[1] as number) - (a.logZ[0] as number)).toBeLessThan(0.006);
    expect(inside(a.regions[0].mass, 0.5)).toBe(true);
    // P(0 < X < 1) P(0 < Y < 1), X ~ N(0, 1), Y ~ N(0, 1/4): (erf(1/sqrt2)/2) (erf(sqrt2)/2)
    const sq = 0.6826894921370859 / 2 * (0.9544997361036416 / 2);
    expect(inside(a.regions[1].mass, sq)).toBe(true);
    // mean f = (0 + (0.01 + 4 * 0.09) / 2) / 2 = 0.0925
    expect(inside(a.data.meanNll, lnPi.plus(0.0925))).toBe(true);
    expect(a.data.points).toBe(2);
    // The kernel replays the stored evidence to the same bracket.
    const ev = JSON.parse(readFileSync(join(out, 'integral-evidence.json'), 'utf8'));
    const model: EnergyModel = { kind: 'expression', dim: 2, source: '0.5*(x1^2 + 4*x2^2)' };
    const boxes = (ev.boxes as number[][]).map((b) => [{ lo: b[0]!, hi: b[1]! }, { lo: b[2]!, hi: b[3]! }]);
    const tails = { inner: (ev.tails.inner as number[][]).map(([lo, hi]) => ({ lo: lo!, hi: hi! })), boundedTerms: ev.tails.boundedTerms, anchor: ev.tails.anchor };
    const again = checkIntegralEvidence(model, 1, boxes, tails, ev.shift);
    expect(again.ok).toBe(true);
    if (again.ok) expect([again.value.logZ.lo, again.value.logZ.hi]).toEqual(a.logZ);
  });

  it('auto regions: one basin per well of a symmetric double well (a tanh barrier on a regularizer), each mass near 1/2', async () => {
    // E = 2 (tanh(3 x1 + 1.5) - tanh(3 x1 - 1.5)) + |x|^2 / 2: a barrier of height about 3.6 at x1 = 0.
    const layers: MlpLayer[] = [
      { inDim: 2, outDim: 2, weight: Float64Array.of(3, 0, 3, 0), bias: Float64Array.of(1.5, -1.5), activation: 'tanh' },
      { inDim: 2, outDim: 1, weight: Float64Array.of(2, -2), bias: Float64Array.of(0), activation: 'identity' },
    ];
    const { modelPath } = saveMlpModel(join(dir, 'well-model'), { layers, dtype: 'float64', regularizer: { lambda: 1, center: [0, 0] }, temperature: 0.5 });
    const out = join(dir, 'well');
    const r = await runInProcess(['audit', '--energy', modelPath, '--regions', 'auto', '--out', out, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const a = JSON.parse(readFileSync(join(out, 'audit.json'), 'utf8'));
    expect(a.regions).toHaveLength(2);
    expect(a.temperature).toBe(0.5);
    expect(a.integration.tail.boundedTerms).toEqual([0]);
    for (const g of a.regions) {
      expect(g.source).toBe('auto');
      // By symmetry each basin box holds the same mass, at most 1/2; the boxes reach the barrier top.
      expect(g.mass[0]).toBeLessThanOrEqual(0.5);
      expect(g.mass[1]).toBeGreaterThan(0.4);
      expect(g.mass[1] - g.mass[0]).toBeLessThan(0.011);
    }
    expect(Math.sign(a.regions[0].minimum[0])).toBe(-Math.sign(a.regions[1].minimum[0]));
  });

  it('bad input: one line, exit 3, nothing written', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '[{"name": "x", "box": [[0, 1]]}]');
    const csv = join(dir, 'bad.csv');
    writeFileSync(csv, '1,2,3\n');
    const cases: [string[], RegExp][] = [
      [['audit', '--energy', GAUSS, '--delta', '2', '--out', join(dir, 'o4')], /--delta/],
      [['audit', '--energy', GAUSS, '--regions', bad, '--out', join(dir, 'o5')], /expected 2 pairs/],
      [['audit', '--energy', GAUSS, '--regions', join(dir, 'missing.json'), '--out', join(dir, 'o6')], /missing\.json/],
      [['audit', '--energy', GAUSS, '--data', csv, '--out', join(dir, 'o7')], /line 1 has 3 numbers/],
      [['audit', '--energy', 'expr:x1^4 - x1^2 + x2^4', '--out', join(dir, 'o8')], /tails cannot be bounded/],
      [['audit', '--energy', GAUSS, '--tolerance', '-1', '--out', join(dir, 'o9')], /--tolerance/],
    ];
    for (const [args, pattern] of cases) {
      const r = await runInProcess(args);
      expectBadInput(r, pattern);
      expect(existsSync(args[args.length - 1]!)).toBe(false);
    }
  });

  const halves = (): string => {
    const p = join(dir, 'halves.json');
    writeFileSync(p, JSON.stringify([{ name: 'right', box: [[0, 'inf'], ['-inf', 'inf']] }, { name: 'left', box: [['-inf', 0], ['-inf', 'inf']] }]));
    return p;
  };
  const block = ['--sampler', 'ula', '--step-size', '0.05', '--steps', '200', '--particles', '800', '--quiet', '--no-figures'];

  it('exit 0: a Gaussian, a stable converged sampler, data from pi; verify replays it and re-runs the sampler', async () => {
    // Data: 400 points symmetric about x1 = 0 (half on each side), so TV(data, pi) has no positive lower bound.
    const data = join(dir, 'sym.csv');
    const rows = ['x1,x2'];
    for (let i = 0; i < 200; i++) { const t = (i + 0.5) / 200; rows.push(`${t},0`, `${-t},0.1`); }
    writeFileSync(data, rows.join('\n') + '\n');
    const out = join(dir, 'pass');
    const r = await runInProcess(['audit', '--energy', GAUSS, '--regions', halves(), '--data', data, ...block, '--out', out]);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).toMatch(/verdict: PASS/);
    const a = JSON.parse(readFileSync(join(out, 'audit.json'), 'utf8'));
    expect(a.verdict).toBe('pass');
    // gap of f = (x1^2 + 4 x2^2)/2 is 1 (slowest direction x1): the bound is above it and close.
    expect(a.mixing.gapUpper).toBeGreaterThanOrEqual(1);
    expect(a.mixing.gapUpper).toBeLessThan(1.2);
    expect(a.sampling.stability.etaLUpper).toBeGreaterThanOrEqual(0.05 * 4);
    expect(a.sampling.stability.etaLUpper).toBeLessThan(0.21);
    expect(a.sampling.run.seed).toBe(1);
    const v = await runInProcess(['verify', join(out, 'audit.json'), '--verbose']);
    expect(v.code, v.stdout + v.stderr).toBe(0);
    expect(v.stdout).toMatch(/sampler re-run from its seed.*as stored/);
    expect(v.stdout).toMatch(/valid: /);
  });

  it('exit 1: data far from pi, and a horizon shorter than the relaxation time; tampered audit.json is rejected', async () => {
    const data = join(dir, 'far.csv');
    writeFileSync(data, Array.from({ length: 300 }, (_, i) => `${1 + i / 300},0`).join('\n') + '\n');
    const out = join(dir, 'fail');
    const r = await runInProcess(['audit', '--energy', GAUSS, '--regions', halves(), '--data', data, ...block, '--horizon', '0.5', '--out', out]);
    expect(r.code, r.stderr + r.stdout).toBe(1);
    const a = JSON.parse(readFileSync(join(out, 'audit.json'), 'utf8'));
    const byName = Object.fromEntries(a.criteria.map((c: { name: string; status: string }) => [c.name, c.status]));
    expect(byName['pi close to the data']).toBe('fail');
    expect(byName['relaxation within the horizon']).toBe('fail'); // 1/gap >= 1/1.2 > 0.5
    expect(a.data.tv.statistical).toBeGreaterThan(0.3); // all 300 points right of 0, pi(right) = 1/2
    const file = join(out, 'audit.json');
    const ok = await runInProcess(['verify', file]);
    expect(ok.code, ok.stdout).toBe(0);
    const original = readFileSync(file, 'utf8');
    const tamper = async (edit: (doc: any) => void, pattern: RegExp): Promise<void> => {
      const doc = JSON.parse(original);
      edit(doc);
      writeFileSync(file, JSON.stringify(doc));
      const t = await runInProcess(['verify', file]);
      expect(t.code).toBe(1);
      expect(t.stdout).toMatch(pattern);
    };
    await tamper((d) => { d.logZ[0] = d.logZ[0] + 1e-9; }, /FAIL ln Z/);
    await tamper((d) => { d.regions[0].mass[1] = 0.4; }, /FAIL mass of right/);
    await tamper((d) => { d.mixing.gapUpper = d.mixing.gapUpper / 2; }, /FAIL mixing bracket/);
    await tamper((d) => { d.verdict = 'pass'; }, /FAIL verdict/);
    await tamper((d) => { d.sampling.run.counts[0] += 5; }, /FAIL (TV\(sampler|sampler re-run)/);
    await tamper((d) => { d.sampling.stability.etaLUpper = 0.1; }, /FAIL stability/);
    writeFileSync(file, original);
    writeFileSync(join(out, 'integral-evidence.json'), readFileSync(join(out, 'integral-evidence.json'), 'utf8').replace(/\[\[/, '[['));
    const ev = JSON.parse(readFileSync(join(out, 'integral-evidence.json'), 'utf8'));
    ev.boxes.pop();
    writeFileSync(join(out, 'integral-evidence.json'), JSON.stringify(ev));
    const t = await runInProcess(['verify', file]);
    expect(t.code).toBe(1);
  });

  it('--certificate: alpha_lower from a verified certificate; the bracket [alpha, gap_upper] contains the exact gap 1', async () => {
    const cert = join(dir, 'gauss-cert.json');
    const c = await runInProcess(['check', '--energy', GAUSS, '--out', cert]);
    expect(c.code, c.stderr).toBe(0);
    const out = join(dir, 'with-cert');
    const r = await runInProcess(['audit', '--energy', GAUSS, '--certificate', cert, '--quiet', '--no-figures', '--out', out]);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const a = JSON.parse(readFileSync(join(out, 'audit.json'), 'utf8'));
    expect(a.mixing.alphaLower).toBeLessThanOrEqual(1);
    expect(a.mixing.alphaLower).toBeGreaterThan(0.99);
    expect(a.mixing.gapUpper).toBeGreaterThanOrEqual(1);
    // A convex energy gets no covering decomposition: the lower end is the certificate's alpha.
    expect(a.mixing.decomposition).toBeUndefined();
    expect(a.mixing.lowerSource).toBe('lsi alpha (--certificate)');
    expect(a.mixing.lowerEnd).toBe(a.mixing.alphaLower);
    const other = await runInProcess(['audit', '--energy', 'expr:0.5*(x1^2 + 9*x2^2)', '--certificate', cert, '--quiet', '--no-figures', '--out', join(dir, 'wrong-cert')]);
    expectBadInput(other, /certifies expr:0\.5\*\(x1\^2 \+ 4\*x2\^2\)/);
  });

  it('exit 1: an unstable step (eta = 0.6, top curvature 4: eta L = 2.4) fails on the float witness', async () => {
    const out = join(dir, 'unstable');
    const r = await runInProcess(['audit', '--energy', GAUSS, '--regions', halves(), '--sampler', 'ula', '--step-size', '0.6', '--steps', '50', '--particles', '100', '--quiet', '--no-figures', '--out', out]);
    expect(r.code, r.stderr + r.stdout).toBe(1);
    const a = JSON.parse(readFileSync(join(out, 'audit.json'), 'utf8'));
    expect(a.criteria.find((c: { name: string }) => c.name === 'stable step').status).toBe('fail');
    expect(a.sampling.stability.etaLSampled).toBeGreaterThanOrEqual(2);
  });

  it('exit 2: no certified smoothness constant (quartic: hess unbounded) and nothing failing', async () => {
    const out = join(dir, 'inconclusive');
    const r = await runInProcess(['audit', '--energy', 'expr:0.5*x1^2 + 0.5*x2^2 + 0.01*x1^4', '--regions', halves(), ...block, '--out', out]);
    expect(r.code, r.stderr + r.stdout).toBe(2);
    const a = JSON.parse(readFileSync(join(out, 'audit.json'), 'utf8'));
    expect(a.verdict).toBe('inconclusive');
    expect(a.criteria.find((c: { name: string }) => c.name === 'stable step').status).toBe('inconclusive');
  });

  it('d > 3: one line saying quadrature does not apply; the stability check still runs (exit 2)', async () => {
    const out = join(dir, 'd4');
    const r = await runInProcess(['audit', '--energy', 'expr:x1^2+x2^2+x3^2+x4^2', ...block, '--out', out]);
    expect(r.code, r.stderr + r.stdout).toBe(2);
    expect(r.stdout).toMatch(/d = 4 > 3: quadrature .* not applicable/);
    const a = JSON.parse(readFileSync(join(out, 'audit.json'), 'utf8'));
    expect(a.quadrature).toBe(false);
    expect(a.sampling.stability.etaLUpper).toBeLessThan(2);
    const v = await runInProcess(['verify', join(out, 'audit.json')]);
    expect(v.code, v.stdout).toBe(0);
  });
});
