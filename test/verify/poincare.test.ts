// The certificate's decomposition spectral gap (poincareDecomposition): the stored fixture verifies,
// its gap is below the generator's gap (finite-volume reference), it never becomes the LSI constant,
// every tampering with a number the kernel derives (a local constant, a mass, t, the leaves) or a claim
// stronger than the kernel's by one ulp is refused by verify with the check named, and a weaker claim
// (the gap one ulp down, the constant one ulp up) is accepted and reported as weaker.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hypothesis, type Certificate } from '../../src/verify/certificate.js';
import { verifyCertificate } from '../../src/verify/verify.js';
import { POINCARE_NOTE, verifyPoincareDecomposition } from '../../src/verify/poincare.js';
import { Checks } from '../../src/verify/checks.js';
import { rebuildModel } from '../../src/verify/model.js';
import fc from 'fast-check';
import { spectralGap1d } from '../../src/diagnostics/grid/gap1d.js';
import { nextDown, nextUp } from './ulpSteps.js';
import { applyTamperEdits, schemaValidCopy, tamperEdits, TAMPER_VALUES } from './jsonTamper.js';

// expr:(x1^2-1)^2 at T = 0.2 (scripts/verify-fixtures.ts; claim refreshed by scripts/refresh-well-gap-claim.ts): LSI alpha 1.46e-3, decomposition gap 4.12e-3.
const base: Certificate = JSON.parse(readFileSync(new URL('fixtures/wellGap.json', import.meta.url), 'utf8'));
const clone = (): Certificate => JSON.parse(JSON.stringify(base));
const rec = (c: Certificate) => c.poincareDecomposition!;
const ev = (c: Certificate) => rec(c).evidence!;
const failures = (c: Certificate): string[] => verifyCertificate(c).checks.filter((k) => !k.ok).map((k) => `${k.name}: ${k.detail}`);

describe('the decomposition gap of the 1-d double well at T = 0.2', () => {
  it('the stored certificate verifies, and the gap check is among the checks', () => {
    const r = verifyCertificate(base);
    expect(failures(base)).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.checks.some((k) => k.ok && k.name === 'poincareDecomposition: spectral gap (Poincare, not LSI)')).toBe(true);
  });

  it('is a positive lower bound below the generator gap (20,001-node finite-volume reference, 0.0555)', () => {
    const gap = rec(base).claim!.gapLower;
    const truth = spectralGap1d((x) => (x * x - 1) ** 2 / 0.2, 3, 20_001);
    expect(gap).toBeGreaterThan(0);
    expect(gap).toBeLessThan(truth);
    expect(truth / gap).toBeLessThan(100);
    // 1 / poincareUpper, rounded down.
    expect(gap).toBeLessThanOrEqual(1 / rec(base).claim!.poincareUpper);
  });

  it('stays beside the LSI alpha: constants.lsi.lower is the lsi hypothesis, not the larger gap', () => {
    expect(rec(base).claim!.gapLower).toBeGreaterThan(base.constants.lsi.lower!);
    expect(base.constants.lsi.lower).toBe(hypothesis(base, 'lsi')!.claim.alpha);
    expect(rec(base).note).toBe(POINCARE_NOTE);
    const c = clone();
    c.constants.lsi.lower = rec(c).claim!.gapLower;
    expect(failures(c).join('\n')).toMatch(/^constants\.lsi\.lower: /m);
  });

  const cases: readonly [string, (c: Certificate) => void, RegExp][] = [
    ['the gap one ulp up (stronger than the kernel proves)', (c) => void (rec(c).claim!.gapLower = nextUp(rec(c).claim!.gapLower)), /^poincareDecomposition: spectral gap \(Poincare, not LSI\): claimed \S+ is stronger than the kernel's/m],
    ['the Poincare constant one ulp down', (c) => void (rec(c).claim!.poincareUpper = nextDown(rec(c).claim!.poincareUpper)), /^poincareDecomposition: Poincare constant: claimed \S+ is stronger/m],
    ['the gap one ulp up while the constant is one ulp up (each claim is judged)', (c) => void ((rec(c).claim!.gapLower = nextUp(rec(c).claim!.gapLower)), (rec(c).claim!.poincareUpper = nextUp(rec(c).claim!.poincareUpper))), /^poincareDecomposition: spectral gap/m],
    ['a local constant one ulp down', (c) => void (ev(c).local[1]!.constant = nextDown(ev(c).local[1]!.constant)), /^poincareDecomposition: local constants/m],
    ['a local m one ulp up', (c) => void (ev(c).local[0]!.m = nextUp(ev(c).local[0]!.m)), /^poincareDecomposition: local constants/m],
    ['a mass bracket narrowed by one ulp', (c) => void (ev(c).masses[0]![1] = nextDown(ev(c).masses[0]![1])), /^poincareDecomposition: masses/m],
    ['an overlap bracket widened by one ulp', (c) => void (ev(c).overlaps[0]![0] = nextDown(ev(c).overlaps[0]![0])), /^poincareDecomposition: overlaps/m],
    ['t raised by 10%: the block chain does not have that gap', (c) => void (ev(c).lambda2 *= 1.1), /^poincareDecomposition: poincare: /m],
    ['t one ulp down', (c) => void (ev(c).lambda2 = nextDown(ev(c).lambda2)), /^poincareDecomposition: spectral gap/m],
    ['a set shrunk so that the sets no longer cover R', (c) => void (ev(c).pieces[0]!.set[0]![1] = ev(c).pieces[1]!.set[0]![0]! - 0.01), /^poincareDecomposition: poincare: the sets do not cover/m],
    ['a bump on a piece replaced', (c) => void (ev(c).pieces[1]!.bump = '0'), /^poincareDecomposition: /m],
    ['an edge removed', (c) => void ev(c).edges.pop(), /^poincareDecomposition: /m],
    ['a leaf of the integration cut once more', (c) => void (ev(c).integration.tree = flipFirstLeaf(ev(c).integration.tree)), /^poincareDecomposition: /m],
    ['the leaf count', (c) => void (ev(c).integration.leaves += 1), /^poincareDecomposition: poincare: integration\.tree has/m],
    ['the shift', (c) => void (ev(c).integration.shift += 1e-9), /^poincareDecomposition: /m],
    ['the tail bound without the LSI cover', (c) => void (ev(c).integration.tailCover = null), /^poincareDecomposition: integral: tail: /m],
    ['the note', (c) => void (rec(c).note = 'an LSI constant'), /^poincareDecomposition: note/m],
    ['a claim with a reason', (c) => void (rec(c).reason = 'why not'), /^poincareDecomposition: a claimed gap carries a reason/m],
    ['a claim without evidence', (c) => void delete rec(c).evidence, /^poincareDecomposition: a claimed gap without evidence/m],
    ['no claim but evidence', (c) => void (rec(c).claim = null), /^poincareDecomposition: evidence without a claim/m],
  ];
  for (const [name, tamper, expected] of cases) {
    it(`refuses ${name}`, () => {
      const c = clone();
      tamper(c);
      expect(failures(c).join('\n')).toMatch(expected);
    });
  }

  // The headline claims may be weaker than the kernel's recomputation (a later kernel proves more from
  // the same evidence): still proved, so accepted, and the check says so.
  const weaker: readonly [string, (c: Certificate) => void, RegExp][] = [
    ['the gap one ulp down', (c) => void (rec(c).claim!.gapLower = nextDown(rec(c).claim!.gapLower)), /^claimed \S+, weaker than the kernel's \S+ \(still proved; accepted\)$/],
    ['the gap halved', (c) => void (rec(c).claim!.gapLower /= 2), /weaker than the kernel's/],
    ['the Poincare constant one ulp up', (c) => void (rec(c).claim!.poincareUpper = nextUp(rec(c).claim!.poincareUpper)), /weaker than the kernel's/],
    // t is evidence the kernel checks (PSD), not a recomputed number: t one ulp up still passes, and
    // the kernel then proves a larger gap than the one stored (both headline claims weaker).
    ['t (lambda_2 of the block chain) one ulp up', (c) => void (ev(c).lambda2 = nextUp(ev(c).lambda2)), /weaker than the kernel's/],
  ];
  for (const [name, tamper, detail] of weaker) {
    it(`accepts ${name} (weaker than the kernel's, reported as such)`, () => {
      const c = clone();
      tamper(c);
      const r = verifyCertificate(c);
      expect(failures(c)).toEqual([]);
      const said = r.checks.filter((k) => k.name.startsWith('poincareDecomposition: ') && /weaker/.test(k.detail));
      expect(said.length).toBeGreaterThanOrEqual(1);
      for (const k of said) expect(k.detail).toMatch(detail);
    });
  }

  it('accepts an honest "does not apply" record and refuses one without a reason', () => {
    const c = clone();
    c.poincareDecomposition = { function: rec(c).function, proof: rec(c).proof, note: rec(c).note, claim: null, reason: 'd = 3' };
    expect(failures(c)).toEqual([]);
    delete c.poincareDecomposition.reason;
    expect(failures(c).join('\n')).toMatch(/no claim and no reason/);
  });
});

describe('schema-valid tampering inside poincareDecomposition never makes verify throw', () => {
  const VALUES = [...TAMPER_VALUES, 'lsi'];
  it('replace, delete or shorten any field of the record (property test; refused or still equal, never a throw)', () => {
    const c0 = clone();
    const model = rebuildModel(c0, new Checks())!;
    fc.assert(
      fc.property(tamperEdits(VALUES), (edits) => {
        const c = clone();
        applyTamperEdits(c.poincareDecomposition, edits, VALUES, (p) => !(p[0] === 'evidence' && p[1] === 'pieces' && p.length > 4));
        const doc = schemaValidCopy(c);
        if (doc === null) return;
        const checks = new Checks();
        expect(() => verifyPoincareDecomposition(doc, model, checks)).not.toThrow();
      }),
      { numRuns: 60, seed: 20261206 },
    );
  }, 300_000);
});

/** The tree code with its first leaf bit (a 0 after the leading 1s) set: that leaf is cut once more. */
function flipFirstLeaf(code: string): string {
  const bytes = Buffer.from(code, 'base64');
  for (let i = 0; i < bytes.length * 8; i++) {
    const bit = 0x80 >> (i & 7);
    if ((bytes[i >> 3]! & bit) === 0) {
      bytes[i >> 3]! |= bit;
      return bytes.toString('base64');
    }
  }
  throw new Error('no leaf bit');
}
