// The audit's decomposition lower end (proofs/poincare-decomposition.md) on the 1-d double well at
// T = 1: the certified gap lies below the generator's gap (0.7489..., fine finite-volume reference in
// test/kernel/checks/poincareDecomposition.test.ts and test/diagnostics/grid/spectralGap.test.ts),
// the bracket's lower end names its source, verify replays it, and a tampered gap is refused.
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './helpers.js';
import { runInProcess } from './inProcess.js';

describe('emcert audit: spectral gap lower bound by a covering decomposition', () => {
  const dir = tempDir('emcert-audit-decomposition-');

  it('the double well gets a decomposition gap below its true gap; verify replays it and refuses a tampered one', async () => {
    const out = join(dir, 'well');
    const r = await runInProcess(['audit', '--energy', 'expr:(x1^2 - 1)^2', '--quiet', '--no-figures', '--out', out]);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).toMatch(/lower end: covering decomposition \(Poincare\)/);
    const file = join(out, 'audit.json');
    const original = readFileSync(file, 'utf8');
    const a = JSON.parse(original);
    const dec = a.mixing.decomposition;
    expect(dec.note).toMatch(/not a log-Sobolev constant/);
    expect(dec.gapLower).toBeGreaterThan(0.01);
    expect(dec.gapLower).toBeLessThanOrEqual(0.7489);
    expect(a.mixing.lowerEnd).toBe(dec.gapLower);
    expect(a.mixing.lowerEnd).toBeLessThanOrEqual(a.mixing.gapUpper);
    const ok = await runInProcess(['verify', file]);
    expect(ok.code, ok.stdout).toBe(0);
    const tamper = async (edit: (doc: any) => void, pattern = /FAIL spectral gap lower bound/): Promise<void> => {
      const doc = JSON.parse(original);
      edit(doc);
      writeFileSync(file, JSON.stringify(doc));
      const t = await runInProcess(['verify', file]);
      expect(t.code).toBe(1);
      expect(t.stdout).toMatch(pattern);
    };
    await tamper((d) => { d.mixing.decomposition.gapLower *= 1.01; });
    await tamper((d) => { d.mixing.decomposition.lambda2 *= 1.01; });
    await tamper((d) => { d.mixing.lowerEnd *= 1.01; }, /FAIL mixing bracket lower end/);
    await tamper((d) => { d.mixing.lowerSource = 'lsi alpha (--certificate)'; }, /FAIL mixing bracket lower end/);
    writeFileSync(file, original);
  }, 600_000);
});
