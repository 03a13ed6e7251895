// replayAudit on a stored audit whose mixing lower end is the grid decomposition with scaled edges
// (test/verify/fixtures/audit-hill: the hill-in-a-ring 0.5 r^2 + 1.5 exp(-r^2 / 0.5) at T = 0.5, the
// slab chains refused, a 12 x 12 grid of 170 sets accepted), written by
//   emcert audit --energy 'expr:0.5*(x1^2 + x2^2) + 1.5*exp(-(x1^2 + x2^2) / 0.5)' --temperature 0.5 \
//     --no-figures --out test/verify/fixtures/audit-hill
// The record is schema-valid (its 170 pieces are above the old cap of 32), carries edgeScales, and
// replays; a weaker stored gap is accepted and reported, a stronger one (one ulp) or the scales dropped
// (mu = 1) is refused.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { assertAuditSchema, replayAudit } from '../../src/verify/audit.js';
import { nextDown, nextUp } from './ulpSteps.js';
import { MAX_DECOMPOSITION_SETS } from '../../src/kernel/checks/blockGap.js';

const HILL = join(resolve(import.meta.dirname, 'fixtures'), 'audit-hill');
const load = (): Record<string, any> => JSON.parse(readFileSync(join(HILL, 'audit.json'), 'utf8'));
const GAP_CHECK = 'spectral gap lower bound (covering decomposition)';
const failed = (doc: Record<string, any>): string[] => replayAudit(doc, HILL).filter((c) => !c.ok).map((c) => c.name);

describe('replayAudit: the grid decomposition with edge scales (hill-in-a-ring, T = 0.5)', () => {
  it('the stored grid record (170 pieces, edgeScales) is schema-valid and every check replays', () => {
    const doc = load();
    const dec = doc.mixing.decomposition;
    expect(dec.pieces.length).toBe(170);
    expect(dec.edgeScales).toHaveLength(dec.edges.length);
    expect(() => assertAuditSchema(doc, 'audit.json')).not.toThrow();
    const checks = replayAudit(doc, HILL);
    expect(checks.filter((c) => !c.ok)).toEqual([]);
    expect(checks.find((c) => c.name === GAP_CHECK)!.detail).toBe(`gap >= ${dec.gapLower} (Poincare, not LSI)`);
    expect(doc.mixing.lowerEnd).toBe(dec.gapLower);
  });

  it('a grid record with more pieces than the kernel takes (MAX_DECOMPOSITION_SETS + 1 = 501) is refused by the schema', () => {
    expect(MAX_DECOMPOSITION_SETS).toBe(500);
    const doc = load();
    const dec = doc.mixing.decomposition;
    while (dec.pieces.length <= MAX_DECOMPOSITION_SETS) dec.pieces.push(dec.pieces[0]);
    expect(() => assertAuditSchema(doc, 'audit.json')).toThrow(/pieces/);
  });

  it('a weaker gap (halved, the lower end with it) is accepted and reported as weaker', () => {
    const doc = load();
    const kernel = doc.mixing.decomposition.gapLower as number;
    doc.mixing.decomposition.gapLower = kernel / 2;
    doc.mixing.lowerEnd = kernel / 2;
    const checks = replayAudit(doc, HILL);
    expect(checks.filter((c) => !c.ok)).toEqual([]);
    expect(checks.find((c) => c.name === GAP_CHECK)!.detail).toBe(`gap >= ${kernel / 2} (Poincare, not LSI); weaker than the kernel's ${kernel} (still proved; accepted)`);
  });

  it('refuses a gap one ulp stronger, a Poincare constant one ulp smaller, and the scales dropped (mu = 1)', () => {
    const up = load();
    up.mixing.decomposition.gapLower = up.mixing.lowerEnd = nextUp(up.mixing.decomposition.gapLower);
    expect(failed(up)).toContain(GAP_CHECK);
    const constant = load();
    constant.mixing.decomposition.poincareUpper = nextDown(constant.mixing.decomposition.poincareUpper);
    expect(failed(constant)).toContain(GAP_CHECK);
    const unscaled = load();
    delete unscaled.mixing.decomposition.edgeScales;
    expect(failed(unscaled)).toContain(GAP_CHECK);
  }, 120_000);
});
