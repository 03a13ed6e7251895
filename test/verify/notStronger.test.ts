// notStronger (verify/poincare.ts) on its own: a headline claim equal to the kernel's passes "as
// recomputed", one ulp weaker passes and says so, one ulp stronger or not a number fails, for an
// upper bound (the Poincare constant) and a lower bound (the gap) alike.
import { describe, expect, it } from 'vitest';
import { notStronger } from '../../src/verify/poincare.js';
import { Checks } from '../../src/verify/checks.js';
import { nextDown, nextUp } from './ulpSteps.js';

function run(kind: 'upper' | 'lower', claimed: unknown, recomputed: number): { ok: boolean; detail: string; returned: boolean } {
  const c = new Checks();
  const returned = notStronger(c, 'X', kind, claimed, recomputed);
  expect(c.list).toHaveLength(1);
  expect(c.list[0]!.name).toBe('X');
  return { ok: c.list[0]!.ok, detail: c.list[0]!.detail, returned };
}

describe('notStronger', () => {
  const k = 2.5;

  it('equal passes as recomputed (both kinds)', () => {
    for (const kind of ['upper', 'lower'] as const) expect(run(kind, k, k)).toEqual({ ok: true, detail: '2.5 as recomputed', returned: true });
  });

  it('an upper bound one ulp above passes as weaker; one ulp below fails as stronger', () => {
    expect(run('upper', nextUp(k), k)).toEqual({ ok: true, detail: `claimed ${nextUp(k)}, weaker than the kernel's 2.5 (still proved; accepted)`, returned: true });
    expect(run('upper', nextDown(k), k)).toEqual({ ok: false, detail: `claimed ${nextDown(k)} is stronger than the kernel's 2.5 (below it)`, returned: false });
    expect(run('upper', Infinity, k).ok).toBe(true);
  });

  it('a lower bound one ulp below passes as weaker; one ulp above fails as stronger', () => {
    expect(run('lower', nextDown(k), k)).toEqual({ ok: true, detail: `claimed ${nextDown(k)}, weaker than the kernel's 2.5 (still proved; accepted)`, returned: true });
    expect(run('lower', nextUp(k), k)).toEqual({ ok: false, detail: `claimed ${nextUp(k)} is stronger than the kernel's 2.5 (above it)`, returned: false });
    expect(run('lower', 0, k).ok).toBe(true);
  });

  it('not a number fails for both kinds, naming what the certificate says', () => {
    for (const kind of ['upper', 'lower'] as const) {
      expect(run(kind, Number.NaN, k)).toEqual({ ok: false, detail: 'certificate says null, recomputed 2.5', returned: false });
      expect(run(kind, '2.5', k)).toEqual({ ok: false, detail: 'certificate says "2.5", recomputed 2.5', returned: false });
      expect(run(kind, undefined, k).ok).toBe(false);
    }
  });
});
