// Replay of barrier certificates: a produced certificate verifies, and every tampering with a claim
// or its evidence is refused (one check each), including a claim one ulp stronger than recomputed.
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadEnergy } from '../../src/energy/spec.js';
import { certifyBarrier } from '../../src/barrier/certify.js';
import { verifyBarrierCertificate } from '../../src/verify/barrier.js';
import { assertBarrierCertificate, type BarrierCertificate } from '../../src/verify/barrierCertificate.js';
import { nextDown } from '../../src/kernel/rounding.js';

let cert: BarrierCertificate;

beforeAll(() => {
  const energy = loadEnergy('expr:0.5*x1^2');
  cert = certifyBarrier({
    energy, terms: [{ spec: 'expr:0.5*x1^2', weight: 1 }], spec: 'expr:0.5*x1^2', files: [],
    temperature: 1, stepSize: 0.1, steps: 50, unsafe: [[{ lo: 4, hi: 6 }]], initMean: [0], initStd: 1, gibbs: true,
  });
}, 300_000);

const clone = (): BarrierCertificate => JSON.parse(JSON.stringify(cert));
const failed = (c: BarrierCertificate): string[] => verifyBarrierCertificate(c).checks.filter((k) => !k.ok).map((k) => k.name);

describe('barrier certificate replay', () => {
  it('the produced certificate is certified, matches the schema and verifies', () => {
    expect(cert.verdict, cert.reason).toBe('certified');
    assertBarrierCertificate(JSON.parse(JSON.stringify(cert)));
    const r = verifyBarrierCertificate(cert);
    expect(r.ok).toBe(true);
    expect(r.verdict).toBe('certified');
    expect(cert.gibbs.unsafeMass).not.toBeNull();
  });

  it('refuses an entry probability one ulp below the recomputed bound', () => {
    const c = clone() as { entryProbability: number; reason: string };
    c.entryProbability = nextDown(c.entryProbability);
    c.reason = c.reason.replace(String(cert.entryProbability), String(c.entryProbability));
    expect(failed(c as never)).toContain('entryProbability');
  });

  it('refuses initUpper one ulp below the enclosure of E B(x0)', () => {
    const c = clone() as never as { barrier: { initUpper: number } };
    c.barrier.initUpper = nextDown(c.barrier.initUpper);
    expect(failed(c as never)).toContain('barrier: initUpper');
  });

  it('refuses a smaller c, a removed drift leaf, a removed unsafe leaf, another energy, more steps', () => {
    const c1 = clone() as never as { barrier: { c: number } };
    c1.barrier.c = nextDown(c1.barrier.c);
    expect(failed(c1 as never).some((n) => n.includes('checkBarrierDrift'))).toBe(true);
    const c2 = clone() as never as { barrier: { evidence: { drift: unknown[] } } };
    c2.barrier.evidence.drift.splice(3, 1);
    expect(failed(c2 as never).some((n) => n.includes('checkBarrierDrift'))).toBe(true);
    const c3 = clone() as never as { barrier: { evidence: { unsafeLeaves: unknown[][] } } };
    c3.barrier.evidence.unsafeLeaves[0]!.splice(0, 1);
    expect(failed(c3 as never).some((n) => n.includes('checkBarrierUnsafe'))).toBe(true);
    const c4 = clone() as never as { energy: { spec: string; terms: { spec: string }[] } };
    c4.energy.spec = 'expr:0.25*x1^2';
    c4.energy.terms[0]!.spec = 'expr:0.25*x1^2';
    expect(failed(c4 as never).length).toBeGreaterThan(0);
    const c5 = clone() as never as { chain: { steps: number } };
    c5.chain.steps = cert.chain.steps * 4;
    expect(failed(c5 as never).length).toBeGreaterThan(0);
  });

  it('refuses a narrower pi(U) bracket, and an inconclusive certificate that still claims a bound', () => {
    const c = clone() as never as { gibbs: { unsafeMass: [number, number] } };
    c.gibbs.unsafeMass[1] = nextDown(c.gibbs.unsafeMass[1]);
    expect(failed(c as never)).toContain('gibbs: pi(U) upper end');
    const i = clone() as never as { verdict: string };
    i.verdict = 'inconclusive';
    expect(failed(i as never)).toContain('claims');
  });

  it('never throws on schema-valid tampering (property test: replace, delete or shorten any field)', () => {
    const VALUES: unknown[] = [null, 0, -1, 1e308, -1e308, 5e-324, 0.5, 3, 1e-9, 'x', [], {}, [[0, 1]], [null]];
    const paths = (o: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] => {
      if (o !== null && typeof o === 'object')
        for (const k of Object.keys(o)) {
          const key = Array.isArray(o) ? Number(k) : k;
          out.push([...at, key]);
          // Long leaf lists: enough to tamper with their first entries.
          if (!(Array.isArray(o) && Number(k) > 3)) paths((o as Record<string, unknown>)[k], [...at, key], out);
        }
      return out;
    };
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.nat(2), fc.nat(VALUES.length - 1)), { minLength: 1, maxLength: 3 }), (edits) => {
        const c = clone() as never as Record<string, unknown>;
        for (const [where, action, value] of edits) {
          const ps = paths(c);
          const p = ps[Math.floor(where * ps.length)]!;
          let o = c as never as Record<string | number, unknown>;
          for (const k of p.slice(0, -1)) o = o[k] as never;
          const k = p[p.length - 1]!;
          if (action === 0) delete o[k];
          else if (action === 1) o[k] = VALUES[value];
          else if (Array.isArray(o[k])) o[k] = (o[k] as unknown[]).slice(1);
        }
        const doc = JSON.parse(JSON.stringify(c));
        try {
          assertBarrierCertificate(doc);
        } catch {
          return;
        }
        expect(() => verifyBarrierCertificate(doc)).not.toThrow();
      }),
      { numRuns: 600, seed: 20261206 },
    );
  }, 600_000);
});
