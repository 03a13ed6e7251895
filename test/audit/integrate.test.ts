import { describe, expect, it } from 'vitest';
import { gridMinimum } from '../../src/audit/integrate.js';
import { loadEnergy } from '../../src/energy/spec.js';

describe('gridMinimum (producer): batched and one-point float evaluation', () => {
  it('visit the same grid in the same order: the same minimiser and value, ties going to the first point', () => {
    // (x1 - 0.3)^2 + (x2 + 1.1)^2 on [-4, 4]^2 with 64 points per axis (spacing 1/8, centres at -3.9375 + k/8):
    // the nearest centre to (0.3, -1.1) is (0.3125, -1.0625).
    const e = loadEnergy('expr:(x1 - 0.3)^2 + (x2 + 1.1)^2');
    const box = [{ lo: -4, hi: 4 }, { lo: -4, hi: 4 }];
    const one = gridMinimum(e.model, 0.5, box, 64, (x) => e.value(x));
    const batched = gridMinimum(e.model, 0.5, box, 64, e);
    expect(batched).toEqual(one);
    expect(batched.x).toEqual([0.3125, -1.0625]);
    expect(batched.f).toBeCloseTo(((0.0125 ** 2) + (0.0375 ** 2)) / 0.5, 12);
    // A flat energy: every point ties, the first grid point is kept by both.
    const flat = loadEnergy('expr:0*x1 + 0*x2 + 1');
    const a = gridMinimum(flat.model, 1, box, 70, flat);
    expect(a.x).toEqual([-4 + 0.5 * 8 / 70, -4 + 0.5 * 8 / 70]);
    expect(a).toEqual(gridMinimum(flat.model, 1, box, 70, (x) => flat.value(x)));
  });
});
