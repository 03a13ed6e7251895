import { describe, expect, it } from 'vitest';
import { modeCoverage } from '../../src/diagnostics/modes.js';

describe('modeCoverage', () => {
  const modes = [[0, 0], [10, 0]];
  it('counts samples near their nearest mode and the populated modes', () => {
    const x = new Float64Array([0.1, 0, -0.2, 0.1, 9.9, 0, 5, 5]);
    const r = modeCoverage(x, 2, modes, 0.5);
    expect(r.counts).toEqual([2, 1]);
    expect(r.nearFraction).toBe(0.75);
    expect(r.populated).toBe(2);
  });
  it('a mode with too small a share is not populated', () => {
    const x = new Float64Array(2 * 20);
    x[0] = 10; // one of 20 samples at the second mode: 1 < 0.2 * 20 / 2
    expect(modeCoverage(x, 2, modes, 0.5).populated).toBe(1);
  });
  it('refuses modes of the wrong dimension', () => {
    expect(() => modeCoverage(new Float64Array([0, 0]), 2, [[0]], 1)).toThrow(/dimension 2/);
  });
});
