import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runPaperSuite } from '../../src/experiment/suite.js';
import { EMBEDDED_ENERGIES, paperSuite } from '../../src/experiment/suiteEnergies.js';
import { exactUlaFirstBelow, eigenStart } from '../../src/experiment/gaussianUla.js';
import type { Certificate } from '../../src/verify/certificate.js';
import { klToCentredGaussian } from '../../src/diagnostics/grid/gaussianClosedForms.js';

const dir = mkdtempSync(join(tmpdir(), 'emcert-suite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('paper suite', () => {
  it('lists the six kinds of energy, and says when trained models are missing', () => {
    const names = paperSuite([]).map((e) => e.name);
    expect(names.slice(0, 4)).toEqual(['Gaussian', 'rotated Gaussian', 'double well', 'three-mode mixture']);
    expect(paperSuite([]).filter((e) => e.missing)).toHaveLength(2);
    const two = paperSuite(['/m/a/model.json', '/m/b/model.json']);
    expect(two[4]!.terms[0]!.spec).toBe('/m/a/model.json');
    expect(two[5]!.terms).toHaveLength(2);
  });

  it('eigenStart rotates the start into the eigenbasis (KL is basis-free)', () => {
    const { a, law } = eigenStart([1.25, 0.75, 1.25], { mean: 1, std: 0.7 });
    expect(a[0]).toBeCloseTo(2, 12);
    expect(a[1]).toBeCloseTo(0.5, 12);
    // Start mean (1, 1) lies on the eigenvector of 2: all of it in the first coordinate.
    expect(law[0]!.mean).toBeCloseTo(Math.SQRT2, 12);
    expect(law[1]!.mean).toBeCloseTo(0, 12);
    // KL of N((1,1), 0.49 I) against N(0, A^-1) computed directly: (tr(AS) + m'Am - 2 - ln det(AS)) / 2.
    const direct = (0.49 * 2.5 + (1.25 + 1.5 + 1.25) - 2 - Math.log(0.49 * 0.49 * (1.25 * 1.25 - 0.75 * 0.75))) / 2;
    expect(klToCentredGaussian(a, law)).toBeCloseTo(direct, 12);
    expect(exactUlaFirstBelow([1.25, 0.75, 1.25], { mean: 1, std: 0.7 }, 0.1, 1e-12, 50)).toBeNull();
  });

  it('on the non-Gaussian rows Langevin KL never increases and the flow KL rises (certifier stubbed: inconclusive)', async () => {
    const inconclusive = () => ({ verdict: 'inconclusive', reason: 'stub', constants: {} }) as unknown as Certificate;
    const suite = await runPaperSuite({ outDir: join(dir, 'stub'), epsilon: 0.1, quick: true, entries: EMBEDDED_ENERGIES.slice(2), certify: inconclusive });
    expect(suite.rows.map((r) => r.name)).toEqual(['double well', 'three-mode mixture']);
    for (const row of suite.rows) {
      expect(row.status, row.note).toBe('ran');
      expect(row.langevinMonotone).toBe(true);
      expect(row.flowRose).toBe(true);
      expect(row.certifiedSteps).toBeNull();
    }
    expect(suite.markdown).toContain('| double well | inconclusive | - |');
  }, 60_000);

  it('runs the Gaussian rows with real certificates: certified N is never below the exact count', async () => {
    const entries = [...EMBEDDED_ENERGIES.slice(0, 2), { name: 'trained model', terms: [], missing: 'no trained model in models/' }];
    const suite = await runPaperSuite({ outDir: dir, epsilon: 0.05, quick: true, entries });
    expect(suite.rows.map((r) => r.status)).toEqual(['ran', 'ran', 'skipped']);
    for (const row of suite.rows.slice(0, 2)) {
      expect(row.certificate!.verdict).toBe('certified');
      expect(row.computedMethod).toBe('exact Gaussian law');
      expect(row.certifiedSteps!).toBeGreaterThanOrEqual(row.computedSteps!);
      expect(row.langevinMonotone).toBe(true);
      expect(row.boundHolds).toBe(true);
      expect(row.flowRose).toBe(true);
    }
    expect(readFileSync(join(dir, 'suite.md'), 'utf8')).toContain('| rotated Gaussian | certified |');
    expect(readFileSync(join(dir, 'suite.tex'), 'utf8')).toContain('\\toprule');
    const json = JSON.parse(readFileSync(join(dir, 'suite.json'), 'utf8'));
    expect(json.format).toBe('emcert-suite@1');
    expect(json.rows[2].note).toMatch(/no trained model/);
  }, 60_000);
});
