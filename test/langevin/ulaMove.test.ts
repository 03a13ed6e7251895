import { describe, expect, it } from 'vitest';
import { ulaLogProposalDensity, ulaMove } from '../../src/langevin/ulaMove.js';

describe('ulaMove', () => {
  it('computes x - eta * g + sqrt(2 eta T) * xi (eta T = 1/2 makes the noise scale exactly 1)', () => {
    const x = Float64Array.of(1, -2, 0.5);
    const g = Float64Array.of(4, 0, -2);
    const xi = Float64Array.of(0.25, -1, 3);
    const out = new Float64Array(3);
    ulaMove(x, g, xi, 3, 0.25, 2, out); // sqrt(2 * 0.25 * 2) = 1
    expect(Array.from(out)).toEqual([1 - 1 + 0.25, -2 - 0 - 1, 0.5 + 0.5 + 3]);
  });

  it('may write in place over the noise buffer', () => {
    const x = Float64Array.of(3);
    const g = Float64Array.of(2);
    const buf = Float64Array.of(-0.5);
    ulaMove(x, g, buf, 1, 0.5, 4, buf); // sigma = 2
    expect(buf[0]).toBe(3 - 1 - 1);
  });

  it('the log proposal density is -|y - x + eta g|^2 / (4 eta T) for one particle at an offset', () => {
    const y = Float64Array.of(9, 9, 1, 2);
    const x = Float64Array.of(9, 9, 0, 0);
    const g = Float64Array.of(9, 9, 2, -4);
    // r = (1 - 0 + 0.5*2, 2 - 0 - 0.5*4) = (2, 0); |r|^2 = 4; 4 eta T = 4 * 0.5 * 0.5 = 1
    expect(ulaLogProposalDensity(y, x, g, 2, 2, 0.5, 0.5)).toBe(-4);
  });
});
