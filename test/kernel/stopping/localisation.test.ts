// The localisation route end to end on a 1-d quartic-tail energy (no global L): the producer's evidence
// is accepted by the kernel's localisationTvBound, the bound is the sum of its terms, and tampered
// evidence (b one ulp lower, a drift box or a K' box dropped, a wider step, a non-partition of K) is refused.
import { describe, expect, it } from 'vitest';
import { localisationRoute, localisationStoppingRoute, type LocalisationResult, type LocalisationSearch } from '../../../src/certify/stopping/localisation.js';
import { checkStoppingRoute } from '../../../src/kernel/stopping/check.js';
import type { StoppingInput, StoppingRoute } from '../../../src/kernel/stopping/types.js';
import { localisationTvBound, type LocalisationEvidence } from '../../../src/kernel/stopping/localisation.js';
import { nextDown, nextUp, point } from '../../../src/kernel/interval.js';
import type { EnergyModel } from '../../../src/kernel/model.js';
import { quarticModel, QUARTIC_SEARCH } from './localisationQuartic.js';
import { exactDecimal } from '../intervalReference.js';

const model: EnergyModel = quarticModel;
const init = { mean: 0, std: 1 };

const SEARCH: LocalisationSearch = QUARTIC_SEARCH;

function produce(): LocalisationResult {
  const r = localisationRoute(model, 1, init, 0.1, SEARCH);
  if ('reason' in r) throw new Error(r.reason);
  return r;
}

describe('localisationTvBound', () => {
  const r = produce();
  const ev = r.evidence;
  const h = point(r.h);

  it('accepts the producer\'s evidence with TV <= 0.1, the bound the upward-rounded sum of its terms', () => {
    const c = localisationTvBound(model, 1, init, h, r.steps, ev);
    expect(c.ok).toBe(true);
    if (!c.ok) return;
    const v = c.value;
    expect(v.tv).toBeLessThanOrEqual(0.1);
    const sum = exactDecimal(v.exit).plus(exactDecimal(v.innerTv)).plus(exactDecimal(Math.max(v.piOutside, v.piTildeOutside)));
    expect(exactDecimal(v.tv).gte(sum)).toBe(true);
    // Pinsker: innerTv >= sqrt(innerKl / 2).
    expect(exactDecimal(v.innerTv).pow(2).times(2).gte(exactDecimal(v.innerKl))).toBe(true);
    expect(v.exit).toBeGreaterThan(0);
    expect(r.steps).toBeGreaterThan(1000);
  });

  it('refuses b one ulp below the drift excess it needs', () => {
    const tampered: LocalisationEvidence = { ...ev, drift: { ...ev.drift, b: nextDown(ev.drift.b) } };
    // The producer's b is the largest box excess itself, so one ulp less fails on that box.
    const c = localisationTvBound(model, 1, init, h, r.steps, tampered);
    expect(c.ok).toBe(false);
    if (!c.ok) expect(c.reason).toMatch(/drift/);
  });

  it('refuses a drift cover or a K\' cover with a box dropped, and a mass partition with a box dropped', () => {
    const noDrift = { ...ev, drift: { ...ev.drift, boxes: ev.drift.boxes.slice(1) } };
    expect(localisationTvBound(model, 1, init, h, r.steps, noDrift).ok).toBe(false);
    const noOuter = { ...ev, localised: { ...ev.localised, boxes: ev.localised.boxes.slice(0, -1) } };
    expect(localisationTvBound(model, 1, init, h, r.steps, noOuter).ok).toBe(false);
    const noMass = { ...ev, mass: { ...ev.mass, boxes: ev.mass.boxes.slice(1) } };
    expect(localisationTvBound(model, 1, init, h, r.steps, noMass).ok).toBe(false);
  });

  it('refuses a wider transition (its K\' is not covered) and a step above alpha~ / (4 L~^2)', () => {
    const wider = { ...ev, localised: { ...ev.localised, cutoff: ev.localised.cutoff.map((c) => ({ ...c, width: nextUp(c.width) })) } };
    expect(localisationTvBound(model, 1, init, h, r.steps, wider).ok).toBe(false);
    const c = localisationTvBound(model, 1, init, point(r.h * 1e4), r.steps, ev);
    expect(c.ok).toBe(false);
  });

  it('more steps raise the exit term (the bound is not free in N)', () => {
    const a = localisationTvBound(model, 1, init, h, r.steps, ev);
    const b = localisationTvBound(model, 1, init, h, r.steps * 4, ev);
    expect(a.ok && b.ok).toBe(true);
    if (a.ok && b.ok) expect(b.value.exit).toBeGreaterThan(a.value.exit);
  });
});

describe('checkStoppingRoute on a localisation route', () => {
  const input: StoppingInput = { dim: 1, temperature: 1, epsilon: 0.01, init, alpha: 0, smoothness: Infinity, kl0: Infinity, model, tvEpsilon: 0.1 };
  const route = localisationStoppingRoute(input, SEARCH);

  it('the producer\'s route applies (metric TV, the localisation theorem) and the kernel accepts it', () => {
    expect(route.applies).toBe(true);
    expect(route.metric).toBe('TV');
    expect(route.theorem).toBe('proofs/stopping-localisation.md');
    expect(checkStoppingRoute(route, input)).toEqual({ ok: true });
  });

  it('refuses a stored tvBound one ulp below the re-derived one, and a smaller tvEpsilon than the bound', () => {
    const low = checkStoppingRoute({ ...route, tvBound: nextDown(route.tvBound!) }, input);
    expect(low.ok).toBe(false);
    if (!low.ok) expect(low.reason).toMatch(/below the re-derived/);
    expect(checkStoppingRoute(route, { ...input, tvEpsilon: nextDown(route.tvBound!) }).ok).toBe(false);
  });

  it('refuses metric KL, another theorem, another step size, a missing model or evidence, preconditioned ULA', () => {
    const tampered: StoppingRoute[] = [
      { ...route, metric: 'KL' },
      { ...route, theorem: 'proofs/stopping-grid-propagation.md' },
      { ...route, stepSize: route.stepSize! * 2, h: route.h! * 2 },
      { ...route, localisation: undefined },
    ];
    for (const t of tampered) expect(checkStoppingRoute(t, input).ok).toBe(false);
    expect(checkStoppingRoute(route, { ...input, model: undefined }).ok).toBe(false);
    expect(checkStoppingRoute(route, { ...input, preconditioner: [[1]] }).ok).toBe(false);
    expect(checkStoppingRoute(route, { ...input, init: { mean: 0, std: 0 } }).ok).toBe(false);
  });

  it('refuses a drift b one ulp too small inside the stored evidence', () => {
    const ev = route.localisation!;
    const t = { ...route, localisation: { ...ev, drift: { ...ev.drift, b: nextDown(ev.drift.b) } } };
    const c = checkStoppingRoute(t, input);
    expect(c.ok).toBe(false);
    if (!c.ok) expect(c.reason).toMatch(/drift/);
  });
});
