import { describe, expect, it } from 'vitest';
import { checkStoppingRoute } from '../../../src/kernel/stopping/check.js';
import { bestRoute, proposeStoppingRoutes } from '../../../src/certify/stopping/propose.js';
import { gaussianCases, stoppingInputFor } from './cases.js';

describe('proposeStoppingRoutes', () => {
  it('reports every route, kernel-checks the applicable ones, and picks the fewest steps', () => {
    const input = stoppingInputFor(gaussianCases(1, 3)[2]!);
    const routes = proposeStoppingRoutes(input);
    expect(routes.map((r) => r.route)).toEqual(['vempala-wibisono-seed', 'vempala-wibisono-optimised', 'exact-gaussian', 'kl-hessian-lipschitz']);
    for (const r of routes) {
      if (r.applies) expect(checkStoppingRoute(r, input)).toEqual({ ok: true });
      else expect(r.reason).toBeTruthy();
    }
    const best = bestRoute(routes)!;
    expect(best.route).toBe('exact-gaussian');
    expect(best.steps!).toBe(Math.min(...routes.filter((r) => r.applies).map((r) => r.steps!)));
  });

  it('without quadratic evidence falls back to Vempala-Wibisono, and to nothing without constants', () => {
    const { quadratic: _q, ...input } = stoppingInputFor(gaussianCases(1, 1)[0]!);
    expect(bestRoute(proposeStoppingRoutes(input))!.route).toBe('vempala-wibisono-optimised');
    const none = proposeStoppingRoutes({ ...input, kl0: Infinity });
    expect(none.every((r) => !r.applies && r.reason)).toBe(true);
    expect(bestRoute(none)).toBeUndefined();
  });

  it('never answers the KL question with a TV route, even one with fewer steps', () => {
    const input = stoppingInputFor(gaussianCases(1, 3)[2]!);
    const routes = proposeStoppingRoutes(input);
    const kl = bestRoute(routes)!;
    const tv = { route: 'grid-propagation', theorem: 'proofs/stopping-grid-propagation.md', applies: true, metric: 'TV', stepSize: 0.1, h: 0.1, steps: 1, tvBound: 0.05 } as const;
    expect(kl.steps!).toBeGreaterThan(1);
    expect(bestRoute([tv, ...routes])).toBe(kl);
    expect(bestRoute([tv])).toBeUndefined();
    // An explicit metric KL is a KL route.
    expect(bestRoute([{ ...kl, metric: 'KL' }])!.steps).toBe(kl.steps);
  });
});
