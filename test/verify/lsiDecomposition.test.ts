// The certificate's LSI constant from the covering decomposition (lsiDecomposition): the stored
// fixture (1-d double well, T = 0.1) verifies, its alpha is constants.lsi.lower (300x the
// Holley-Stroock alpha) and stays below the generator's gap, and every tampering with a number the
// kernel derives (a mass, a partition box, a block's set, log(1/p_*)), a claim one ulp stronger than the
// kernel's, or the record's shape is refused by verify with the check named; a weaker alpha (one ulp
// down, in the record and in constants.lsi.lower) is accepted and reported as weaker.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { hypothesis, type Certificate } from '../../src/verify/certificate.js';
import { verifyCertificate } from '../../src/verify/verify.js';
import { verifyDecompositionRecords, LSI_DECOMPOSITION_FUNCTION, recordedLsiValues, replayGroupedLsiDecomposition, replayLsiDecomposition } from '../../src/verify/lsiDecomposition.js';
import { Checks } from '../../src/verify/checks.js';
import { rebuildModel } from '../../src/verify/model.js';
import { spectralGap1d } from '../../src/diagnostics/grid/gap1d.js';
import { nextDown, nextUp } from './ulpSteps.js';
import { applyTamperEdits, schemaValidCopy, tamperEdits, TAMPER_VALUES } from './jsonTamper.js';

// expr:(x1^2-1)^2 at T = 0.1 (scripts/verify-fixtures.ts: wellLsi).
const base: Certificate = JSON.parse(readFileSync(new URL('fixtures/wellLsi.json', import.meta.url), 'utf8'));
const clone = (): Certificate => JSON.parse(JSON.stringify(base));
const rec = (c: Certificate) => c.lsiDecomposition!;
const ev = (c: Certificate) => rec(c).evidence!;
const failures = (c: Certificate): string[] => verifyCertificate(c).checks.filter((k) => !k.ok).map((k) => `${k.name}: ${k.detail}`);

describe('the decomposition LSI constant of the 1-d double well at T = 0.1', () => {
  it('verifies, is constants.lsi.lower, beats Holley-Stroock and stays below the generator gap', () => {
    expect(failures(base)).toEqual([]);
    const alpha = rec(base).claim!.alphaLower;
    expect(base.constants.lsi.lower).toBe(alpha);
    const hs = hypothesis(base, 'lsi')!.claim.alpha!;
    expect(alpha).toBeGreaterThan(100 * hs);
    // An LSI constant is a lower bound on the spectral gap (20,001-node finite-volume reference 7.84e-4).
    const truth = spectralGap1d((x) => (x * x - 1) ** 2 / 0.1, 3, 20_001);
    expect(alpha).toBeLessThan(truth);
    expect(verifyCertificate(base).checks.some((k) => k.ok && k.name === 'lsiDecomposition: alpha (LSI)')).toBe(true);
  });

  it('without the record the established alpha is Holley-Stroock again, so constants.lsi.lower is refused', () => {
    const c = clone();
    delete c.lsiDecomposition;
    expect(failures(c).join('\n')).toMatch(/^constants\.lsi\.lower: certificate says/m);
  });

  const cases: readonly [string, (c: Certificate) => void, RegExp][] = [
    ['alpha one ulp up', (c) => void (rec(c).claim!.alphaLower = nextUp(rec(c).claim!.alphaLower)), /^lsiDecomposition: alpha \(LSI\): claimed \S+ is stronger than the kernel's/m],
    ['alpha one ulp up in both places', (c) => void (rec(c).claim!.alphaLower = c.constants.lsi.lower = nextUp(rec(c).claim!.alphaLower)), /^lsiDecomposition: alpha \(LSI\): claimed \S+ is stronger/m],
    // A weaker alpha is proved, but it is then the established alpha, and constants.lsi.lower must be it.
    ['alpha one ulp down in the record only (constants.lsi.lower now claims more than is established)', (c) => void (rec(c).claim!.alphaLower = nextDown(rec(c).claim!.alphaLower)), /^constants\.lsi\.lower: /m],
    ['constants.lsi.lower one ulp up', (c) => void (c.constants.lsi.lower = nextUp(c.constants.lsi.lower!)), /^constants\.lsi\.lower: /m],
    ['a mass bracket narrowed by one ulp', (c) => void (ev(c).masses[7]![0] = nextUp(ev(c).masses[7]![0])), /^lsiDecomposition: masses/m],
    ['log(1/p_*) one ulp down', (c) => void (ev(c).logInverseMass = nextDown(ev(c).logInverseMass)), /^lsiDecomposition: log\(1\/p_\*\)/m],
    ['the local constant one ulp down', (c) => void (ev(c).localInverse = nextDown(ev(c).localInverse)), /^lsiDecomposition: max local inverse constant/m],
    ['a partition box shrunk (a gap)', (c) => void (ev(c).partition[3]!.box[0]![0] = ev(c).partition[3]!.box[0]![0]! + 0.01), /^lsiDecomposition: lsi-decomposition: the blocks do not cover R\^d/m],
    ['a partition box widened (an overlap)', (c) => void (ev(c).partition[3]!.box[0]![0] = ev(c).partition[3]!.box[0]![0]! - 0.01), /^lsiDecomposition: lsi-decomposition: partition blocks 2 and 3 overlap/m],
    ['a block moved to another set', (c) => void (ev(c).partition[3]!.set = 9), /^lsiDecomposition: lsi-decomposition: partition\[3\] is not inside set 9/m],
    ['a block dropped', (c) => void ev(c).partition.pop(), /^lsiDecomposition: lsi-decomposition: the blocks do not cover/m],
    ['the function', (c) => void (rec(c).function = 'kernel/checks/lsi.checkLsiDecomposition'), /^lsiDecomposition: function/m],
    ['a claim with a reason', (c) => void (rec(c).reason = 'why not'), /^lsiDecomposition: a claimed alpha carries a reason/m],
    ['a claim without evidence', (c) => void delete rec(c).evidence, /^lsiDecomposition: a claimed alpha without evidence/m],
    ['no claim but evidence', (c) => void (rec(c).claim = null), /^lsiDecomposition: evidence without a claim/m],
    ['a claim without a claimed decomposition', (c) => void (c.poincareDecomposition = { ...c.poincareDecomposition!, claim: null, reason: 'x' }), /^lsiDecomposition: an LSI constant without a claimed decomposition/m],
    // The decomposition's own numbers are judged on the same replay.
    ['the decomposition t raised by 10%', (c) => void (c.poincareDecomposition!.evidence!.lambda2 *= 1.1), /^lsiDecomposition: poincare: /m],
    ['the Poincare constant one ulp down', (c) => void (c.poincareDecomposition!.claim!.poincareUpper = nextDown(c.poincareDecomposition!.claim!.poincareUpper)), /^poincareDecomposition: Poincare constant/m],
  ];
  it('accepts alpha one ulp down in both places (weaker than the kernel\'s: still proved), and says so', () => {
    const c = clone();
    rec(c).claim!.alphaLower = c.constants.lsi.lower = nextDown(rec(c).claim!.alphaLower);
    // The verdict's sentence names alpha.
    c.reason = c.reason.replace(`alpha = ${rec(base).claim!.alphaLower}`, `alpha = ${rec(c).claim!.alphaLower}`);
    const r = verifyCertificate(c);
    expect(failures(c)).toEqual([]);
    const line = r.checks.find((k) => k.name === 'lsiDecomposition: alpha (LSI)')!;
    expect(line.detail).toBe(`claimed ${rec(c).claim!.alphaLower}, weaker than the kernel's ${rec(base).claim!.alphaLower} (still proved; accepted)`);
  });

  it('accepts a weaker Poincare constant beside the LSI record (the gap halved, the constant doubled)', () => {
    const c = clone();
    c.poincareDecomposition!.claim!.gapLower /= 2;
    c.poincareDecomposition!.claim!.poincareUpper *= 2;
    expect(failures(c)).toEqual([]);
  });

  for (const [name, tamper, expected] of cases) {
    it(`refuses ${name}`, () => {
      const c = clone();
      tamper(c);
      expect(failures(c).join('\n')).toMatch(expected);
    });
  }

  it('an honest "not tried" record verifies, and alpha falls back to the lsi hypothesis', () => {
    const c = clone();
    c.lsiDecomposition = { function: LSI_DECOMPOSITION_FUNCTION, proof: rec(c).proof, claim: null, reason: 'not tried' };
    c.constants.lsi.lower = hypothesis(c, 'lsi')!.claim.alpha!;
    c.reason = c.reason.replace(/alpha >= [^ ,;)]+/, `alpha >= ${c.constants.lsi.lower}`);
    const f = failures(c);
    // Only the verdict's reason text may mention alpha; everything else verifies.
    expect(f.filter((x) => !/^reason/.test(x))).toEqual([]);
    delete c.lsiDecomposition.reason;
    expect(failures(c).join('\n')).toMatch(/^lsiDecomposition: no claim and no reason/m);
  });
});

describe('schema-valid tampering inside lsiDecomposition never makes verify throw', () => {
  it('replace, delete or shorten any field of the record (property test; refused or still equal, never a throw)', () => {
    const model = rebuildModel(clone(), new Checks())!;
    fc.assert(
      fc.property(tamperEdits(), (edits) => {
        const c = clone();
        applyTamperEdits(c.lsiDecomposition, edits, TAMPER_VALUES);
        const doc = schemaValidCopy(c);
        if (doc === null) return;
        expect(() => verifyDecompositionRecords(doc, model, new Checks())).not.toThrow();
      }),
      { numRuns: 40, seed: 20261206 },
    );
  }, 300_000);
});

describe('comparison blocks (partition[i].epsilon, proofs/lsi-from-decomposition.md section 3a)', () => {
  const model = rebuildModel(clone(), new Checks())!;
  /** The fixture with epsilon on block 5 and the kernel's numbers written back, as a producer would. */
  const withComparison = (): Certificate => {
    const c = clone();
    ev(c).partition[5]!.epsilon = 4;
    const r = replayLsiDecomposition(c, model, c.poincareDecomposition!.evidence!, ev(c));
    if (!r.ok) throw new Error(r.reason);
    const { claim, lyapunovValues: _l, ...numbers } = recordedLsiValues(r.value, true);
    Object.assign(ev(c), numbers);
    rec(c).claim = claim;
    return c;
  };
  const recordFailures = (c: Certificate): string[] => {
    const checks = new Checks();
    verifyDecompositionRecords(c, model, checks);
    return checks.list.filter((k) => !k.ok).map((k) => `${k.name}: ${k.detail}`);
  };

  it('a record with a comparison block replays: its defect is stored and recomputed, its alpha is the kernel\'s', () => {
    const c = withComparison();
    expect(ev(c).defect).toBeGreaterThan(0);
    expect(recordFailures(c)).toEqual([]);
    // Block 5's osc is 1.4: the defect costs more than e^osc / m saves, so the comparison alpha is smaller.
    expect(rec(c).claim!.alphaLower).toBeLessThan(rec(base).claim!.alphaLower);
  });

  const cases: readonly [string, (c: Certificate) => void, RegExp][] = [
    ['the defect one ulp down', (c) => void (ev(c).defect = nextDown(ev(c).defect!)), /^lsiDecomposition: comparison defect/m],
    ['the defect dropped', (c) => void delete ev(c).defect, /^lsiDecomposition: comparison defect/m],
    ['a defect on a record without comparison blocks', (c) => void delete ev(c).partition[5]!.epsilon, /^lsiDecomposition: comparison defect|^lsiDecomposition: alpha/m],
    ['epsilon changed (4 -> 1)', (c) => void (ev(c).partition[5]!.epsilon = 1), /^lsiDecomposition: (comparison defect|max local inverse|alpha)/m],
    ['epsilon 0', (c) => void (ev(c).partition[5]!.epsilon = 0), /^lsiDecomposition: lsi-decomposition: partition\[5\]\.epsilon 0 is not a positive finite number/m],
  ];
  for (const [name, tamper, expected] of cases) {
    it(`refuses ${name}`, () => {
      const c = withComparison();
      tamper(c);
      expect(recordFailures(c).join('\n')).toMatch(expected);
    });
  }

  it('the grouped check does not read comparison blocks: refused when the evidence has groups', () => {
    const c = withComparison();
    const r = replayGroupedLsiDecomposition(c, model, c.poincareDecomposition!.evidence!, { ...ev(c), groups: [] });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toBe('grouped-lsi: partition[5] is a comparison block (epsilon), which only the ungrouped check reads');
  });
});
