// Replay of preconditioned stopping certificates: an honest one verifies; every tampering of the
// preconditioner record (factor, claims, names, boxes) or of the claim it supports is refused, with a
// bound one ulp past the kernel's included (a threshold strictly inside the enclosure).
import { describe, expect, it } from 'vitest';
import { certifyEnergy } from '../../src/certify/certifyEnergy.js';
import { buildEnergy } from '../../src/certify/energyBuild.js';
import { nextDown, nextUp } from '../../src/kernel/interval.js';
import { hypothesis, type Certificate, type HypothesisRecord, type JsonBox } from '../../src/verify/certificate.js';
const hyp = (c: Certificate, id: HypothesisRecord['id']): HypothesisRecord => hypothesis(c, id)!;
import { verifyCertificate } from '../../src/verify/verify.js';
import { assertCertificate } from '../../src/verify/schema.js';

function certify(spec: string, factor: number[][], opts: Partial<Parameters<typeof certifyEnergy>[0]> = {}): Certificate {
  const terms = [{ spec, weight: 1 }];
  return JSON.parse(JSON.stringify(certifyEnergy({ energy: buildEnergy(terms), terms, timeBudgetMs: 8000, preconditioner: factor, ...opts })));
}
const clone = (c: Certificate): Certificate => JSON.parse(JSON.stringify(c));
const firstFailure = (c: Certificate): string => {
  const r = verifyCertificate(c);
  const f = r.checks.find((k) => !k.ok);
  return f ? `${f.name}: ${f.detail}` : '';
};

const gauss = certify('expr:0.5*x1^2 + 50*x2^2', [[1, 0], [0, 0.1]], { init: { mean: 3, std: 1 }, epsilon: 0.01 });
const plainGauss = certify('expr:0.5*x1^2 + 50*x2^2', [[1, 0], [0, 1]], { init: { mean: 3, std: 1 }, epsilon: 0.01 });
const unpreconditioned = (() => {
  const terms = [{ spec: 'expr:0.5*x1^2 + 50*x2^2', weight: 1 }];
  return JSON.parse(JSON.stringify(certifyEnergy({ energy: buildEnergy(terms), terms, timeBudgetMs: 8000, init: { mean: 3, std: 1 }, epsilon: 0.01 }))) as Certificate;
})();
// m_g < 0 (0.3 sin(2 x1) bends x1 by up to -1.2): only Holley-Stroock on g gives an LSI constant of g.
const wavy = certify('expr:0.5*x1^2 + 50*x2^2 + 0.3*sin(2*x1)', [[0.75, 0], [0, 0.1]], { init: { mean: 3, std: 1 }, epsilon: 0.01 });
const logEnergy = certify('expr:0.5*x1^2 + 50*x2^2 + 0.5*log(1+x1^2)', [[Math.SQRT1_2, 0], [0, 0.1]], { init: { mean: 3, std: 1 }, epsilon: 0.01 });

describe('preconditioned certificates', () => {
  it('verify accepts the honest certificates; the stopping claim is about preconditioned ULA', () => {
    for (const c of [gauss, logEnergy, plainGauss]) {
      expect(firstFailure(c)).toBe('');
      expect(c.verdict).toBe('certified');
      expect(c.stopping?.steps).not.toBeNull();
      expect(c.reason).toMatch(/preconditioned ULA/);
      expect(c.preconditioner?.proof).toBe('proofs/stopping-preconditioned.md');
      expect(c.preconditioner!.claim.contraction).toBeLessThan(1);
    }
    expect(gauss.stopping!.route).toBe('exact-gaussian');
    expect(logEnergy.stopping!.route).toMatch(/vempala-wibisono/);
  });

  it('Holley-Stroock on g: certified with m_g unknown, from C^T hess U C and osc W', () => {
    expect(firstFailure(wavy)).toBe('');
    expect(wavy.preconditioner!.claim.m).toBeNull();
    expect(wavy.preconditioner!.claim.mConvex).toBeGreaterThan(0.5);
    expect(wavy.stopping!.steps).not.toBeNull();
  });

  it('the schema accepts a certificate with and without the field', () => {
    expect(() => assertCertificate(gauss)).not.toThrow();
    const old = clone(gauss);
    delete old.preconditioner;
    expect(() => assertCertificate(old)).not.toThrow();
  });

  type Case = readonly [string, Certificate, (c: Certificate) => void, RegExp];
  const cases: readonly Case[] = [
    ['a changed factor entry', gauss, (c) => void (c.preconditioner!.factor[1]![1] = 0.11), /stopping|preconditioner/],
    ['a factor one ulp away', gauss, (c) => void (c.preconditioner!.factor[1]![1] = nextUp(0.1)), /stopping|preconditioner/],
    ['a factor that is not lower-triangular', gauss, (c) => void (c.preconditioner!.factor[0]![1] = 0.01), /above the diagonal/],
    ['a removed preconditioner (the claim would be about plain ULA)', gauss, (c) => void delete c.preconditioner, /stopping/],
    ['the identity factor with the claims of another', gauss, (c) => void (c.preconditioner!.factor = [[1, 0], [0, 1]]), /^preconditioner: L_g/],
    ['a preconditioner added to a plain certificate', unpreconditioned, (c) => void ((c.preconditioner = clone(gauss).preconditioner), delete c.preconditioner!.claim.contraction), /^stopping/],
    ['m_g one ulp above the kernel', logEnergy, (c) => void (c.preconditioner!.claim.m = nextUp(c.preconditioner!.claim.m!)), /^preconditioner: m_g .* exceeds the recomputed/],
    ['L_g one ulp below the kernel', logEnergy, (c) => void (c.preconditioner!.claim.upper = nextDown(c.preconditioner!.claim.upper!)), /^preconditioner: L_g .* is below the recomputed/],
    ['boxes that do not cover R^d', logEnergy, (c) => void (c.preconditioner!.evidence.boxes = [[[0, 1], [0, 1]]]), /^preconditioner: .*cover/],
    ['a malformed box', logEnergy, (c) => void (c.preconditioner!.evidence.boxes = [[[0] as unknown as [number, number]]]), /^preconditioner: boxes/],
    ['another function named', gauss, (c) => void (c.preconditioner!.function = 'kernel/checks/smoothness.checkSmoothness'), /^preconditioner: function/],
    ['another proof named', gauss, (c) => void (c.preconditioner!.proof = 'proofs/lyapunov.md'), /^preconditioner: proof/],
    ['a non-positive m_g', logEnergy, (c) => void (c.preconditioner!.claim.m = -1), /m_g/],
    ['the reason without the word preconditioned', gauss, (c) => void (c.reason = c.reason.replace(/preconditioned ULA \([^)]*\)/, 'ULA')), /^reason/],
    ['m_U,g one ulp above the kernel', wavy, (c) => void (c.preconditioner!.claim.mConvex = nextUp(c.preconditioner!.claim.mConvex!)), /^preconditioner: m_U,g .* exceeds the recomputed/],
    ['m_U,g withdrawn (no LSI constant of g is left)', wavy, (c) => void (c.preconditioner!.claim.mConvex = null), /^stopping.*LSI constant of g/],
    ['m_U,g without a holding lsi hypothesis', wavy, (c) => void (hyp(c, 'lsi').status = 'unknown'), /preconditioner: m_U,g|lsi/],
    ['m_U,g with another W', wavy, (c) => void (hyp(c, 'lsi').evidence.w = { kind: 'none' }), /preconditioner: m_U,g|lsi/],
    ['a contraction factor one ulp below the kernel', logEnergy, (c) => void (c.preconditioner!.claim.contraction = nextDown(c.preconditioner!.claim.contraction!)), /^preconditioner: contraction factor .* is below the recomputed/],
    ['a contraction factor without m_g', wavy, (c) => void (c.preconditioner!.claim.contraction = 0.5), /^preconditioner: contraction: claims a contraction factor without/],
    ['a MALA certificate with a preconditioner', gauss, (c) => void (c.dynamics.sampler = 'mala'), /preconditioner|stopping|verdict/],
  ];
  for (const [name, base, tamper, expected] of cases) {
    it(`refuses ${name}`, () => {
      const c = clone(base);
      tamper(c);
      expect(firstFailure(c)).toMatch(expected);
    });
  }

  it('never throws on schema-valid but odd records (shapes, magnitudes, empty covers)', () => {
    const factors: number[][][] = [[[1]], [[1, 0], [0]], [[]], [[1e308, 0], [1e308, 1e308]], [[5e-324, 0], [0, 5e-324]], [[1, 0], [0, 1], [0, 0]]];
    const claims = [{ m: 1e308, upper: 0 }, { m: -1e308, upper: 1e308 }, { m: 0, upper: null }, { m: null, upper: null, mConvex: 1 }];
    const boxes = [[], [[[null, null], [null, null]]], [[[null, null]]], [[[1, 0], [null, null]]]] as JsonBox[][];
    for (const base of [gauss, wavy]) {
      for (const factor of factors) {
        const c = clone(base);
        c.preconditioner!.factor = factor;
        expect(() => verifyCertificate(c)).not.toThrow();
        expect(verifyCertificate(c).ok).toBe(false);
      }
      for (const claim of claims) {
        const c = clone(base);
        c.preconditioner!.claim = claim;
        expect(() => verifyCertificate(c)).not.toThrow();
      }
      for (const b of boxes) {
        const c = clone(base);
        c.preconditioner!.evidence.boxes = b;
        expect(() => verifyCertificate(c)).not.toThrow();
      }
    }
  });
});
