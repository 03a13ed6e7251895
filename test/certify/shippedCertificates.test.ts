// Every certificate shipped in certificates/ re-checks with the kernel (what `emcert verify` runs),
// names its energy files by relative paths that exist in any clone, and claims what it proves.
import { readdirSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCertificate } from '../../src/certify/schema.js';
import { verifyCertificate } from '../../src/certify/verify.js';

const shipped = readdirSync('certificates').filter((f) => f.endsWith('.json'));

describe('shipped certificates', () => {
  it('there are some', () => {
    expect(shipped.length).toBeGreaterThanOrEqual(3);
  });

  it.each(shipped)('%s verifies with the kernel alone', (name) => {
    const path = join('certificates', name);
    const cert = readCertificate(path);
    for (const f of cert.energy.files) expect(isAbsolute(f.path), `${name}: ${f.path} is absolute`).toBe(false);
    const report = verifyCertificate(cert, { baseDir: 'certificates' });
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.verdict).toBe(cert.verdict);
    if (cert.verdict === 'certified') expect(cert.constants.lsi.lower).toBeGreaterThan(0);
  });
});
