import { describe, expect, it } from 'vitest';
import { flowWeight, flowWeightAt, rampTemperature } from '../../src/train/schedule.js';

describe('rampTemperature (reference eps(t))', () => {
  it('0 before tau*, linear on [tau*, 1), eps_max from 1 on', () => {
    expect(rampTemperature(0, 0.8, 0.15)).toBe(0);
    expect(rampTemperature(0.79, 0.8, 0.15)).toBe(0);
    expect(rampTemperature(0.8, 0.8, 0.15)).toBe(0);
    expect(rampTemperature(0.9, 0.8, 0.15)).toBeCloseTo(0.075, 15);
    expect(rampTemperature(1, 0.8, 0.15)).toBe(0.15);
    expect(rampTemperature(3, 0.8, 0.15)).toBe(0.15);
  });
});

describe('flowWeight (reference w(t), phase 2)', () => {
  it('1 before tau*, linear down to 0 at t = 1', () => {
    expect(flowWeight(0.5, 0.8)).toBe(1);
    expect(flowWeight(0.8, 0.8)).toBe(1);
    expect(flowWeight(0.9, 0.8)).toBeCloseTo(0.5, 14);
    expect(flowWeight(1, 0.8)).toBe(0);
  });
});

describe('flowWeightAt (the flow term faded out over phase 2)', () => {
  const c = { steps: 110, phase1Steps: 10, flowWeight: 2, flowFade: [0.5, 0.75] as const };
  it('full weight through phase 1 and up to fraction a of phase 2', () => {
    expect(flowWeightAt(c, 1)).toBe(2);
    expect(flowWeightAt(c, 10)).toBe(2);
    expect(flowWeightAt(c, 60)).toBe(2); // fraction 0.5 exactly
  });
  it('linear between a and b, 0 from b on', () => {
    expect(flowWeightAt(c, 61)).toBeCloseTo(2 * (1 - 0.01 / 0.25), 14);
    expect(flowWeightAt(c, 72.5)).toBeCloseTo(1, 14);
    expect(flowWeightAt(c, 85)).toBe(0);
    expect(flowWeightAt(c, 110)).toBe(0);
  });
  it('a >= 1: never faded, the last step included', () => {
    expect(flowWeightAt({ ...c, flowFade: [1, 1] }, 110)).toBe(2);
  });
  it('a = b: a step down at a', () => {
    expect(flowWeightAt({ ...c, flowFade: [0.5, 0.5] }, 60)).toBe(2);
    expect(flowWeightAt({ ...c, flowFade: [0.5, 0.5] }, 61)).toBe(0);
  });
});
