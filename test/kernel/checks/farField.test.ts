import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { checkFarFieldCover, farFieldCube, type FarField } from '../../../src/kernel/checks/farField.js';
import { checkSmoothness } from '../../../src/kernel/checks/smoothness.js';
import type { Box } from '../../../src/kernel/checks/cover.js';
import type { EnergyModel } from '../../../src/kernel/model.js';
import { wholeFaces } from '../../../src/certify/farFieldProducer.js';
import { splitBox } from '../../../src/certify/refine.js';
import { exactDecimal } from '../networkReference.js';

const D = Decimal.clone({ precision: 60 });
const dec = (x: number): Decimal => exactDecimal(D, x);

/** Each face of [-1, 1]^d cut by `cuts` random bisections (a tiling of the surface). */
function tiledFaces(dim: number, cuts: number[]): Box[] {
  const patches = wholeFaces(dim);
  for (const c of cuts) {
    const k = c % patches.length;
    const p = patches[k]!;
    const free = p.findIndex((iv, j) => iv.lo !== iv.hi && j === Math.floor(c / 7) % dim);
    if (free < 0) continue;
    const mid = p[free]!.lo + (p[free]!.hi - p[free]!.lo) / 2;
    patches.splice(k, 1, ...splitBox(p, free, mid));
  }
  return patches;
}

const cube = (center: number[], radius: number): Box[] => [farFieldCube(center, radius)];

describe('far-field cover (cube boxes plus cones over face patches)', () => {
  it('whole faces and one cube box cover R^d in dimensions 1, 2, 3', () => {
    for (const d of [1, 2, 3]) {
      const center = new Array<number>(d).fill(0.5);
      expect(checkFarFieldCover(cube(center, 2), { center, radius: 2, patches: wholeFaces(d) }, d)).toEqual({ ok: true });
    }
  });

  it('random tilings are accepted; dropping any one patch is refused, naming its face', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.array(fc.nat(1000), { maxLength: 30 }), fc.nat(), (d, cuts, drop) => {
        const patches = tiledFaces(d, cuts);
        const center = new Array<number>(d).fill(0);
        expect(checkFarFieldCover(cube(center, 1), { center, radius: 1, patches }, d).ok).toBe(true);
        const k = drop % patches.length;
        const missing = patches.filter((_, j) => j !== k);
        const r = checkFarFieldCover(cube(center, 1), { center, radius: 1, patches: missing }, d);
        expect(r.ok).toBe(false);
        expect(r.reason).toMatch(/the patches leave a gap in the face x\d = [+-]1/);
      }),
      { numRuns: 200, seed: 77 },
    );
  });

  it('a mis-tiled face (a patch shrunk by one ulp, or lifted off the face) is refused', () => {
    const patches = tiledFaces(2, [0, 7, 1, 2, 3]);
    const shrunk = patches.map((p, j) => (j === 0 ? p.map((c) => (c.lo === c.hi ? c : { lo: c.lo, hi: c.hi - Number.EPSILON })) : p));
    expect(checkFarFieldCover(cube([0, 0], 1), { center: [0, 0], radius: 1, patches: shrunk }, 2).ok).toBe(false);
    const lifted = patches.map((p, j) => (j === 0 ? p.map((c) => (c.lo === c.hi ? { lo: c.lo * 0.999, hi: c.hi * 0.999 } : c)) : p));
    expect(checkFarFieldCover(cube([0, 0], 1), { center: [0, 0], radius: 1, patches: lifted }, 2).ok).toBe(false);
  });

  it('the cube is the exact one: boxes ending at a float c + R that rounded below the real c + R are refused', () => {
    // Find c, R with fl(c + R) < c + R (real): boxes up to fl(c + R) miss a sliver of the cube.
    let found: [number, number] | undefined;
    for (let i = 1; i < 200 && !found; i++) {
      const c = 0.1 * i, R = 0.7;
      if (dec(c + R).lt(dec(c).plus(dec(R)))) found = [c, R];
    }
    expect(found).toBeDefined();
    const [c, R] = found!;
    const nearest: Box[] = [[{ lo: c - R - 1, hi: c + R }, { lo: c - R - 1, hi: c + R + 1 }], [{ lo: c - R - 1, hi: c + R + 1 }, { lo: c - R - 1, hi: c - R + 1 }]];
    const f: FarField = { center: [c, c], radius: R, patches: wholeFaces(2) };
    // The first box stops at fl(c + R) in x1, the second covers only low x2: the sliver x1 in (fl(c + R), c + R] is uncovered.
    expect(checkFarFieldCover(nearest, f, 2).ok).toBe(false);
    expect(checkFarFieldCover([[{ lo: -10, hi: 10 }, { lo: -10, hi: 10 }]], f, 2).ok).toBe(true);
  });

  it('malformed far fields are refused with a reason', () => {
    const good: FarField = { center: [0, 0], radius: 1, patches: wholeFaces(2) };
    const box = cube([0, 0], 1);
    expect(checkFarFieldCover(box, { ...good, radius: 0 }, 2).reason).toMatch(/radius/);
    expect(checkFarFieldCover(box, { ...good, radius: Infinity }, 2).reason).toMatch(/radius/);
    expect(checkFarFieldCover(box, { ...good, center: [0] }, 2).reason).toMatch(/center/);
    expect(checkFarFieldCover(box, { ...good, center: [0, NaN] }, 2).reason).toMatch(/center/);
    expect(checkFarFieldCover(box, { ...good, patches: [[{ lo: 1, hi: 1 }, { lo: -2, hi: 1 }], ...good.patches] }, 2).reason).toMatch(/inside \[-1, 1\]/);
    expect(checkFarFieldCover([], good, 2).reason).toMatch(/gap in the cube/);
  });
});

describe('smoothness over a far-field cover', () => {
  // E = 2 tanh(x1 - 0.5 x2 + 0.3) + 0.1 |x|^2 / 2: |hess E| <= 2 * 0.7698 * 1.25 + 0.1 everywhere.
  const net: EnergyModel = { kind: 'mlp', dim: 2, layers: [
    { inDim: 2, outDim: 1, weight: Float64Array.of(1, -0.5), bias: Float64Array.of(0.3), activation: 'tanh' },
    { inDim: 1, outDim: 1, weight: Float64Array.of(2), bias: Float64Array.of(0), activation: 'identity' },
  ] };
  const model: EnergyModel = { kind: 'sum', dim: 2, terms: [{ weight: 1, model: net }, { weight: 1, model: { kind: 'quadratic', dim: 2, lambda: 0.1, center: [0, 0] } }] };
  const patches = tiledFaces(2, Array.from({ length: 40 }, (_, i) => i * 13));
  const boxes: Box[] = [];
  for (let i = 0; i < 8; i++) for (let j = 0; j < 8; j++) boxes.push([{ lo: -4 + i, hi: -3 + i }, { lo: -4 + j, hi: -3 + j }]);

  it('the bound is at least the exact spectral norm at points near and far (the worst is on the ridge x1 - 0.5 x2 = -0.3 +- z*)', () => {
    const r = checkSmoothness(model, 1, boxes, { center: [0, 0], radius: 4, patches });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    // hess E = 2 tanh''(z) w w^T + 0.1 I, |w|^2 = 1.25; max |tanh''| = 4 / (3 sqrt 3) at z = +-z*.
    const exact = 2 * (4 / (3 * Math.sqrt(3))) * 1.25 + 0.1;
    expect(r.value.upper).toBeGreaterThanOrEqual(exact * (1 - 1e-12));
    expect(r.value.upper).toBeLessThan(4 * exact); // the cones do not blow it up
    // Refused when the cone patches are dropped or the cube is not covered.
    expect(checkSmoothness(model, 1, boxes, { center: [0, 0], radius: 4, patches: patches.slice(1) }).ok).toBe(false);
    expect(checkSmoothness(model, 1, boxes.slice(1), { center: [0, 0], radius: 4, patches }).ok).toBe(false);
  });

  it('without a far field, the same cube boxes do not cover R^d (the old form is unchanged)', () => {
    expect(checkSmoothness(model, 1, boxes).ok).toBe(false);
  });
});
