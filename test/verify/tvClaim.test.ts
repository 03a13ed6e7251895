// The TV claim (stopping.tv): the stored fixture verifies, and each tampering with the route, its grid,
// its tail or its target is refused by a check that names stopping.tv (or the KL routes it intrudes on).
// The fixture is the 1-D double well (x1^2-1)^2 from N(0, 1) with tvEpsilon 0.1, written by
// scripts/verify-fixtures.ts: its tail is the LSI bump with a cover of R (boxes with infinite ends).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Certificate } from '../../src/verify/certificate.js';
import type { GridJson } from '../../src/verify/gridJson.js';
import { verifyCertificate } from '../../src/verify/verify.js';
import { verifyTvClaim } from '../../src/verify/tvClaim.js';
import { Checks } from '../../src/verify/checks.js';
import type { EnergyModel } from '../../src/kernel/model.js';

const tv: Certificate = JSON.parse(readFileSync(new URL('fixtures/tv.json', import.meta.url), 'utf8'));
const clone = (c: Certificate): Certificate => JSON.parse(JSON.stringify(c));
const grid = (c: Certificate): GridJson => c.stopping!.tv!.grid!;
const failures = (c: Certificate): string[] => verifyCertificate(c).checks.filter((k) => !k.ok).map((k) => `${k.name}: ${k.detail}`);

type Case = readonly [name: string, tamper: (c: Certificate) => void, expected: RegExp];

const cases: readonly Case[] = [
  ['a tvBound below the re-derived bound by one ulp', (c) => void (c.stopping!.tv!.tvBound = c.stopping!.tv!.tvBound! * (1 - 2 ** -52)), /^stopping\.tv: .*stored tvBound .* is below the re-derived bound/],
  ['one step fewer', (c) => void (c.stopping!.tv!.steps! -= 1), /^stopping\.tv: .*TV after 4 steps is .* > tvEpsilon/],
  ['another step size', (c) => void Object.assign(c.stopping!.tv!, { stepSize: 0.05, h: 0.05 }), /^stopping\.tv: /],
  ['a coarser grid', (c) => void Object.assign(grid(c), { width: [1 / 16], cells: [grid(c).cells[0]! / 2] }), /^stopping\.tv: .*(TV after|tvBound)/],
  ['a grid that is not a lattice', (c) => void (grid(c).origin = [-4.1]), /^stopping\.tv: .*multiples of 2\^-30/],
  ['a tvEpsilon below the bound', (c) => void ((c.stopping!.tvEpsilon = 0.09), (c.exact!.tvEpsilon = '0.0899999999999999966693309261245303787291049957275390625')), /^stopping\.tv: .*> tvEpsilon = 0\.09/],
  ['an exact tvEpsilon that is not the double', (c) => void (c.exact!.tvEpsilon = '0.1'), /^exact: /],
  ['a TV route that calls itself KL', (c) => void (c.stopping!.tv!.metric = 'KL'), /^stopping\.tv: the TV claim must be a route with metric TV/],
  ['a KL route in the TV slot', (c) => void Object.assign(c.stopping!.tv!, { route: 'vempala-wibisono-seed', theorem: 'proofs/stopping-vempala-wibisono.md' }), /^stopping\.tv: .*bounds KL, not TV/],
  ['the TV route among the KL routes', (c) => void c.stopping!.routes.push(c.stopping!.tv! as never), /^stopping\.routes\[4\]: route grid-propagation bounds TV: stopping\.routes lists KL routes/],
  ['the TV route chosen as the KL claim', (c) => {
    const t = c.stopping!.tv!;
    Object.assign(c.stopping!, { route: t.route, theorem: t.theorem, steps: t.steps, stepSize: t.stepSize, h: t.h, reason: undefined });
    delete c.stopping!.reason;
  }, /^stopping: route grid-propagation .*bounds TV, not /],
  ['a tvEpsilon without a TV route', (c) => void delete c.stopping!.tv, /^stopping\.tv: tvEpsilon is given but no TV route/],
  ['a TV route without tvEpsilon', (c) => void (delete c.stopping!.tvEpsilon, delete c.exact!.tvEpsilon), /^stopping\.tv: a TV route without tvEpsilon/],
  ['a route marked not applicable that keeps its numbers', (c) => void (c.stopping!.tv!.applies = false), /^stopping\.tv: marked not applicable but lists/],
  ['an applicable route with a reason', (c) => void (c.stopping!.tv!.reason = 'fast'), /^stopping\.tv: an applicable route carries a reason/],
  ['another tail bump', (c) => void (grid(c).tail.decomposition!.bump = '0'), /^stopping\.tv: .*tail/],
  ['a cover with a gap', (c) => void grid(c).tail.decomposition!.cover.splice(1, 1), /^stopping\.tv: .*tail/],
  ['a cover box that is not [lo, hi] pairs', (c) => void ((grid(c).tail.decomposition!.cover as unknown[])[0] = 'R'), /^stopping\.tv: grid\.tail\.decomposition\.cover: not a list of boxes/],
  ['no tail decomposition (U = f is not convex)', (c) => void delete grid(c).tail.decomposition, /^stopping\.tv: .*tail/],
  // Each listed field on its own (the case above lists them all, so one dropped from the test would pass).
  ...(['steps', 'stepSize', 'h', 'tvBound', 'grid'] as const).map((field): Case => [
    `a route marked not applicable that keeps only its ${field}`,
    (c) => {
      const t = c.stopping!.tv!;
      c.stopping!.tv = { route: t.route, theorem: t.theorem, applies: false, reason: 'none', [field]: t[field] } as typeof t;
    },
    /^stopping\.tv: marked not applicable but lists/,
  ]),
  ['a route marked not applicable that keeps only localisation evidence', (c) => {
    const t = c.stopping!.tv!;
    c.stopping!.tv = { route: 'localisation', theorem: t.theorem, applies: false, reason: 'none', localisation: {} as never };
  }, /^stopping\.tv: marked not applicable but lists/],
  ['a TV claim about preconditioned ULA', (c) => void (c.preconditioner = { factor: [[1]], function: 'identity', proof: 'proofs/stopping-preconditioned.md', claim: { m: null, upper: null }, evidence: { boxes: [] } }), /^stopping\.tv: the TV route is proven for plain ULA/],
  ['another sampler', (c) => void (c.dynamics.sampler = 'mala'), /^stopping\.tv: the TV route is a theorem about ULA, not mala/],
];

describe('verify: the TV claim (stopping.tv)', () => {
  it('the stored certificate verifies and re-runs the propagation', () => {
    const r = verifyCertificate(tv);
    expect(r.checks.filter((k) => !k.ok)).toEqual([]);
    const check = r.checks.find((k) => k.name === 'stopping.tv')!;
    expect(check.detail).toMatch(/re-derived \(tvEpsilon = 0\.1\)/);
    expect(tv.stopping!.tv!.steps).toBe(5);
    // The KL claim is untouched by the TV claim: the double well has no KL route (no finite L).
    expect(tv.stopping!.steps).toBeNull();
  });

  it('a not-applicable TV route without numbers is accepted and claims nothing', () => {
    const c = clone(tv);
    c.stopping!.tv = { route: 'grid-propagation', theorem: 'proofs/stopping-grid-propagation.md', applies: false, reason: 'no step size reached the target' };
    expect(failures(c)).toEqual([]);
    expect(verifyCertificate(c).checks.filter((k) => k.name === 'stopping.tv')).toEqual([
      { name: 'stopping.tv', ok: true, detail: 'no TV claim (no step size reached the target)' },
    ]);
    delete c.stopping!.tv!.reason;
    expect(verifyCertificate(c).checks.find((k) => k.name === 'stopping.tv')?.detail).toBe('no TV claim (no reason given)');
  });

  it('a certificate without tvEpsilon and TV route has no stopping.tv check (and no stopping record, none either)', () => {
    const c = clone(tv);
    delete c.stopping!.tv;
    delete c.stopping!.tvEpsilon;
    delete c.exact!.tvEpsilon;
    const r = verifyCertificate(c);
    expect(r.checks.filter((k) => !k.ok)).toEqual([]);
    expect(r.checks.some((k) => k.name === 'stopping.tv')).toBe(false);
    // verify calls verifyTvClaim only with a stopping record; the guard is for library callers.
    const checks = new Checks();
    verifyTvClaim({ ...c, stopping: null }, { kind: 'expression', dim: 1, source: 'x1^2' } as EnergyModel, checks);
    expect(checks.list).toEqual([]);
  });

  for (const [name, tamper, expected] of cases) {
    it(`refuses ${name}`, () => {
      const c = clone(tv);
      tamper(c);
      const f = failures(c);
      expect(f.length, 'the tampering must be refused').toBeGreaterThan(0);
      expect(f.some((line) => expected.test(line)), f.join('\n')).toBe(true);
    });
  }
});
