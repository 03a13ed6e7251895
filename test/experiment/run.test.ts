import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadEnergy } from '../../src/energy/spec.js';
import { runExperiment } from '../../src/experiment/run.js';
import type { CertificateSummary } from '../../src/experiment/certificate.js';
import { decodePng, inkStatistics } from '../report/png.js';

const dir = mkdtempSync(join(tmpdir(), 'emcert-exp-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function expectReadablePng(path: string): void {
  const png = decodePng(readFileSync(path));
  expect(png.width, path).toBeGreaterThanOrEqual(400);
  expect(png.height, path).toBeGreaterThanOrEqual(300);
  const s = inkStatistics(png);
  expect(s.ink, `${path} is blank`).toBeGreaterThan(0.02);
  expect(s.colours, `${path} has too few colours`).toBeGreaterThan(8);
}

describe('runExperiment', () => {
  it('2D: writes report.json, report.md and readable figures, with the certified bound over the curve', async () => {
    // f = x1^2/2 + x2^2: alpha = 1, L = 2 exactly; KL0 of N(1, 0.5^2 I) = 1.1068... (closed form).
    const kl0 = (0.25 + 1 - 1 - Math.log(0.25)) / 2 + (0.5 + 2 - 1 - Math.log(0.5)) / 2;
    const cert: CertificateSummary = { verdict: 'certified', alpha: 1, smoothness: 2, kl0, stopping: { epsilon: 0.1, stepSize: 0.05, steps: 60 }, note: 'exact constants (test)' };
    const out = join(dir, 'gauss');
    const report = await runExperiment({ energy: loadEnergy('expr:0.5*x1^2 + x2^2'), temperature: 1, start: { mean: 1, std: 0.5 }, epsilon: 0.1, outDir: out, certificate: cert, resolution: 'quick' });
    for (const f of ['report.json', 'report.md', 'landscape.png', 'landscape.svg', 'kl.png', 'kl.svg']) expect(existsSync(join(out, f)), f).toBe(true);
    const json = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(json.format).toBe('emcert-experiment@1');
    expect(json.langevin.times.length).toBe(json.langevin.kl.length);
    expect(Math.abs(json.langevin.kl[0] / kl0 - 1)).toBeLessThan(1e-3);
    json.langevin.kl.forEach((v: number, i: number) => expect(v).toBeLessThanOrEqual(json.langevin.bound[i] * 1.001));
    expect(json.langevin.monotone).toBe(true);
    expect(json.flow.rose).toBe(true);
    expect(json.ulaFirstBelow.method).toBe('grid');
    expect(json.ulaFirstBelow.computedSteps).toBeLessThanOrEqual(60);
    expect(json.grid.box).toHaveLength(2);
    expect(report.figures).toContain('kl.png');
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    expect(md).toContain('KL non-increasing: **yes**');
    expect(md).toContain('![kl.png](kl.png)');
    expectReadablePng(join(out, 'landscape.png'));
    expectReadablePng(join(out, 'kl.png'));
  }, 60_000);

  it('3D: labelled sample-based estimates and an estimates figure', async () => {
    const out = join(dir, 'three');
    const report = await runExperiment({ energy: loadEnergy('expr:0.5*(x1^2 + x2^2 + x3^2)'), temperature: 1, start: { mean: 2, std: 0.5 }, epsilon: 0.1, outDir: out, resolution: 'quick' });
    expect(report.estimates!.label).toMatch(/estimates from samples.*not certified/);
    // Langevin's free energy estimate falls toward -ln Z = -(3/2) ln(2 pi).
    const fe = report.estimates!.langevin.freeEnergy;
    expect(fe[fe.length - 1]!).toBeLessThan(fe[0]!);
    expect(Math.abs(fe[fe.length - 1]! + 1.5 * Math.log(2 * Math.PI))).toBeLessThan(0.3);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain('ESTIMATES');
    expectReadablePng(join(out, 'estimates.png'));
  }, 60_000);

  it('3D on 2 threads: the same estimates bit for bit (the per-point evaluator on worker threads)', async () => {
    const run = (threads: number) =>
      runExperiment({ energy: loadEnergy('expr:0.5*(x1^2 + x2^2 + x3^2) + 0.1*x1*x2*x3'), temperature: 1, start: { mean: 2, std: 0.5 }, epsilon: 0.1, outDir: join(dir, `threads-${threads}`), resolution: 'quick', threads });
    const [one, two] = [await run(1), await run(2)];
    expect(two.estimates).toEqual(one.estimates);
    expect(one.estimates!.langevin.freeEnergy.length).toBeGreaterThan(3);
  }, 120_000);
});
