import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { MlpLayer } from '../../src/kernel/model.js';
import { averageStartStep, WeightAverage } from '../../src/train/weightAverage.js';
import { parseAverageFrom } from '../../src/train/options.js';

const layer = (weight: number[], bias: number[]): MlpLayer => ({ inDim: weight.length / bias.length, outDim: bias.length, weight: Float64Array.from(weight), bias: Float64Array.from(bias), activation: 'identity' });

describe('WeightAverage', () => {
  it('the mean of the added weights, rounded once to float32', () => {
    const a = new WeightAverage([layer([0, 0], [0])]);
    a.add([layer([1, 0.1], [3])]);
    a.add([layer([2, 0.2], [4])]);
    a.add([layer([4, 0.4], [-1])]);
    const m = a.mean([layer([0, 0], [0])])[0]!;
    expect(Array.from(m.weight)).toEqual([Math.fround(7 / 3), Math.fround(0.7 / 3)]);
    expect(Array.from(m.bias)).toEqual([2]);
    expect(a.steps).toBe(3);
  });

  it('property: the mean of float32 weights lies between their min and max, and its state restores it exactly', () => {
    const f32 = fc.float({ min: -10, max: 10, noNaN: true }).map(Math.fround);
    fc.assert(
      fc.property(fc.array(fc.tuple(f32, f32), { minLength: 1, maxLength: 20 }), (pairs) => {
        const shape = [layer([0], [0])];
        const a = new WeightAverage(shape);
        pairs.forEach(([w, b]) => a.add([layer([w], [b])]));
        const m = a.mean(shape)[0]!;
        const ws = pairs.map((p) => p[0]);
        expect(m.weight[0]!).toBeGreaterThanOrEqual(Math.min(...ws));
        expect(m.weight[0]!).toBeLessThanOrEqual(Math.max(...ws));
        const restored = new WeightAverage(shape, JSON.parse(JSON.stringify(a.state())));
        expect(restored.mean(shape)).toEqual(a.mean(shape));
      }),
    );
  });

  it('refuses a mean of nothing', () => {
    expect(() => new WeightAverage([layer([0], [0])]).mean([layer([0], [0])])).toThrow(/no weights/);
  });

  it('averageStartStep: the first step after fraction f of phase 2; none at f >= 1', () => {
    expect(averageStartStep({ steps: 5000, phase1Steps: 500, averageFrom: 0.75 })).toBe(500 + 3375 + 1);
    expect(averageStartStep({ steps: 7, phase1Steps: 2, averageFrom: 0.6 })).toBe(6);
    expect(averageStartStep({ steps: 7, phase1Steps: 2, averageFrom: 0 })).toBe(3);
    expect(averageStartStep({ steps: 7, phase1Steps: 2, averageFrom: 1 })).toBe(Infinity);
  });

  it('parseAverageFrom: a fraction in [0, 1) or none; anything else is one clear input error', () => {
    expect(parseAverageFrom('0.75')).toBe(0.75);
    expect(parseAverageFrom('none')).toBe(1);
    expect(() => parseAverageFrom('1')).toThrow(/--average-from 1: expected a fraction of phase 2 in \[0, 1\) or none/);
    expect(() => parseAverageFrom('-0.1')).toThrow(/--average-from/);
    expect(() => parseAverageFrom('abc')).toThrow(/--average-from/);
  });
});
