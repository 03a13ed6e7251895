// Decimals typed on the command line that reach a claim: eps is rounded down (KL <= eps never weaker
// than asked), and the certificate states the exact doubles it is about.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './helpers.js';
import { runInProcess } from './inProcess.js';

describe('decimals from the command line', () => {
  it('check --epsilon 0.1 certifies KL <= the largest double below 1/10, and --temperature 0.3 is stated exactly', async () => {
    const out = join(tempDir('emcert-decimals-'), 'c.json');
    const r = await runInProcess(['check', '--energy', 'expr:x1^2 + x2^2', '--epsilon', '0.1', '--temperature', '0.3', '--out', out, '--quiet']);
    expect(r.code).toBe(0);
    const cert = JSON.parse(readFileSync(out, 'utf8'));
    expect(cert.stopping.epsilon).toBe(0.09999999999999999); // 0.09999999999999999167... < 1/10 < double(0.1)
    expect(cert.stopping.epsilon).toBeLessThan(0.1);
    expect(cert.exact.epsilon).toBe('0.09999999999999999167332731531132594682276248931884765625');
    expect(cert.exact.temperature).toBe('0.299999999999999988897769753748434595763683319091796875');
    expect((await runInProcess(['verify', out])).code).toBe(0);
  });

  it('an eps that is exactly a double is kept', async () => {
    const out = join(tempDir('emcert-decimals-'), 'c.json');
    const r = await runInProcess(['check', '--energy', 'expr:x1^2 + x2^2', '--epsilon', '0.125', '--out', out, '--quiet']);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).stopping.epsilon).toBe(0.125);
  });
});
