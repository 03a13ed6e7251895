import { describe, expect, it } from 'vitest';
import { certifyEnergy } from '../../src/certify/certifyEnergy.js';
import { buildEnergy } from '../../src/certify/energyBuild.js';
import type { Certificate } from '../../src/verify/certificate.js';
import { formatSummary, LATEX_COLUMN_COUNT, LATEX_COLUMNS, latexRow, vacuityNotes } from '../../src/certify/summary.js';

function certify(spec: string, extra: Partial<Parameters<typeof certifyEnergy>[0]> = {}): Certificate {
  const terms = [{ spec, weight: 1 }];
  return certifyEnergy({ energy: buildEnergy(terms), terms, timeBudgetMs: 4000, init: { mean: 2, std: 1 }, epsilon: 0.01, ...extra });
}

const cells = (row: string): string[] => row.replace(/ \\\\$/, '').replace(/\\&/g, '').split(' & ');

describe('summary and LaTeX row', () => {
  const gauss = certify('expr:0.5*x1^2 + x2^2');

  it('a row has the header\'s columns, with eps and the initial law, numbers in one format', () => {
    expect(LATEX_COLUMNS.split(' & ')).toHaveLength(LATEX_COLUMN_COUNT);
    const row = latexRow(gauss);
    expect(cells(row)).toHaveLength(LATEX_COLUMN_COUNT);
    expect(cells(row).slice(0, 4)).toEqual(['\\texttt{0.5*x1\\textasciicircum{}2 + x2\\textasciicircum{}2}', '$1$', '$0.01$', '$\\mathcal{N}(2, 1^2 I)$']);
    expect(row).not.toMatch(/\d\.?\d*e-?\d/);
    expect(row).toMatch(/ & certified \\\\$/);
  });

  it('model names, not paths; sums with their weights', () => {
    const named = { ...gauss, energy: { ...gauss.energy, terms: [{ spec: '/home/x/models/8gaussians/model.json', weight: 0.5 }, { spec: '/home/x/models/moons/model.json', weight: 0.5 }] } };
    const cell = cells(latexRow(named))[0]!;
    expect(cell).toBe('$0.5 \\cdot$ 8gaussians $+$ $0.5 \\cdot$ moons');
    expect(cell).not.toContain('/');
  });

  it('a refuted row shows no alpha or stopping rule', () => {
    const flow = certify('expr:0.5*x1^2 + x2^2', { sampler: 'flow' });
    expect(flow.verdict).toBe('refuted');
    expect(flow.constants.lsi.lower).not.toBeNull();
    expect(cells(latexRow(flow)).slice(4)).toEqual(['--', '--', '--', '--', '--', 'refuted']);
  });

  it('the verdict line names the TV claim as separate from the verdict (or that there is none)', () => {
    const tv = { route: 'grid-propagation' as const, theorem: 'proofs/stopping-grid-propagation.md', applies: true, metric: 'TV' as const, stepSize: 0.03, h: 0.03, steps: 5, tvBound: 0.0971234 };
    const withTv: Certificate = { ...gauss, stopping: { ...gauss.stopping!, tvEpsilon: 0.1, tv } as Certificate['stopping'] };
    const first = formatSummary(withTv).split('\n')[0]!;
    expect(first).toMatch(/^emcert CERTIFIED: .*; TV claim \(separate from the verdict\): TV\(rho_5, pi\) <= 0\.09713 <= tvEpsilon = 0\.1$/);
    const none: Certificate = { ...gauss, stopping: { ...gauss.stopping!, tvEpsilon: 0.1, tv: { route: 'grid-propagation', theorem: 'x', applies: false, reason: 'r' } } as Certificate['stopping'] };
    expect(formatSummary(none).split('\n')[0]).toMatch(/; no TV claim for tvEpsilon = 0\.1$/);
    expect(formatSummary(gauss).split('\n')[0]).not.toMatch(/TV/);
  });

  it('says plainly when a certified guarantee is vacuous', () => {
    expect(vacuityNotes(gauss)).toEqual([]);
    const tiny: Certificate = {
      ...gauss,
      constants: { ...gauss.constants, lsi: { lower: 4.7e-173 } },
      stopping: {
        ...gauss.stopping!, steps: null, stepSize: null, h: null, route: null, theorem: null, reason: 'no stopping route applies',
        routes: [{ route: 'vempala-wibisono-seed', theorem: 'x', applies: false, reason: 'would need more than 1.8e+308 steps (beyond 2^53): no usable stopping rule' }],
      },
    };
    const notes = vacuityNotes(tiny);
    expect(notes[0]).toMatch(/^alpha = 4\.700e-173: the certified bound halves KL only every 7\.4e\+171 time units/);
    expect(notes[1]).toBe('no stopping rule within 10^9 steps (vempala-wibisono-seed would need more than 1.8e+308 steps (beyond 2^53): no usable stopping rule)');
    // No finite L (the double well): no stopping rule, but the LSI rate is not vacuous.
    const noL: Certificate = { ...tiny, constants: gauss.constants, stopping: { ...tiny.stopping!, routes: [] } };
    expect(vacuityNotes(noL)).toEqual([]);
    expect(formatSummary(tiny)).toMatch(/^emcert CERTIFIED \(VACUOUS in practice\)/);
    expect(cells(latexRow(tiny)).at(-1)).toBe('certified (vacuous)');
    const long: Certificate = { ...gauss, stopping: { ...gauss.stopping!, steps: 3e12 } };
    expect(vacuityNotes(long)).toEqual(['no stopping rule within 10^9 steps (the best route needs 3.000e+12)']);
  });
});
