// The localisation evidence to JSON and back: boxes as [lo, hi] pairs (null for an infinite end of the
// tail cover), every other field as the kernel reads it; a list that is not boxes is named.
import { describe, expect, it } from 'vitest';
import type { LocalisationEvidence } from '../../src/kernel/stopping/localisation.js';
import { localisationFromJson, localisationToJson } from '../../src/verify/localisationJson.js';
import { tvRouteFromJson, tvRouteToJson } from '../../src/verify/gridJson.js';
import { ROUTE_THEOREMS } from '../../src/kernel/stopping/types.js';

const evidence: LocalisationEvidence = {
  localised: { cutoff: [{ lo: -2, hi: 2, width: 0.3 }], quadratic: { curvature: [1.5], center: [0.25] }, boxes: [[{ lo: -2.3, hi: 0 }], [{ lo: 0, hi: 2.3 }]] },
  drift: { boxes: [[{ lo: -2, hi: 2 }]], lyapunov: { center: [0], s: [0.2] }, b: 1e-9 },
  mass: {
    boxes: [[{ lo: -2, hi: 2 }]],
    shift: -0.5,
    tail: { boundedTerms: [], anchor: [0], decomposition: { bump: 'x1^2', cover: [[{ lo: -Infinity, hi: 0 }], [{ lo: 0, hi: Infinity }]] } },
  },
};

describe('localisation evidence in JSON', () => {
  it('round-trips, infinite ends stored as null', () => {
    const json = JSON.parse(JSON.stringify(localisationToJson(evidence)));
    expect(json.mass.tail.decomposition.cover).toEqual([[[null, 0]], [[0, null]]]);
    expect(json.localised.boxes).toEqual([[[-2.3, 0]], [[0, 2.3]]]);
    expect(localisationFromJson(json)).toEqual(evidence);
    const route = { route: 'localisation' as const, theorem: ROUTE_THEOREMS.localisation, applies: true, metric: 'TV' as const, stepSize: 0.1, h: 0.1, steps: 3, tvBound: 0.05, localisation: evidence };
    expect(tvRouteFromJson(JSON.parse(JSON.stringify(tvRouteToJson(route))))).toEqual(route);
  });

  it('a list that is not boxes is named, not passed on', () => {
    const json = localisationToJson(evidence);
    expect(localisationFromJson({ ...json, mass: { ...json.mass, boxes: [[[0, 'x']]] as never } })).toBe('localisation.mass.boxes: not a list of boxes of [lo, hi] pairs');
    expect(localisationFromJson({ ...json, localised: { ...json.localised, boxes: 'K' as never } })).toBe('localisation.localised.boxes: not a list of boxes of [lo, hi] pairs');
    const cover = { ...json.mass.tail, decomposition: { bump: null, cover: [[[0]]] as never } };
    expect(localisationFromJson({ ...json, mass: { ...json.mass, tail: cover } })).toBe('localisation.mass.tail.decomposition.cover: not a list of boxes of [lo, hi] pairs');
  });

  it('without a tail decomposition: none written, none read back (not an empty one)', () => {
    const plain: LocalisationEvidence = { ...evidence, mass: { ...evidence.mass, tail: { boundedTerms: [0], anchor: [1] } } };
    const json = JSON.parse(JSON.stringify(localisationToJson(plain)));
    expect('decomposition' in json.mass.tail).toBe(false);
    const back = localisationFromJson(json);
    expect(back).toStrictEqual(plain);
    if (typeof back !== 'string') expect('decomposition' in back.mass.tail).toBe(false);
    // A null bump is kept as null.
    const nullBump: LocalisationEvidence = { ...evidence, mass: { ...evidence.mass, tail: { ...evidence.mass.tail, decomposition: { bump: null, cover: [] } } } };
    expect(localisationFromJson(JSON.parse(JSON.stringify(localisationToJson(nullBump))))).toStrictEqual(nullBump);
  });

  it('one bad box among good ones, the drift boxes, and missing sections are named too', () => {
    const json = localisationToJson(evidence);
    const two = [[[-2, 0]], [[0, Number.NaN]]] as never;
    expect(localisationFromJson({ ...json, localised: { ...json.localised, boxes: two } })).toBe('localisation.localised.boxes: not a list of boxes of [lo, hi] pairs');
    expect(localisationFromJson({ ...json, drift: { ...json.drift, boxes: [[[0, 1]], 3] as never } })).toBe('localisation.drift.boxes: not a list of boxes of [lo, hi] pairs');
    expect(localisationFromJson({ ...json, localised: undefined } as never)).toBe('localisation.localised.boxes: not a list of boxes of [lo, hi] pairs');
    expect(localisationFromJson({ ...json, drift: undefined } as never)).toBe('localisation.drift.boxes: not a list of boxes of [lo, hi] pairs');
    expect(localisationFromJson({ ...json, mass: undefined } as never)).toBe('localisation.mass.boxes: not a list of boxes of [lo, hi] pairs');
    expect(localisationFromJson({ ...json, mass: { ...json.mass, tail: undefined } } as never)).toBe('localisation.mass.tail: missing (the tail bound outside K)');
    expect(localisationFromJson({ ...json, mass: { ...json.mass, tail: null } } as never)).toBe('localisation.mass.tail: missing (the tail bound outside K)');
    const badCover = { ...json.mass.tail, decomposition: { bump: 'x1^2', cover: 'R' as never } };
    expect(localisationFromJson({ ...json, mass: { ...json.mass, tail: badCover } })).toBe('localisation.mass.tail.decomposition.cover: not a list of boxes of [lo, hi] pairs');
  });
});
