import { describe, expect, it } from 'vitest';
import { assertMoved, BlowUpWatch, MIN_ACCEPTANCE } from '../../src/langevin/divergence.js';
import { RunError } from '../../src/util/errors.js';

describe('BlowUpWatch', () => {
  it('measures growth above the lowest mean energy in units of max(initial drop, dim * T), whatever the offset', () => {
    for (const offset of [0, 1e6, -1e6]) {
      const w = new BlowUpWatch('ula', 0.1, offset + 100, 2, 1);
      w.check(offset + 1, 1); // dropped by 99: the scale is now 99
      w.check(offset + 1 + 99 * 9999, 2); // just under 1e4 scales
      expect(() => w.check(offset + 1 + 99 * 10001, 3)).toThrow(RunError);
    }
    // Starting at the minimum, the thermal scale dim * T sets the bar.
    const w = new BlowUpWatch('mala', 0.5, 0, 3, 2);
    w.check(5.9e4, 1);
    expect(() => w.check(6.1e4, 2)).toThrow(/^mala diverged at step 2 \(step size 0\.5\): the mean energy grew from 0 to 6\.10e\+4/);
  });
});

describe('assertMoved', () => {
  it(`refuses MALA below ${MIN_ACCEPTANCE} acceptance, never ULA, the flow or a zero-step run`, () => {
    expect(() => assertMoved('mala', 0.004, 100, 3)).toThrow(/^mala did not move: it accepted 0\.40% of its proposals over 100 steps \(under 1%\).*smaller --step-size than 3$/);
    expect(() => assertMoved('mala', 0.004, 100, 3)).toThrow(RunError);
    expect(() => assertMoved('mala', MIN_ACCEPTANCE, 100, 3)).not.toThrow();
    expect(() => assertMoved('ula', 0, 100, 3)).not.toThrow();
    expect(() => assertMoved('flow', 0, 100, 3)).not.toThrow();
    expect(() => assertMoved('mala', 1, 0, 3)).not.toThrow();
  });
});
