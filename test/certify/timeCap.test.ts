import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TimeCap } from '../../src/certify/timeCap.js';

/** A clock that only moves when the test says so. */
function manualClock(start = 1_000_000): { now: () => number; advance: (ms: number) => void; reads: () => number } {
  let t = start;
  let reads = 0;
  return { now: () => (reads++, t), advance: (ms) => void (t += ms), reads: () => reads };
}

describe('TimeCap', () => {
  it('without a cap never expires and never reads the clock (so load cannot change a search)', () => {
    const clock = manualClock();
    const cap = TimeCap.seconds(undefined, clock.now);
    const phase = cap.phase('the smoothness search', 0.5);
    clock.advance(1e12);
    expect(cap.expired()).toBe(false);
    expect(phase.expired()).toBe(false);
    expect(clock.reads()).toBe(0);
    expect(cap.limited).toBe(false);
    expect(cap.cuts).toEqual([]);
    expect(TimeCap.none().expired()).toBe(false);
    expect(TimeCap.until(Infinity).expired()).toBe(false);
  });

  it('expires strictly after its seconds, not at them', () => {
    const clock = manualClock();
    const cap = TimeCap.seconds(2, clock.now);
    clock.advance(2000);
    expect(cap.expired()).toBe(false);
    clock.advance(1);
    expect(cap.expired()).toBe(true);
    expect(cap.limited).toBe(true);
  });

  it('a phase gets its fraction of the time left, and its cut is logged once under its name, in order', () => {
    const clock = manualClock();
    const cap = TimeCap.seconds(10, clock.now);
    clock.advance(2000); // 8 s left
    const smooth = cap.phase('the smoothness search', 0.5); // until 6 s
    clock.advance(4000);
    expect(smooth.expired()).toBe(false);
    clock.advance(1);
    expect(smooth.expired()).toBe(true);
    expect(smooth.expired()).toBe(true);
    const lsi = cap.phase('the LSI search'); // until 10 s
    const bump = lsi.phase('the LSI bump search', 0.5); // (10 - 6.001) / 2 later
    clock.advance(1999);
    expect(bump.expired()).toBe(false);
    clock.advance(1);
    expect(bump.expired()).toBe(true);
    expect(lsi.expired()).toBe(false);
    clock.advance(2000);
    expect(lsi.expired()).toBe(true);
    expect(cap.cuts).toEqual(['the smoothness search', 'the LSI bump search', 'the LSI search']);
    expect(lsi.cuts).toEqual(cap.cuts);
  });

  it('a phase of an expired cap is expired at once', () => {
    const clock = manualClock();
    const cap = TimeCap.seconds(1, clock.now);
    clock.advance(5000);
    const p = cap.phase('late', 0.5);
    clock.advance(1);
    expect(p.expired()).toBe(true);
    expect(cap.cuts).toEqual(['late']);
  });

  it('property: expired() is exactly "elapsed > seconds" for any cap and elapsed time', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 0, max: 2_000_000 }), (ms, elapsed) => {
        const clock = manualClock();
        const cap = TimeCap.seconds(ms / 1000, clock.now);
        clock.advance(elapsed);
        expect(cap.expired()).toBe(elapsed > ms);
        expect(cap.cuts.length).toBe(elapsed > ms ? 1 : 0);
      }),
    );
  });
});
