// A network certificate's smoothness evidence with a far field (cube boxes plus cones): it verifies,
// and every tampering of the cones is refused by verify, naming the smoothness check.
import { describe, expect, it } from 'vitest';
import { certifyEnergy } from '../../src/certify/certifyEnergy.js';
import { buildEnergy } from '../../src/certify/energyBuild.js';
import { hypothesis, type Certificate, type JsonBox } from '../../src/verify/certificate.js';
import { assertCertificate } from '../../src/verify/schema.js';
import { verifyCertificate } from '../../src/verify/verify.js';
import { tempDir, writeNetwork } from '../certify/fixtures.js';

interface StoredFarField { center: number[]; radius: number; patches: JsonBox[] }

const spec = writeNetwork(tempDir('emcert-farfield-'), 0.1);
const terms = [{ spec, weight: 1 }];
const cert = certifyEnergy({ energy: buildEnergy(terms), terms, maxBoxes: 400, timeBudgetMs: 20000 });
const clone = (): Certificate => JSON.parse(JSON.stringify(cert)) as Certificate;
const far = (c: Certificate): StoredFarField => hypothesis(c, 'smoothness')!.evidence.farField as StoredFarField;
const failures = (c: Certificate): string[] => verifyCertificate(c).checks.filter((x) => !x.ok).map((x) => `${x.name}: ${x.detail}`);

describe('far-field smoothness evidence in a certificate', () => {
  it('a network energy gets cones, the document matches the schema, and verify accepts it', () => {
    const f = far(cert);
    expect(f).toBeDefined();
    expect(f.patches.length).toBeGreaterThanOrEqual(4);
    expect(hypothesis(cert, 'smoothness')!.claim.upper).toBeLessThan(Infinity);
    assertCertificate(JSON.parse(JSON.stringify(cert)));
    expect(failures(clone())).toEqual([]);
  });

  const tampers: [string, (f: StoredFarField) => void, RegExp][] = [
    ['a patch removed', (f) => void f.patches.splice(f.patches.length - 1, 1), /patches leave a gap in the face/],
    ['a patch moved off its face', (f) => void (f.patches[0] = f.patches[0]!.map(([lo, hi]) => (lo === hi ? [lo! * 0.5, hi! * 0.5] : [lo, hi]))), /patches leave a gap in the face/],
    ['the cones start further out than the boxes reach', (f) => void (f.radius *= 2), /boxes leave a gap in the cube/],
    ['a negative radius', (f) => void (f.radius = -f.radius), /farField.radius/],
    ['a shifted centre', (f) => void (f.center = f.center.map((c) => c + 1)), /boxes leave a gap in the cube/],
    ['a patch outside the unit cube', (f) => void (f.patches[0] = f.patches[0]!.map(([lo, hi]) => (lo === hi ? [lo, hi] : [lo! - 1, hi]))), /not inside \[-1, 1\]/],
  ];
  it.each(tampers)('%s: refused', (_, tamper, expected) => {
    const c = clone();
    tamper(far(c));
    const bad = failures(c);
    expect(bad.length).toBeGreaterThan(0);
    expect(bad.join('\n')).toMatch(/^smoothness/);
    expect(bad.join('\n')).toMatch(expected);
  });

  it('a far field that is not an object, or patches that are not boxes: refused', () => {
    const c = clone();
    hypothesis(c, 'smoothness')!.evidence.farField = 'cones';
    expect(failures(c).join('\n')).toMatch(/farField/);
    const c2 = clone();
    (hypothesis(c2, 'smoothness')!.evidence.farField as { patches: unknown }).patches = [[1, 2]];
    expect(failures(c2).join('\n')).toMatch(/farField/);
  });

  it('dropping the far field leaves boxes that do not cover R^d: refused', () => {
    const c = clone();
    delete hypothesis(c, 'smoothness')!.evidence.farField;
    expect(failures(c).join('\n')).toMatch(/^smoothness: smoothness: cover: the boxes leave a gap/);
  });
});
