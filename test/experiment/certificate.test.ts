// The experiment's view of a certificate, including whether the short time cap of `experiment` and
// `demo` cut a search (their output says so; the constants then depend on machine load).
import { describe, expect, it } from 'vitest';
import { summarizeCertificate, timeCapText } from '../../src/experiment/certificate.js';

describe('summarizeCertificate: the search record', () => {
  it('carries the cap and its cuts, and says in one line whether the constants depend on load', () => {
    const cut = summarizeCertificate({ verdict: 'certified', constants: { lsi: { lower: 0.5 } }, search: { effort: 1, maxBoxes: 3000, timeCapSeconds: 15, timeCapCut: ['the LSI search'] } }, 'n');
    expect(cut.search).toEqual({ timeCapSeconds: 15, timeCapCut: ['the LSI search'] });
    expect(timeCapText(cut.search)).toBe('the 15 s time cap cut the LSI search: these constants depend on machine load');
    const clean = summarizeCertificate({ verdict: 'certified', search: { effort: 1, maxBoxes: 3000, timeCapSeconds: 15, timeCapCut: [] } }, 'n');
    expect(timeCapText(clean.search)).toBe('every search ended on its work limits (the 15 s time cap cut nothing)');
    const uncapped = summarizeCertificate({ verdict: 'certified', search: { effort: 1, maxBoxes: 3000, timeCapSeconds: null, timeCapCut: [] } }, 'n');
    expect(timeCapText(uncapped.search)).toBe('every search ended on its work limits (no time cap)');
  });

  it('certificates without a (well-formed) search record: no search field, and the text says so', () => {
    expect(summarizeCertificate({ verdict: 'certified' }, 'n').search).toBeUndefined();
    expect(summarizeCertificate({ verdict: 'certified', search: { timeCapCut: 'smoothness' } }, 'n').search).toBeUndefined();
    expect(timeCapText(undefined)).toBe('search limits not recorded');
  });
});
