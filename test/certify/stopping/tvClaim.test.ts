// The producer of the TV claim: which tail evidence it picks, and when the route does not apply.
import { describe, expect, it } from 'vitest';
import { buildEnergy } from '../../../src/certify/energyBuild.js';
import { proposeLsi } from '../../../src/certify/lsiProducer.js';
import { checkHalfWidths, findGridTail, gridTvRoute, localisationHalfWidths, tvRoute } from '../../../src/certify/stopping/tvClaim.js';
import { checkTailBound } from '../../../src/kernel/integration/tails.js';

const energy = (spec: string) => buildEnergy([{ spec, weight: 1 }]);
const input = (dim: number) => ({ dim, temperature: 1, epsilon: 0.1, init: { mean: 0, std: 1 }, alpha: 1, smoothness: Infinity, kl0: Infinity, tvEpsilon: 0.1 });

describe('findGridTail', () => {
  it('U = f when f is strongly convex on R^d as one box', () => {
    expect(findGridTail(energy('expr:0.5*x1^2 + 0.25*x1^4').model, 1, null)).toEqual({ boundedTerms: [], anchor: [0] });
  });

  it('the double well: refused as one box, accepted with the LSI bump and cover (Lemma 4\')', () => {
    const e = energy('expr:(x1^2-1)^2');
    expect(findGridTail(e.model, 1, null)).toBeNull();
    const lsi = proposeLsi(e, 1, { center: [0], radius: 4 }, { maxBoxes: 3000 })!;
    const tail = findGridTail(e.model, 1, { w: lsi.w, cover: lsi.boxes })!;
    expect(tail.decomposition?.bump).toBe(lsi.w.kind === 'expression' ? lsi.w.source : null);
    // Small enough for a TV target of 0.1 (the true mass outside [-4, 4] is int exp(-(x^2-1)^2) ~ 1e-98,
    // against Z ~ 1.97; the bound is loose, the Gaussian minorant of U, but far below 0.1 * Z).
    const r = checkTailBound(e.model, 1, { inner: [{ lo: -4, hi: 4 }], ...tail }, 0);
    expect(r.ok).toBe(true);
    expect(r.ok && r.value.upper).toBeLessThan(1e-3);
  });
});

describe('tvRoute', () => {
  it('d > 2: the grid route does not apply, the localisation route does (3-d quadratic from N(0, I))', () => {
    const e = energy('expr:x1^2 + x2^2 + x3^2');
    expect(gridTvRoute({ ...input(3), model: e.model }, null).reason).toMatch(/d <= 2, not d = 3/);
    const r = tvRoute({ ...input(3), model: e.model }, null);
    expect(r).toMatchObject({ applies: true, route: 'localisation', metric: 'TV' });
    expect(r.tvBound).toBeLessThanOrEqual(0.1);
    expect(r.localisation!.localised.cutoff.map((c) => [c.lo, c.hi])).toEqual([[-6, 6], [-6, 6], [-6, 6]]);
  });

  it('neither route: one reason naming both (a TV target below pi~(K^c))', () => {
    const e = energy('expr:x1^2 + x2^2 + x3^2');
    const r = tvRoute({ ...input(3), model: e.model, tvEpsilon: 1e-12 }, null);
    expect(r).toMatchObject({ applies: false, route: 'localisation' });
    expect(r.reason).toMatch(/^grid-propagation: .*d <= 2, not d = 3; localisation: R = 6\.5: /);
  });

  it('K holds the start to 4 standard deviations, at least [-6, 6]; effort 2 adds a wider K', () => {
    expect(localisationHalfWidths(input(3), 1)).toEqual([6, 6.5]);
    expect(localisationHalfWidths({ ...input(3), init: { mean: 2, std: 1.1 } }, 1)).toEqual([6.5, 7]);
    expect(localisationHalfWidths(input(3), 2)).toEqual([6, 6.5, 7]);
  });

  it('the box covers the start to 4 standard deviations', () => {
    expect(checkHalfWidths({ ...input(2), init: { mean: -1, std: 2 } })).toEqual([9, 9]);
    expect(checkHalfWidths(input(1))).toEqual([4]);
  });
});
