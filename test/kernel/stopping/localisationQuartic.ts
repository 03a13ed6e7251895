// The 1-d quartic-tail energy 0.01 x^4 + 0.5 x^2 (no global L) and the producer search settings that
// the localisation route's tests share.
import type { LocalisationSearch } from '../../../src/certify/stopping/localisation.js';
import type { EnergyModel } from '../../../src/kernel/model.js';

export const quarticModel: EnergyModel = {
  kind: 'sum',
  dim: 1,
  terms: [
    { weight: 1, model: { kind: 'expression', dim: 1, source: '0.01*x1^4' } },
    { weight: 1, model: { kind: 'expression', dim: 1, source: '0.5*x1^2' } },
  ],
};

export const QUARTIC_SEARCH: LocalisationSearch = {
  halfWidths: [4, 5, 6], widthShare: 0.2, sShares: [0.4, 0.5, 0.6], exitShare: 0.5, depth: 6,
  curvatureScales: [1, 1.5, 2], maxDriftBoxes: 2000, tail: { boundedTerms: [0], anchor: [0] },
};
