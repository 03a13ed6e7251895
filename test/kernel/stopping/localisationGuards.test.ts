// Refusals of the localisation route's entry points, one bad input per case, matched by reason:
// checkLocalisationRoute (from accepted evidence), exitProbabilityBound, and the clamps and distances
// of the exit bound on hand-computed cases.
import { describe, expect, it } from 'vitest';
import { localisationStoppingRoute, type LocalisationSearch } from '../../../src/certify/stopping/localisation.js';
import { checkLocalisationRoute } from '../../../src/kernel/stopping/localisationRoute.js';
import { exitProbabilityBound, lyapunovOutsideInf, startOutsideUpper } from '../../../src/kernel/stopping/localisationExit.js';
import type { StoppingInput } from '../../../src/kernel/stopping/types.js';
import { point } from '../../../src/kernel/interval.js';
import type { EnergyModel } from '../../../src/kernel/model.js';
import { quarticModel, QUARTIC_SEARCH } from './localisationQuartic.js';
import { D60, d60, exactDecimal } from '../intervalReference.js';

const model: EnergyModel = quarticModel;
const init = { mean: 0, std: 1 };
const SEARCH: LocalisationSearch = QUARTIC_SEARCH;

describe('checkLocalisationRoute', () => {
  const input: StoppingInput = { dim: 1, temperature: 1, epsilon: 0.01, init, alpha: 0, smoothness: Infinity, kl0: Infinity, model, tvEpsilon: 0.1 };
  const route = localisationStoppingRoute(input, SEARCH);
  const h = point(route.h!);
  const steps = route.steps!;
  const reason = (r: ReturnType<typeof checkLocalisationRoute>): string => (r.ok ? 'ok' : r.reason);

  it('accepts the producer\'s route, with tvBound equal to the re-derived bound and tvEpsilon equal to it', () => {
    expect(route.applies).toBe(true);
    expect(checkLocalisationRoute(route, input, h, steps)).toEqual({ ok: true });
    expect(checkLocalisationRoute(route, { ...input, tvEpsilon: route.tvBound! }, h, steps)).toEqual({ ok: true });
  });

  it('refuses each bad input by name', () => {
    expect(reason(checkLocalisationRoute(route, { ...input, model: undefined }, h, steps))).toMatch(/needs the energy model/);
    expect(reason(checkLocalisationRoute(route, { ...input, dim: 2 }, h, steps))).toMatch(/dimension 1, not 2/);
    for (const eps of [0, -0.1, Infinity, Number.NaN, undefined]) {
      expect(reason(checkLocalisationRoute(route, { ...input, tvEpsilon: eps }, h, steps))).toMatch(/tvEpsilon = .*expected a finite number > 0/);
    }
    expect(reason(checkLocalisationRoute(route, { ...input, preconditioner: [[1]] }, h, steps))).toMatch(/plain ULA/);
    expect(reason(checkLocalisationRoute({ ...route, localisation: undefined }, input, h, steps))).toMatch(/needs its evidence/);
    for (const bad of [{ mean: 0, std: 0 }, { mean: 0, std: Infinity }, { mean: Number.NaN, std: 1 }, { mean: Infinity, std: 1 }]) {
      expect(reason(checkLocalisationRoute(route, { ...input, init: bad }, h, steps))).toMatch(/^init normal:.*expected a finite Gaussian start/);
    }
    expect(reason(checkLocalisationRoute(route, input, h, -1))).toMatch(/^localisation: steps = -1/);
    expect(reason(checkLocalisationRoute(route, { ...input, tvEpsilon: route.tvBound! * (1 - 1e-15) }, h, steps))).toMatch(/> tvEpsilon/);
    expect(reason(checkLocalisationRoute({ ...route, tvBound: undefined }, input, h, steps))).toMatch(/below the re-derived/);
  });
});

describe('exitProbabilityBound guards and clamps', () => {
  const region = [{ lo: -3, hi: 3 }];
  const lyapunov = { center: [0], s: [0.3] };
  const ok = { region, lyapunov, b: 1e-4, init, steps: 10 };

  it('refuses a bad b, step count, box or start by name', () => {
    for (const b of [-1e-300, Infinity, Number.NaN]) expect(() => exitProbabilityBound({ ...ok, b })).toThrow(/b = .*finite number >= 0/);
    for (const steps of [-1, 0.5, Number.NaN]) expect(() => exitProbabilityBound({ ...ok, steps })).toThrow(/steps = .*integer >= 0/);
    for (const r of [[{ lo: -Infinity, hi: 3 }], [{ lo: -3, hi: Infinity }], [{ lo: 1, hi: 1 }], [{ lo: Number.NaN, hi: 1 }]]) {
      expect(() => exitProbabilityBound({ ...ok, region: r })).toThrow(/bounded with a non-empty interior/);
    }
    for (const s of [{ mean: 0, std: 0 }, { mean: 0, std: Infinity }, { mean: Number.NaN, std: 1 }, { mean: -Infinity, std: 1 }]) {
      expect(() => exitProbabilityBound({ ...ok, init: s })).toThrow(/finite Gaussian start/);
    }
    expect(exitProbabilityBound({ ...ok, b: 0 }).exit).toBeGreaterThan(0);
  });

  it('N = 1 uses no drift (w_0 / Phi_out only) and the exit probability is clamped to 1', () => {
    const one = exitProbabilityBound({ ...ok, b: 1e300, steps: 1 });
    const w0 = new D60(0.4).sqrt().pow(-1);
    const total = exactDecimal(one.startOutside).plus(w0.div(new D60(2.7).exp()));
    expect(exactDecimal(one.exit).gte(total)).toBe(true);
    expect(exactDecimal(one.exit).lte(total.times(1 + 1e-12))).toBe(true);
    expect(exitProbabilityBound({ ...ok, b: 1e300, steps: 2 }).exit).toBe(1);
  });

  it('rho_0(K^c) is clamped to 1 (a wide start, a narrow box)', () => {
    expect(startOutsideUpper([{ lo: -1e-3, hi: 1e-3 }, { lo: -1e-3, hi: 1e-3 }], 0, 100)).toBe(1);
    // One axis, N(1, 2^2) and [0, 3]: Phi(-1/2) + 1 - Phi(1) = 0.30853753872598690 + 0.15865525393145705.
    const v = startOutsideUpper([{ lo: 0, hi: 3 }], 1, 2);
    expect(v).toBeGreaterThanOrEqual(0.30853753872598690 + 0.15865525393145705 - 1e-16);
    expect(v).toBeLessThan(0.4671927926574440 + 1e-14);
  });

  it('Phi_out is 1 when the centre is outside K on some axis (distance 0), never exp of a negative distance squared', () => {
    expect(lyapunovOutsideInf([{ lo: 1, hi: 3 }], { center: [0], s: [2] })).toBe(1);
    expect(lyapunovOutsideInf([{ lo: -3, hi: -1 }], { center: [0], s: [2] })).toBe(1);
    expect(lyapunovOutsideInf([{ lo: -3, hi: 3 }, { lo: 1, hi: 3 }], { center: [0, 5], s: [0.3, 2] })).toBe(1);
    // Centre nearer the upper face: d = 1, s = 2.
    const v = lyapunovOutsideInf([{ lo: -3, hi: 1 }], { center: [0], s: [2] });
    expect(exactDecimal(v).lte(new D60(2).exp())).toBe(true);
    expect(v).toBeGreaterThan(Math.exp(2) * (1 - 1e-14));
    // Distances are rounded down: c = 0.1, a = -0.2 (0.1 + 0.2 rounds up in doubles).
    const w = lyapunovOutsideInf([{ lo: -0.2, hi: 5 }], { center: [0.1], s: [1] });
    expect(exactDecimal(w).lte(d60(0.1).plus(d60(0.2)).pow(2).exp())).toBe(true);
  });
});
