import { describe, expect, it } from 'vitest';
import { flowWeight, rampTemperature } from '../../src/train/schedule.js';

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
