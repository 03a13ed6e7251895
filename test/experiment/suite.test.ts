import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { runPaperSuite, slug } from '../../src/experiment/suite.js';
import { readCertificate } from '../../src/verify/schema.js';
import { verifyCertificate } from '../../src/verify/verify.js';
import { certifyEnergy } from '../../src/certify/certifyEnergy.js';
import { loadEnergy } from '../../src/energy/spec.js';
import { writeCertificate } from '../../src/certify/write.js';
import { saveMlpModel } from '../../src/energy/network/save.js';
import { tanhLayers } from '../certify/fixtures.js';
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
    // The stub's search record says the certifier's short cap cut a search: each row's note names it.
    const inconclusive = () => ({ verdict: 'inconclusive', reason: 'stub', constants: {}, search: { effort: 1, maxBoxes: 3000, timeCapSeconds: 15, timeCapCut: ['the LSI search'] } }) as unknown as Certificate;
    const suite = await runPaperSuite({ outDir: join(dir, 'stub'), epsilon: 0.1, quick: true, entries: EMBEDDED_ENERGIES.slice(2), certify: inconclusive });
    expect(suite.rows.map((r) => r.name)).toEqual(['double well', 'three-mode mixture']);
    for (const row of suite.rows) {
      expect(row.status, row.note).toBe('ran');
      expect(row.langevinMonotone).toBe(true);
      expect(row.flowRose).toBe(true);
      expect(row.certifiedSteps).toBeNull();
      expect(row.note).toMatch(/; the 15 s time cap cut the LSI search: these constants depend on machine load$/);
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
    // One certificate per row that ran, with its sha256 in suite.json; each one verifies.
    expect(json.rows.map((r: { certificateFile?: string }) => r.certificateFile)).toEqual(['certificates/gaussian.json', 'certificates/rotated-gaussian.json', undefined]);
    for (const row of json.rows.slice(0, 2)) {
      const bytes = readFileSync(join(dir, row.certificateFile));
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(row.certificateSha256);
      const cert = readCertificate(join(dir, row.certificateFile));
      expect(verifyCertificate(cert, { baseDir: join(dir, 'certificates') }).ok).toBe(true);
    }
    const tex = readFileSync(join(dir, 'suite.tex'), 'utf8');
    expect(tex).toContain('\\begin{table*}[t]');
    expect(tex).toContain('\\caption{');
    expect(tex).toContain('\\label{tab:emcert-suite}');
  }, 60_000);

  it('certificate names are slugs of the row names', () => {
    expect(slug('sum: 8gaussians + checkerboard')).toBe('sum-8gaussians-checkerboard');
    expect(slug('trained: 8gaussians')).toBe('trained-8gaussians');
  });

  it('a model certificate is written with paths relative to its own directory, and verifies from there', () => {
    const { modelPath } = saveMlpModel(join(dir, 'models', 'net'), { layers: tanhLayers, regularizer: { lambda: 1, center: [0, 0] }, dtype: 'float64', temperature: 1 });
    const cert = certifyEnergy({ energy: loadEnergy(modelPath), terms: [{ spec: modelPath, weight: 1 }], sampler: 'mala', maxBoxes: 300, timeBudgetMs: 3000 });
    const certDir = join(dir, 'rel', 'certificates');
    const moved = writeCertificate(join(certDir, 'net.json'), cert);
    expect(moved.energy.terms[0]!.spec).toBe('../../models/net/model.json');
    expect(moved.energy.spec).toBe('../../models/net/model.json');
    for (const f of moved.energy.files) expect(f.path.startsWith('../../models/net/')).toBe(true);
    const report = verifyCertificate(readCertificate(join(certDir, 'net.json')), { baseDir: certDir });
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
  }, 30_000);

  it('a sum row records its terms, so its certificate verifies term by term', async () => {
    const entries = [{ name: 'sum', terms: [{ spec: 'expr:x1^2 + x2^2', weight: 0.5 }, { spec: 'expr:(x1 - 1)^2 + x2^2', weight: 0.5 }] }];
    const out = join(dir, 'sum');
    await runPaperSuite({ outDir: out, epsilon: 0.1, quick: true, entries });
    const cert = readCertificate(join(out, 'certificates', 'sum.json'));
    expect(cert.energy.terms).toEqual(entries[0]!.terms);
    expect(verifyCertificate(cert, { baseDir: join(out, 'certificates') }).checks.filter((c) => !c.ok)).toEqual([]);
  }, 60_000);
});
