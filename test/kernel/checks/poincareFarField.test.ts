// A piece may cover its part outside a cube by far-field cones (proofs/poincare-decomposition.md
// section 3, "Far-field cones"): for E = 2 tanh(x1 - 0.5 x2 + 0.3) + 0.05 |x|^2 with W = the network
// term on A = (-inf, 0] x [1, 2], osc W = 2 (tanh(-0.2) + 1) (z = x1 - 0.5 x2 + 0.3 ranges over
// (-inf, -0.2] on A, and W's inf is approached only as x1 -> -inf, far outside the cube). The certified
// constant must be at least exp(osc) / m computed in 40-digit decimals (a far part left out gives a
// smaller osc and fails) and within 0.1% of it. Malformed far fields and gaps are refused.
import { describe, expect, it } from 'vitest';
import { D } from '../integration/reference.js';
import type { EnergyModel } from '../../../src/kernel/model.js';
import type { Box } from '../../../src/kernel/box.js';
import type { FarField } from '../../../src/kernel/checks/farField.js';
import { I, tanhRidgeModel } from './helpers.js';
import { checkLocalPoincare, type PoincarePieceEvidence } from '../../../src/kernel/checks/poincareDecomposition.js';
import { frameFarField, gradedNearCover } from '../../../src/certify/networkGrid.js';

const model = tanhRidgeModel;
const set: Box = [I(-Infinity, 0), I(1, 2)];
const radius = 4;
const farField = frameFarField(radius, 16);
const piece: PoincarePieceEvidence = { set, bump: null, boundedTerms: [0], cover: gradedNearCover(set, radius, 0.125, 0.125), farField };
const reason = (p: PoincarePieceEvidence): string => {
  const r = checkLocalPoincare(model, 1, p, 'frame');
  return r.ok ? 'accepted' : r.reason;
};

describe('a piece with far-field cones', () => {
  for (const T of [1, 0.1]) {
    it(`T = ${T}: C >= exp(2 (tanh(-0.2) + 1) / T) / m (40-digit decimals), within 0.1%`, () => {
      const r = checkLocalPoincare(model, T, piece, 'frame');
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(new D(r.value.m).lte(new D(0.1).div(new D(T)))).toBe(true);
      expect(r.value.m).toBeGreaterThan((0.1 / T) * (1 - 1e-12));
      const osc = new D(-0.2).tanh().plus(1).times(2).div(new D(T));
      expect(new D(r.value.osc).gte(osc)).toBe(true);
      expect(r.value.osc).toBeLessThan(osc.toNumber() * 1.001);
    });
  }

  it('the cones decide the inf: with boxes inside the cube only, the far part is missing', () => {
    // Without the far field the same boxes do not cover A (it is unbounded): refused, not a smaller osc.
    expect(reason({ ...piece, farField: undefined })).toMatch(/cover|gap/);
    // A cube so large that the boxes reach x1 = -40 still sees W's inf only through the cones:
    // dropping the patches of the face x1 = -1 leaves a gap there.
    const noLeft: FarField = { ...farField, patches: farField.patches.filter((p) => !(p[0]!.lo === -1 && p[0]!.hi === -1)) };
    expect(reason({ ...piece, farField: noLeft })).toMatch(/gap in the face x1 = -1/);
  });

  it('a set outside the cube but for its edge needs no boxes: the cones hold the edge too', () => {
    // A = (-inf, -4] x [1, 2] meets the cube [-4, 4]^2 only on the segment x1 = -4, where |x|_inf = 4.
    const outer: Box = [I(-Infinity, -4), I(1, 2)];
    expect(gradedNearCover(outer, radius, 0.125, 0.125)).toEqual([]);
    const r = checkLocalPoincare(model, 1, { set: outer, bump: null, boundedTerms: [0], cover: [], farField }, 'frame');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    // sup W on A at (-4, 1): 2 tanh(-4 - 0.5 + 0.3); inf -> -2.
    const osc = new D(-4.2).tanh().plus(1).times(2);
    expect(new D(r.value.osc).gte(osc)).toBe(true);
    expect(r.value.osc).toBeLessThan(osc.toNumber() * 1.01);
  });

  it('on a quadrant the cones see saturation that boxes unbounded in both coordinates cannot', () => {
    // W = tanh(x1 - 3 x2) - tanh(3 x1 - x2) on A = [1, inf)^2: W > 0 would need x1 + x2 < 0, and far out
    // W -> 0 where both neurons saturate alike, -> -2 between their null directions (1, 1/3) and (1/3, 1):
    // osc W = 2 exactly (neither end attained). A box [a, inf) x [b, inf) holds both null lines, so its
    // interval range is [-2, 2]; a cone holds at most one of them.
    const pair: EnergyModel = { kind: 'mlp', dim: 2, layers: [
      { inDim: 2, outDim: 2, weight: Float64Array.of(1, -3, 3, -1), bias: Float64Array.of(0, 0), activation: 'tanh' },
      { inDim: 2, outDim: 1, weight: Float64Array.of(1, -1), bias: Float64Array.of(0), activation: 'identity' },
    ] };
    const e: EnergyModel = { kind: 'sum', dim: 2, terms: [{ weight: 1, model: pair }, { weight: 1, model: { kind: 'quadratic', dim: 2, lambda: 0.1, center: [0, 0] } }] };
    const quadrant: Box = [I(1, Infinity), I(1, Infinity)];
    const withCones = checkLocalPoincare(e, 1, { set: quadrant, bump: null, boundedTerms: [0], cover: gradedNearCover(quadrant, 8, 0.125, 0.125), farField: frameFarField(8, 64) }, 'quadrant');
    expect(withCones.ok).toBe(true);
    if (!withCones.ok) return;
    expect(withCones.value.osc).toBeGreaterThanOrEqual(2);
    expect(withCones.value.osc).toBeLessThan(2.002);
    // The output negated: now the cones decide inf W (0 approached) and the boxes' -2 must not win.
    const negated: EnergyModel = { kind: 'sum', dim: 2, terms: [{ weight: -1, model: pair }, e.terms[1]!] };
    const flipped = checkLocalPoincare(negated, 1, { set: quadrant, bump: null, boundedTerms: [0], cover: gradedNearCover(quadrant, 8, 0.125, 0.125), farField: frameFarField(8, 64) }, 'quadrant');
    expect(flipped.ok && flipped.value.osc).toBeGreaterThanOrEqual(2);
    expect(flipped.ok && flipped.value.osc).toBeLessThan(2.002);
    // The same boxes continued to infinity (no far field): the crude [-2, 2].
    const boxes = checkLocalPoincare(e, 1, { set: quadrant, bump: null, boundedTerms: [0], cover: [...gradedNearCover(quadrant, 8, 0.125, 0.125), [I(8, Infinity), I(1, Infinity)], [I(1, 8), I(8, Infinity)]] }, 'quadrant');
    expect(boxes.ok && boxes.value.osc).toBeGreaterThanOrEqual(4);
  });

  it('W = 0 (no bump, no terms) on a strongly convex energy: osc 0 over the cones too', () => {
    const quadratic: EnergyModel = { kind: 'quadratic', dim: 2, lambda: 0.1, center: [0, 0] };
    const quadrant: Box = [I(1, Infinity), I(1, Infinity)];
    const r = checkLocalPoincare(quadratic, 1, { set: quadrant, bump: null, cover: gradedNearCover(quadrant, 8, 0.5, 0.25), farField: frameFarField(8, 4) }, 'quadrant');
    expect(r.ok && r.value.osc).toBe(0);
  });

  it('sets touching the cube on its upper face, or missing it, need no boxes', () => {
    for (const set of [[I(4, Infinity), I(1, 2)], [I(5, Infinity), I(1, 2)], [I(1, 2), I(4, Infinity)]] as Box[]) {
      const r = checkLocalPoincare(model, 1, { set, bump: null, boundedTerms: [0], cover: [], farField }, 'frame');
      expect(r.ok, JSON.stringify(set)).toBe(true);
    }
  });

  it('refuses malformed far fields and a cover that misses A inside the cube', () => {
    expect(reason({ ...piece, farField: { ...farField, radius: 0 } })).toMatch(/radius/);
    expect(reason({ ...piece, farField: { ...farField, radius: Infinity } })).toMatch(/radius/);
    expect(reason({ ...piece, farField: { ...farField, center: [0] } })).toMatch(/center/);
    expect(reason({ ...piece, farField: { ...farField, patches: [[I(-2, 1), I(1, 1)]] } })).toMatch(/not inside/);
    expect(reason({ ...piece, farField: null as unknown as FarField })).toMatch(/not an object/);
    // The boxes must cover A ∩ cube = [-4, 0] x [1, 2]: drop those touching x1 = -4.
    expect(reason({ ...piece, cover: piece.cover.filter((b) => b[0]!.lo > -4) })).toMatch(/gap|cover/);
    // A segment strictly inside the cube touches no face of it: it needs boxes.
    const segment: Box = [I(-2, -2), I(1, 2)];
    expect(reason({ ...piece, set: segment, cover: [] })).toMatch(/empty interior/);
    // Boxes plus patches at most MAX_COVER_BOXES = 50,000: exactly that many is accepted, one more refused.
    const padded = (n: number): Box[] => [...piece.cover, ...Array.from({ length: n - piece.cover.length }, () => piece.cover[0]!)];
    const room = 50_000 - farField.patches.length;
    expect(reason({ ...piece, cover: padded(room) })).toBe('accepted');
    expect(reason({ ...piece, cover: padded(room + 1) })).toMatch(/boxes and 64 patches exceed the limit 50000/);
    // A patch that is not a face patch (coordinate 1 is [-1, -0.5], not exactly -1) does not tile that face.
    const thick: FarField = { ...farField, patches: [...farField.patches.filter((p) => !(p[0]!.lo === -1 && p[0]!.hi === -1)), [I(-1, -0.5), I(-1, 1)]] };
    expect(reason({ ...piece, farField: thick })).toMatch(/gap in the face x1 = -1/);
    expect(reason({ ...piece, set: [I(1, 0), I(1, 2)] })).toBe('frame: the set[0]: lo 1 > hi 0');
  });

  it('hess U is checked on the cones too: W without the network leaves U non-convex out there', () => {
    // W = 0 on a set inside the far field: U = E has lambda_min < 0 where the tanh ridge crosses it.
    const ridge: Box = [I(-Infinity, -4), I(-Infinity, Infinity)];
    const r = checkLocalPoincare(model, 1, { set: ridge, bump: null, cover: gradedNearCover(ridge, radius, 0.5, 0.125), farField }, 'frame');
    expect(r.ok).toBe(false);
  });
});
