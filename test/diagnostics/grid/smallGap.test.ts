// The inverse-iteration gap of the Scharfetter-Gummel generator against independent references: the
// Ornstein-Uhlenbeck closed form (gap = the smallest curvature) and, for the 2-d double well (a product),
// min(1-d finite-volume gap on 20,001 nodes, 1/T) at a temperature where the gap is 7.8e-4.
import { describe, expect, it } from 'vitest';
import { loadEnergy } from '../../../src/energy/spec.js';
import { fieldOn, uniformGrid } from '../../../src/diagnostics/grid/grid.js';
import { potentialFromEnergy } from '../../../src/diagnostics/grid/potential.js';
import { smallGapOnGrid } from '../../../src/diagnostics/grid/smallGap.js';
import { spectralGap1d } from '../../../src/diagnostics/grid/gap1d.js';

const gapOf = (spec: string, T: number, half: number, n: number): number =>
  smallGapOnGrid(fieldOn(potentialFromEnergy(loadEnergy(spec), T), uniformGrid(-half, half, -half, half, n, n))).gap;

describe('smallGapOnGrid', () => {
  it('Ornstein-Uhlenbeck 0.5 (x1^2 + 4 x2^2) at T = 1: gap 1 (closed form) to 0.5%', () => {
    expect(gapOf('expr:0.5*(x1^2 + 4*x2^2)', 1, 6, 121)).toBeCloseTo(1, 2);
  });

  it('the 2-d double well at T = 0.1 (barrier / T = 10): the 1-d reference to 1%', () => {
    const T = 0.1;
    const reference = Math.min(spectralGap1d((x) => (x * x - 1) ** 2 / T, 3, 20_001), 1 / T);
    const gap = gapOf('expr:(x1^2 - 1)^2 + 0.5*x2^2', T, 2.5, 151);
    expect(Math.abs(gap / reference - 1)).toBeLessThan(0.01);
  });
});
