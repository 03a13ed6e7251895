// The grouped LSI record (lsiDecomposition.evidence.groups, proofs/lsi-from-decomposition.md section 5):
// the stored 1-d double well (T = 0.1) with its blocks grouped into the two wells, written from the
// kernel's bound with groupedLsiEvidence, verifies (schema and replay), its alpha is constants.lsi.lower
// (about 5x the ungrouped record's) and stays below the generator's gap; every tampering with the
// evidence (a group's lambda2 raised, a block moved to the wrong group, a region shrunk so the groups
// leave a gap) or with a recomputed number (one ulp) is refused with the check named; a weaker alpha is
// accepted. Schema-valid random edits never make verify throw.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Certificate, LsiDecompositionGroupJson } from '../../src/verify/certificate.js';
import { verifyCertificate } from '../../src/verify/verify.js';
import { assertCertificate } from '../../src/verify/schema.js';
import { Checks } from '../../src/verify/checks.js';
import { groupedLsiEvidence, LSI_DECOMPOSITION_FUNCTION, LSI_GROUPED_DECOMPOSITION_FUNCTION, recordedGroupedLsiValues, verifyDecompositionRecords } from '../../src/verify/lsiDecomposition.js';
import { checkLsiFromGroupedDecomposition } from '../../src/kernel/checks/lsiGroupedDecomposition.js';
import { spectralGap1d } from '../../src/diagnostics/grid/gap1d.js';
import { wellBracket, wellCert, wellEvidence, wellGroupedBlocks, wellGroups, wellModel, wellT } from '../kernel/checks/groupedWell.js';
import { nextDown, nextUp } from './ulpSteps.js';
import { applyTamperEdits, schemaValidCopy, tamperEdits, TAMPER_VALUES } from './jsonTamper.js';

const bound = checkLsiFromGroupedDecomposition(wellModel, wellT, wellBracket, wellEvidence, wellGroups, wellGroupedBlocks);
if (!bound.ok) throw new Error(bound.reason);
const flatAlpha = wellCert.lsiDecomposition!.claim!.alphaLower;

/** The well certificate with the grouped record (as a writer would store it) and alpha raised to it. */
function groupedCertificate(): Certificate {
  if (!bound.ok) throw new Error(bound.reason);
  const c: Certificate = JSON.parse(JSON.stringify(wellCert));
  const alpha = bound.value.alpha;
  c.lsiDecomposition = { function: LSI_GROUPED_DECOMPOSITION_FUNCTION, proof: c.lsiDecomposition!.proof, claim: { alphaLower: alpha }, evidence: groupedLsiEvidence(wellGroups, wellGroupedBlocks, bound.value) };
  c.constants.lsi.lower = alpha;
  c.reason = c.reason.split(String(flatAlpha)).join(String(alpha));
  return JSON.parse(JSON.stringify(c));
}
const base = groupedCertificate();
const clone = (): Certificate => JSON.parse(JSON.stringify(base));
const rec = (c: Certificate) => c.lsiDecomposition!;
const ev = (c: Certificate) => rec(c).evidence!;
const group = (c: Certificate, g: number): LsiDecompositionGroupJson => ev(c).groups![g]!;
const failures = (c: Certificate): string[] => verifyCertificate(c).checks.filter((k) => !k.ok).map((k) => `${k.name}: ${k.detail}`);

describe('the grouped LSI record of the 1-d double well at T = 0.1', () => {
  it('is schema-valid, verifies, is constants.lsi.lower, beats the ungrouped record and stays below the generator gap', () => {
    expect(() => assertCertificate(JSON.parse(JSON.stringify(base)))).not.toThrow();
    expect(failures(base)).toEqual([]);
    const alpha = rec(base).claim!.alphaLower;
    expect(base.constants.lsi.lower).toBe(alpha);
    expect(alpha).toBeGreaterThan(4 * flatAlpha);
    expect(alpha).toBeLessThan(spectralGap1d((x) => (x * x - 1) ** 2 / 0.1, 3, 20_001));
    const names = verifyCertificate(base).checks.filter((k) => k.ok).map((k) => k.name);
    expect(names).toContain('lsiDecomposition: alpha (LSI)');
    expect(names).toContain('lsiDecomposition: group 1: 1/a_g');
  });

  it('stores exactly recordedGroupedLsiValues (the numbers verify recomputes)', () => {
    if (!bound.ok) return;
    const want = recordedGroupedLsiValues(bound.value);
    expect(ev(base).masses).toEqual(want.masses);
    expect(ev(base).localInverse).toBe(want.localInverse);
    expect(ev(base).logInverseMass).toBe(want.logInverseMass);
    for (const [g, w] of want.groups.entries()) expect(group(base, g)).toMatchObject(w);
    expect(ev(base).partition.map((b) => b.group)).toEqual(wellGroupedBlocks.map((b) => b.group));
  });

  const cases: readonly [string, (c: Certificate) => void, RegExp][] = [
    ["a group's lambda2 raised by 10%", (c) => void (group(c, 0).lambda2 *= 1.1), /^lsiDecomposition: grouped-lsi: group 0: block gap: lambda_2 >= \S+ is not certified/m],
    ['a block moved to the wrong group', (c) => void (ev(c).partition[7]!.group = 1), /^lsiDecomposition: grouped-lsi: partition\[7\] is not inside the region of group 1$/m],
    ['a region shrunk so the groups leave a gap', (c) => void (group(c, 1).region[0]![0] = group(c, 1).region[0]![0]! + 0.01), /^lsiDecomposition: grouped-lsi: the group regions do not cover R\^d/m],
    ["a group's stored 1/a_g one ulp down", (c) => void (group(c, 0).inverseAlpha = nextDown(group(c, 0).inverseAlpha)), /^lsiDecomposition: group 0: 1\/a_g: /m],
    ["a group's stored C_P^g one ulp down", (c) => void (group(c, 1).poincareUpper = nextDown(group(c, 1).poincareUpper)), /^lsiDecomposition: group 1: Poincare constant: /m],
    ["a group's mass bracket narrowed by one ulp", (c) => void (group(c, 0).mass[1] = nextDown(group(c, 0).mass[1])), /^lsiDecomposition: group 0: mass: /m],
    ["a group's local constant one ulp down", (c) => void (group(c, 0).localInverse = nextDown(group(c, 0).localInverse)), /^lsiDecomposition: group 0: max local inverse constant: /m],
    ["a group's D_g one ulp down", (c) => void (group(c, 1).logInverseMass = nextDown(group(c, 1).logInverseMass)), /^lsiDecomposition: group 1: log\(P_g\/p_\*\): /m],
    ['D_top one ulp down', (c) => void (ev(c).logInverseMass = nextDown(ev(c).logInverseMass)), /^lsiDecomposition: log\(1\/p_\*\): /m],
    ['max_g 1/a_g one ulp down', (c) => void (ev(c).localInverse = nextDown(ev(c).localInverse)), /^lsiDecomposition: max local inverse constant: /m],
    ['a block mass narrowed by one ulp', (c) => void (ev(c).masses[3]![0] = nextUp(ev(c).masses[3]![0])), /^lsiDecomposition: masses: /m],
    ['alpha one ulp up in both places', (c) => void (rec(c).claim!.alphaLower = c.constants.lsi.lower = nextUp(rec(c).claim!.alphaLower)), /^lsiDecomposition: alpha \(LSI\): claimed \S+ is stronger than the kernel's/m],
    ['the ungrouped function named for grouped evidence', (c) => void (rec(c).function = LSI_DECOMPOSITION_FUNCTION), /^lsiDecomposition: function: /m],
    ['a group naming a set twice', (c) => void group(c, 0).sets.push(3), /^lsiDecomposition: grouped-lsi: group 0 names set 3 twice$/m],
    ["a group's region not a box", (c) => void ((group(c, 0) as unknown as { region: unknown }).region = [[0]]), /^lsiDecomposition: grouped-lsi: groups\[0\]\.region is not a list of \[lo, hi\] pairs$/m],
    ['groups present but a block without its group', (c) => void delete ev(c).partition[2]!.group, /^lsiDecomposition: grouped-lsi: partition\[2\] names group undefined, not one of the 2 groups$/m],
  ];
  for (const [name, tamper, expected] of cases) {
    it(`refuses ${name}`, () => {
      const c = clone();
      tamper(c);
      expect(failures(c).join('\n')).toMatch(expected);
    });
  }

  it('refuses a block naming a group when the evidence has no groups (the ungrouped record)', () => {
    const c: Certificate = JSON.parse(JSON.stringify(wellCert));
    ev(c).partition[0]!.group = 0;
    expect(failures(c).join('\n')).toMatch(/^lsiDecomposition: lsi-decomposition: partition\[0\] names a group, but the evidence has no groups$/m);
  });

  it('accepts alpha one ulp down in both places (weaker than the kernel\'s: still proved)', () => {
    const c = clone();
    const down = nextDown(rec(c).claim!.alphaLower);
    c.reason = c.reason.split(String(rec(c).claim!.alphaLower)).join(String(down));
    rec(c).claim!.alphaLower = c.constants.lsi.lower = down;
    expect(failures(c)).toEqual([]);
  });
});

describe('schema-valid tampering inside a grouped lsiDecomposition never makes verify throw', () => {
  it('replace, delete or shorten any field of the groups (property test; refused or still equal, never a throw)', () => {
    fc.assert(
      fc.property(tamperEdits(), (edits) => {
        const c = clone();
        applyTamperEdits(ev(c).groups, edits, TAMPER_VALUES);
        const doc = schemaValidCopy(c);
        if (doc === null) return;
        expect(() => verifyDecompositionRecords(doc, wellModel, new Checks())).not.toThrow();
      }),
      { numRuns: 30, seed: 20261206 },
    );
  }, 300_000);
});
