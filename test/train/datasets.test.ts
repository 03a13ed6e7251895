import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/random/rng.js';
import { DATASET_NAMES, eightGaussianCenters, sampleDataset } from '../../src/train/datasets.js';
import { InputError } from '../../src/util/errors.js';

const rows = (x: Float64Array) => Array.from({ length: x.length / 2 }, (_, i) => [x[2 * i]!, x[2 * i + 1]!] as const);

describe('sampleDataset', () => {
  it.each(DATASET_NAMES)('%s: n finite 2D points, the same for the same seed, different for another', (name) => {
    const a = sampleDataset(name, 501, createRng(1));
    expect(a.length).toBe(1002);
    expect(a.every(Number.isFinite)).toBe(true);
    expect(sampleDataset(name, 501, createRng(1))).toEqual(a);
    expect(sampleDataset(name, 501, createRng(2))).not.toEqual(a);
    // every FFJORD set lives within a few units of the origin
    expect(Math.max(...a.map(Math.abs))).toBeLessThan(8);
  });

  it('8gaussians: points scatter around the eight centres at radius 4/1.414 with std 0.5/1.414', () => {
    const x = sampleDataset('8gaussians', 4000, createRng(3));
    const centers = eightGaussianCenters();
    expect(Math.hypot(...centers[4]!)).toBeCloseTo(4 / 1.414, 12);
    const counts = new Array(8).fill(0);
    let sq = 0;
    for (const [px, py] of rows(x)) {
      const d = centers.map(([cx, cy]) => (px - cx) ** 2 + (py - cy) ** 2);
      const j = d.indexOf(Math.min(...d));
      counts[j]++;
      sq += d[j]!;
    }
    for (const c of counts) expect(Math.abs(c - 500)).toBeLessThan(100);
    // E|z|^2 = 2 * (0.5/1.414)^2 = 0.25
    expect(sq / 4000).toBeGreaterThan(0.22);
    expect(sq / 4000).toBeLessThan(0.28);
  });

  it('checkerboard: floor(x/2) and floor(y/2) have the same parity (the black squares)', () => {
    for (const [px, py] of rows(sampleDataset('checkerboard', 2000, createRng(4))))
      expect((((Math.floor(px / 2) - Math.floor(py / 2)) % 2) + 2) % 2).toBe(0);
  });

  it('circles: radii near 3 and 1.5, half each', () => {
    const r = rows(sampleDataset('circles', 2000, createRng(5))).map(([a, b]) => Math.hypot(a, b));
    const outer = r.filter((v) => v > 2.25);
    // noise 0.24 can carry a rare point across the 2.25 threshold
    expect(Math.abs(outer.length - 1000)).toBeLessThan(10);
    expect(outer.reduce((s, v) => s + v, 0) / outer.length).toBeCloseTo(3, 1);
  });

  it('moons: the two half circles, mapped by 2x + (-1, -0.2)', () => {
    const x = sampleDataset('moons', 3000, createRng(6));
    let mx = 0, my = 0;
    for (const [a, b] of rows(x)) {
      mx += a;
      my += b;
    }
    // means of the unit moons are (0.5, 0.25) -> (0, 0.3) after the map (noise has mean 0)
    expect(mx / 3000).toBeCloseTo(0, 1);
    expect(my / 3000).toBeCloseTo(0.3, 1);
  });

  it('an unknown name is an InputError that lists the valid ones', () => {
    expect(() => sampleDataset('9gaussians', 10, createRng(1))).toThrow(InputError);
    expect(() => sampleDataset('9gaussians', 10, createRng(1))).toThrow(/valid: 8gaussians, 2spirals, checkerboard/);
  });
});
