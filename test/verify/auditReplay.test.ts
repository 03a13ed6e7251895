// replayAudit on stored audits (test/verify/fixtures/audit-gauss: E = (x1^2 + 4 x2^2)/2 with two
// half-planes, data, a ULA block; audit-sum: 0.5 * a tanh-barrier network + 1 * x2^2/4, auto basins),
// written by `emcert audit`. Each tampering must fail the check that recomputes the edited number;
// the untouched audits must replay (after a change of the audit format, regenerate them, from the
// repository root: halves.json = [{"name": "right", "box": [[0, "inf"], ["-inf", "inf"]]},
// {"name": "left", "box": [["-inf", 0], ["-inf", "inf"]]}], the network saved by saveMlpModel with the
// weights in the commit that added this file):
//   emcert audit --energy 'expr:0.5*(x1^2 + 4*x2^2)' --regions halves.json --data test/verify/fixtures/audit-gauss/data.csv \
//     --sampler ula --step-size 0.05 --steps 200 --particles 400 --no-figures --quiet --out test/verify/fixtures/audit-gauss
//   emcert audit --energy test/verify/fixtures/audit-sum/well/model.json --energy 'expr:0.25*x2^2' --weights 0.5,1 \
//     --regions auto --sampler ula --step-size 0.05 --steps 100 --particles 200 --tolerance 0.02 --mass-tolerance 0.01 \
//     --no-figures --quiet --out test/verify/fixtures/audit-sum/audit
import { describe, expect, it } from 'vitest';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { replayAudit } from '../../src/verify/audit.js';
import { InputError } from '../../src/util/errors.js';
import { tempDir } from '../cli/helpers.js';

const FIXTURES = resolve(import.meta.dirname, 'fixtures');
const GAUSS = join(FIXTURES, 'audit-gauss');
const SUM = join(FIXTURES, 'audit-sum', 'audit');
const load = (dir: string): Record<string, any> => JSON.parse(readFileSync(join(dir, 'audit.json'), 'utf8'));
const failed = (dir: string, doc: Record<string, any>): string[] => replayAudit(doc, dir).filter((c) => !c.ok).map((c) => c.name);
const edited = (dir: string, edit: (doc: Record<string, any>) => void): string[] => {
  const doc = load(dir);
  edit(doc);
  return failed(dir, doc);
};
const up = (x: number): number => x + Math.abs(x) * 2 ** -52;
const down = (x: number): number => x - Math.abs(x) * 2 ** -52;

describe('replayAudit on stored audits', () => {
  it('the untouched audits replay: every check, in order', () => {
    const g = replayAudit(load(GAUSS), GAUSS);
    expect(g.map((c) => c.name)).toEqual(['energy files', 'evidence file', 'ln Z', 'mass of right', 'mass of left', 'data file', 'mean NLL', 'TV(data, pi)', 'mixing bracket', 'TV(sampler, pi) from the stored counts', 'stability', 'verdict']);
    expect(g.filter((c) => !c.ok)).toEqual([]);
    const s = replayAudit(load(SUM), SUM);
    expect(s.filter((c) => !c.ok)).toEqual([]);
    expect(s[0]).toEqual({ name: 'energy files', ok: true, detail: '2 file(s), sha256 match' });
  });

  it('one ulp on a certified number fails the check that recomputes it (and only that one)', () => {
    expect(edited(GAUSS, (d) => { d.logZ[0] = up(d.logZ[0]); })).toEqual(['ln Z']);
    expect(edited(GAUSS, (d) => { d.logZ[1] = up(d.logZ[1]); })).toEqual(['ln Z']);
    expect(edited(GAUSS, (d) => { d.regions[0].mass[1] = up(d.regions[0].mass[1]); })).toEqual(['mass of right']);
    expect(edited(GAUSS, (d) => { d.regions[1].mass[0] = up(d.regions[1].mass[0]); })).toEqual(['mass of left']);
    expect(edited(GAUSS, (d) => { d.data.meanNll[0] = up(d.data.meanNll[0]); })).toEqual(['mean NLL']);
    expect(edited(GAUSS, (d) => { d.mixing.gapUpper = up(d.mixing.gapUpper); })).toEqual(['mixing bracket']);
    expect(edited(GAUSS, (d) => { d.mixing.relaxationTime = up(d.mixing.relaxationTime); })).toEqual(['mixing bracket']);
    expect(edited(GAUSS, (d) => { d.sampling.stability.etaLUpper = down(d.sampling.stability.etaLUpper); })).toEqual(['stability']);
    expect(edited(SUM, (d) => { d.logZ[0] = up(d.logZ[0]); })).toEqual(['ln Z']);
  });

  it('stability is a one-sided claim: a stored eta L above the recomputed bound is still proven (a later, tighter kernel keeps old audits valid), one ulp below is refused', () => {
    const doc = load(GAUSS);
    const stored = doc.sampling.stability.etaLUpper as number;
    doc.sampling.stability.etaLUpper = up(stored);
    const checks = replayAudit(doc, GAUSS);
    expect(checks.filter((c) => !c.ok)).toEqual([]);
    expect(checks.find((c) => c.name === 'stability')!.detail).toBe(`eta L <= ${stored} (stored ${up(stored)})`);
    // Raised past the threshold 2, the stored verdict (pass) no longer follows from the stored bound.
    expect(edited(GAUSS, (d) => { d.sampling.stability.etaLUpper = 2; })).toEqual(['verdict']);
    expect(edited(GAUSS, (d) => { d.sampling.stability.etaLUpper = stored / 2; })).toEqual(['stability']);
  });

  it('TV bounds, counts, the test function and the stored verdict are recomputed', () => {
    expect(edited(GAUSS, (d) => { d.data.counts[0] = 199; })).toEqual(['TV(data, pi)']);
    expect(edited(GAUSS, (d) => { d.data.tv.histogram = 1e-3; })).toEqual(['TV(data, pi)']);
    expect(edited(GAUSS, (d) => { d.data.tv.statistical = 1e-3; })).toEqual(['TV(data, pi)']);
    // Counts 300/100 against masses near 1/2: TV >= 0.25 - t > 0.1, not the stored 0, and the verdict turns to fail.
    expect(edited(GAUSS, (d) => { d.sampling.run.counts = [300, 100]; })).toEqual(['TV(sampler, pi) from the stored counts', 'verdict']);
    expect(edited(GAUSS, (d) => { d.sampling.run.tv.histogram = 0.01; })).toEqual(['TV(sampler, pi) from the stored counts']);
    expect(edited(GAUSS, (d) => { d.sampling.run.tv.statistical = 0.01; })).toEqual(['TV(sampler, pi) from the stored counts']);
    // (the relaxation time in the verdict's detail moves with it)
    expect(edited(GAUSS, (d) => { d.mixing.testFunction.center = 0.5; })).toEqual(['mixing bracket', 'verdict']);
    expect(edited(GAUSS, (d) => { d.mixing.testFunction.terms[0].a = [0, 0.005]; })).toEqual(['mixing bracket', 'verdict']);
    expect(edited(GAUSS, (d) => { d.verdict = 'fail'; })).toEqual(['verdict']);
    expect(edited(GAUSS, (d) => { d.criteria[1].detail = 'eta L <= 0.1 < 2 (L certified)'; })).toEqual(['verdict']);
    // A stricter horizon or threshold changes the re-derived verdict, not the certified numbers.
    expect(edited(GAUSS, (d) => { d.thresholds.horizon = 0.5; })).toEqual(['verdict']);
    // A stored divergence or a refused mixing bound changes the verdict the replay derives.
    expect(edited(GAUSS, (d) => { d.sampling.run = { seed: 1, particles: 400, diverged: 'step 3: not finite' }; })).toEqual(['verdict']);
    expect(edited(GAUSS, (d) => { d.mixing = { refused: 'no test function' }; })).toEqual(['verdict']);
    // Without quadrature nothing is integrated and the verdict is inconclusive: the stored pass fails.
    const noQuad = load(GAUSS);
    noQuad.quadrature = false;
    const checks = replayAudit(noQuad, GAUSS);
    expect(checks.map((c) => c.name)).toEqual(['energy files', 'stability', 'verdict']);
    expect(checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(['verdict']);
  });

  it('stability: a cover is re-checked; without one only eta L = inf is accepted', () => {
    expect(edited(GAUSS, (d) => { d.sampling.stability.cover = []; })).toEqual(['stability', 'verdict']);
    const none = load(GAUSS);
    none.sampling.stability.cover = [];
    none.sampling.stability.etaLUpper = 'inf';
    const c = replayAudit(none, GAUSS);
    expect(c.find((x) => x.name === 'stability')).toMatchObject({ ok: true, detail: 'no cover stored: nothing certified' });
    // A cover that misses part of R^d is refused by the kernel, named.
    const part = load(GAUSS);
    part.sampling.stability.cover = [[[0, 'inf'], ['-inf', 'inf']]];
    const p = replayAudit(part, GAUSS).find((x) => x.name === 'stability')!;
    expect(p.ok).toBe(false);
  });

  it('the stored files: evidence and data hashes, a changed leaf list, the energy files of a sum', () => {
    const dir = tempDir('emcert-audit-replay-');
    cpSync(GAUSS, dir, { recursive: true });
    expect(edited(dir, (d) => { d.integration.sha256 = '0'.repeat(64); })).toEqual(['evidence file']);
    expect(edited(dir, (d) => { d.data.sha256 = '0'.repeat(64); })).toEqual(['data file']);
    // One leaf fewer: the partition check refuses, and nothing after ln Z is replayed.
    const ev = JSON.parse(readFileSync(join(dir, 'integral-evidence.json'), 'utf8'));
    ev.boxes.pop();
    writeFileSync(join(dir, 'integral-evidence.json'), JSON.stringify(ev));
    const short = replayAudit(load(dir), dir);
    expect(short.map((c) => `${c.name}:${c.ok}`)).toEqual(['energy files:true', 'evidence file:false', 'ln Z:false']);
    expect(short[2]!.detail).toMatch(/uncovered|not the leaves of a bisection/);
    writeFileSync(join(dir, 'integral-evidence.json'), '{"boxes": "none"}');
    expect(() => replayAudit(load(dir), dir)).toThrow(/not integral evidence/);
    // The sum: a file hash edited, or a file not recorded: the energy is not rebuilt at all.
    const s = load(SUM);
    s.energy.files[1].sha256 = '0'.repeat(64);
    expect(replayAudit(s, SUM).map((c) => `${c.name}:${c.ok}`)).toEqual(['energy files:false']);
    const fewer = load(SUM);
    fewer.energy.files.pop();
    expect(failed(SUM, fewer)).toEqual(['energy files']);
    // A file recorded that the energy does not read (the record must be exactly the energy's files).
    const more = load(SUM);
    more.energy.files.push({ path: 'audit.md', sha256: '0'.repeat(64) });
    expect(failed(SUM, more)).toEqual(['energy files']);
    // Another weight in terms and stored alike: the kernel's ln Z (and all that follows) differs.
    const w = load(SUM);
    w.energy.terms[1].weight = 2;
    w.energy.stored = w.energy.stored.replace('+ 1 * [', '+ 2 * [');
    expect(failed(SUM, w)).toContain('ln Z');
  });

  it('malformed documents are input errors, named', () => {
    const bad = (edit: (d: Record<string, any>) => void, pattern: RegExp): void => {
      const doc = load(SUM);
      edit(doc);
      let err: unknown;
      try { replayAudit(doc, SUM); } catch (e) { err = e; }
      expect(err).toBeInstanceOf(InputError);
      expect((err as Error).message).toMatch(pattern);
    };
    bad((d) => { d.energy.terms[0].weight = '0.5'; }, /audit\.json/);
    bad((d) => { d.energy.stored = 'expr:x1^2'; }, /is not the sum its terms describe/);
    bad((d) => { d.energy.terms = []; }, /audit\.json|non-empty list/);
    bad((d) => { d.dimension = 0; }, /audit\.json|bad dimension/);
    bad((d) => { d.temperature = -1; }, /audit\.json|bad dimension or temperature/);
    bad((d) => { d.temperature = 'one'; }, /audit\.json/);
  });
});
