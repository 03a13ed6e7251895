// verify on tampered certificates that still pass the schema (the evidence inside is free-form):
// it must answer valid or invalid, never throw (a throw is a stack trace and exit 70 at the CLI).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { certifyEnergy } from '../../src/certify/certifyEnergy.js';
import { composeCertificates } from '../../src/certify/compose.js';
import { buildEnergy } from '../../src/certify/energyBuild.js';
import type { Certificate } from '../../src/verify/certificate.js';
import { assertCertificate } from '../../src/verify/schema.js';
import { verifyCertificate } from '../../src/verify/verify.js';

function certify(spec: string, opts: Partial<Parameters<typeof certifyEnergy>[0]> = {}): Certificate {
  const terms = [{ spec, weight: 1 }];
  return JSON.parse(JSON.stringify(certifyEnergy({ energy: buildEnergy(terms), terms, timeBudgetMs: 8000, ...opts })));
}

const round = certify('expr:x1^2 + x2^2');
const bases: Certificate[] = [
  certify('expr:0.5*x1^2 + 0.5*x2^2', { epsilon: 0.01 }),
  certify('expr:x1^2 + x2^2 + 0.25*tanh(x1)', { epsilon: 0.01 }),
  // The double well's refuted-flow certificate as stored (scripts/verify-fixtures.ts): certified afresh,
  // its LSI cover has thousands of boxes (the LP-fitted bump), and 1500 replays of it took minutes.
  JSON.parse(readFileSync(new URL('fixtures/flow.json', import.meta.url), 'utf8')) as Certificate,
  certify('expr:x2^2 - x1^2'),
  JSON.parse(JSON.stringify(composeCertificates([round, round], [1, 2]))),
  JSON.parse(JSON.stringify(composeCertificates([round, round], [1, -3]))),
];
const VALUES: unknown[] = [null, 0, -1, 1e308, -1e308, 5e-324, 0.5, 3, 1e-9, 'x', [], {}, [[0, 1]], [null]];

/** Every path into the document, except file records (a changed file is another test's subject). */
function paths(o: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (o !== null && typeof o === 'object')
    for (const k of Object.keys(o)) {
      if (k === 'files') continue;
      const key = Array.isArray(o) ? Number(k) : k;
      out.push([...at, key]);
      paths((o as Record<string, unknown>)[k], [...at, key], out);
    }
  return out;
}

describe('verify never throws on schema-valid tampering', () => {
  it('replace, delete or shorten any field (property test)', () => {
    fc.assert(
      fc.property(
        fc.nat(bases.length - 1),
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.nat(2), fc.nat(VALUES.length - 1)), { minLength: 1, maxLength: 3 }),
        (b, edits) => {
          const c = JSON.parse(JSON.stringify(bases[b]!));
          for (const [where, action, value] of edits) {
            const ps = paths(c);
            const p = ps[Math.floor(where * ps.length)]!;
            let o = c;
            for (const k of p.slice(0, -1)) o = o[k];
            const k = p[p.length - 1]!;
            if (action === 0) delete o[k];
            else if (action === 1) o[k] = VALUES[value];
            else if (Array.isArray(o[k])) o[k] = o[k].slice(1);
          }
          const doc = JSON.parse(JSON.stringify(c)); // as read from a file: holes become null
          try {
            assertCertificate(doc);
          } catch {
            return; // the schema refuses it: exit 3 at the CLI
          }
          expect(() => verifyCertificate(doc)).not.toThrow();
        },
      ),
      { numRuns: 1500, seed: 20261206 },
    );
  }, 300_000);
});
