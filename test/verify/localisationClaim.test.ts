// The localisation TV claim (stopping.tv with route 'localisation') on a real certificate written by
// certifyEnergy (the library behind `emcert check --tv-epsilon`) for the 3-d energy x1^2 + x2^2 + x3^2
// from N(0, I), where the grid route does not apply (d = 3): the untampered certificate verifies, and
// each tampering with the bound, the drift evidence, the Lyapunov function or the evidence itself is
// refused by verify's replay through the kernel's checkStoppingRoute.
import { beforeAll, describe, expect, it } from 'vitest';
import { buildEnergy } from '../../src/certify/energyBuild.js';
import { certifyEnergy } from '../../src/certify/certifyEnergy.js';
import type { Certificate } from '../../src/verify/certificate.js';
import { verifyCertificate } from '../../src/verify/verify.js';
import { assertCertificate } from '../../src/verify/schema.js';

const terms = [{ spec: 'expr:x1^2 + x2^2 + x3^2', weight: 1 }];
let written: Certificate;
const clone = (): Certificate => JSON.parse(JSON.stringify(written));
const failures = (c: Certificate): string[] => verifyCertificate(c).checks.filter((k) => !k.ok).map((k) => `${k.name}: ${k.detail}`);
const tv = (c: Certificate) => c.stopping!.tv!;
const loc = (c: Certificate) => tv(c).localisation!;

/** The largest double below x > 0 (one ulp down). */
function nextDown(x: number): number {
  const v = new DataView(new ArrayBuffer(8));
  v.setFloat64(0, x);
  v.setBigUint64(0, v.getBigUint64(0) - 1n);
  return v.getFloat64(0);
}

/**
 * TV(N(0, v I_3), N(0, I_3 / 2)) in closed form: the densities cross on the sphere |x|^2 = r^2, so TV is
 * the difference of the two chi-square(3) CDFs there, F(x) = erf(sqrt(x/2)) - sqrt(2x/pi) e^{-x/2}.
 */
function gaussianScaleTv(v: number): number {
  const w = 0.5;
  if (v === w) return 0;
  const r2 = (3 * Math.log(v / w)) / (1 / w - 1 / v);
  const chi3 = (x: number) => erf(Math.sqrt(x / 2)) - Math.sqrt((2 * x) / Math.PI) * Math.exp(-x / 2);
  return Math.abs(chi3(r2 / v) - chi3(r2 / w));
}

/** erf by its Taylor series (|x| small here; terms alternate, 60 terms far past float precision). */
function erf(x: number): number {
  let sum = 0, term = x;
  for (let n = 0; n < 60; n++) {
    sum += term / (2 * n + 1);
    term *= (-x * x) / (n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

beforeAll(() => {
  written = certifyEnergy({ energy: buildEnergy(terms), terms, tvEpsilon: 0.1 });
}, 60_000);

describe('verify: the localisation TV claim (stopping.tv)', () => {
  it('is written for d = 3 with its evidence, verifies, and bounds the exact TV of the Gaussian ULA law', () => {
    const t = tv(written);
    expect(t).toMatchObject({ route: 'localisation', metric: 'TV', applies: true, theorem: 'proofs/stopping-localisation.md' });
    expect(t.tvBound).toBeLessThanOrEqual(0.1);
    expect(loc(written).drift.boxes.length).toBeGreaterThan(0);
    const r = verifyCertificate(written);
    expect(r.checks.filter((k) => !k.ok)).toEqual([]);
    expect(r.checks.find((k) => k.name === 'stopping.tv')!.detail).toMatch(/route localisation: TV <= .* re-derived \(tvEpsilon = 0\.1\)/);
    // Independent reference: per axis ULA on x^2 is x' = (1 - 2h) x + sqrt(2h) xi, so the law after N
    // steps from N(0, 1) is N(0, v_N I) with v_{k+1} = (1 - 2h)^2 v_k + 2h; pi = N(0, I / 2).
    let v = 1;
    for (let k = 0; k < t.steps!; k++) v = (1 - 2 * t.h!) ** 2 * v + 2 * t.h!;
    expect(t.tvBound).toBeGreaterThanOrEqual(gaussianScaleTv(v));
    expect(gaussianScaleTv(1)).toBeGreaterThan(0.1); // the start itself is not within tvEpsilon
  });

  it('matches the strict schema, which refuses an unknown field in the evidence', () => {
    expect(() => assertCertificate(JSON.parse(JSON.stringify(written)))).not.toThrow();
    const c = clone();
    (loc(c).drift as unknown as Record<string, unknown>).extra = 1;
    // (stopping is null-or-object, so ajv names stopping itself; the untampered one above passes)
    expect(() => assertCertificate(c)).toThrow(/certificate\.stopping: /);
    const d = clone();
    delete (loc(d).mass as unknown as Record<string, unknown>).shift;
    expect(() => assertCertificate(d)).toThrow(/certificate\.stopping: /);
  });

  const cases: readonly [string, (c: Certificate) => void, RegExp][] = [
    ['tvBound one ulp below the re-derived bound', (c) => void (tv(c).tvBound = nextDown(tv(c).tvBound!)), /^stopping\.tv: .*stored tvBound .* is below the re-derived bound/],
    ['a drift box dropped', (c) => void loc(c).drift.boxes.splice(1, 1), /^stopping\.tv: .*localisation: .*drift/],
    ['the drift b one ulp lower', (c) => void (loc(c).drift.b = nextDown(loc(c).drift.b)), /^stopping\.tv: .*localisation: .*drift/],
    ['a changed Lyapunov exponent s', (c) => void (loc(c).drift.lyapunov.s[0] = loc(c).drift.lyapunov.s[0]! * 1.1), /^stopping\.tv: .*localisation/],
    ['a mass box dropped', (c) => void loc(c).mass.boxes.splice(0, 1), /^stopping\.tv: .*mass of K/],
    ['a box of K\' dropped', (c) => void loc(c).localised.boxes.splice(0, 1), /^stopping\.tv: .*localisation/],
    ['the evidence removed', (c) => void delete tv(c).localisation, /^stopping\.tv: .*localisation needs its evidence/],
    ['a drift box that is not [lo, hi] pairs', (c) => void ((loc(c).drift.boxes as unknown[])[0] = 'K'), /^stopping\.tv: localisation\.drift\.boxes: not a list of boxes/],
  ];
  for (const [name, tamper, expected] of cases) {
    it(`refuses ${name}`, () => {
      const c = clone();
      tamper(c);
      const f = failures(c);
      expect(f.length, 'tampering went unnoticed').toBeGreaterThan(0);
      expect(f.some((x) => expected.test(x)), f.join('\n')).toBe(true);
    });
  }
});
