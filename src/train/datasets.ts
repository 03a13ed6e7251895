// The standard 2D toy data sets, with FFJORD's conventions (rtqichen/ffjord, lib/toy_data.py, which
// builds several of them from scikit-learn's make_moons / make_circles / make_swiss_roll; those
// generators are re-derived here). Every draw goes through the seeded Rng, so a seed fixes the data.
import type { Rng } from '../random/rng.js';
import { InputError } from '../util/errors.js';

export const DATASET_NAMES = ['8gaussians', '2spirals', 'checkerboard', 'moons', 'rings', 'pinwheel', 'swissroll', 'circles'] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];

export function isDatasetName(name: string): name is DatasetName {
  return (DATASET_NAMES as readonly string[]).includes(name);
}

/** Throws an InputError listing the valid names when `name` is not one of them. */
export function checkDatasetName(name: string, option = '--dataset'): DatasetName {
  if (!isDatasetName(name)) throw new InputError(`${option} ${JSON.stringify(name)}: unknown data set (valid: ${DATASET_NAMES.join(', ')})`);
  return name;
}

/** The eight mode centres of 8gaussians: radius 4 / 1.414, as FFJORD divides the whole set by 1.414. */
export function eightGaussianCenters(): [number, number][] {
  const s = 4 / 1.414;
  const r = 1 / Math.sqrt(2);
  const unit: [number, number][] = [[1, 0], [-1, 0], [0, 1], [0, -1], [r, r], [r, -r], [-r, r], [-r, -r]];
  return unit.map(([x, y]) => [s * x, s * y]);
}

/** Per-coordinate standard deviation of each 8gaussians mode (0.5 / 1.414). */
export const EIGHT_GAUSSIANS_STD = 0.5 / 1.414;

/** n points of the named set, row-major (n x 2). */
export function sampleDataset(name: string, n: number, rng: Rng): Float64Array {
  const which = checkDatasetName(name, 'dataset');
  if (!Number.isInteger(n) || n < 0) throw new InputError(`sampleDataset: n must be a non-negative integer, got ${n}`);
  const out = new Float64Array(2 * n);
  generators[which](out, n, rng);
  return out;
}

type Generator = (out: Float64Array, n: number, rng: Rng) => void;

const randInt = (rng: Rng, k: number): number => Math.min(k - 1, Math.floor(rng.uniform() * k));

/** Fisher-Yates over rows, the counterpart of sklearn's shuffle (the sets built in class order need it). */
function shuffleRows(out: Float64Array, n: number, rng: Rng): void {
  for (let i = n - 1; i > 0; i--) {
    const j = randInt(rng, i + 1);
    const ax = out[2 * i]!, ay = out[2 * i + 1]!;
    out[2 * i] = out[2 * j]!;
    out[2 * i + 1] = out[2 * j + 1]!;
    out[2 * j] = ax;
    out[2 * j + 1] = ay;
  }
}

const linspace = (i: number, count: number, stop: number, endpoint: boolean): number =>
  count <= 1 ? 0 : (stop * i) / (endpoint ? count - 1 : count);

const generators: Record<DatasetName, Generator> = {
  '8gaussians': (out, n, rng) => {
    const centers = eightGaussianCenters();
    for (let i = 0; i < n; i++) {
      const px = rng.normal() * EIGHT_GAUSSIANS_STD;
      const py = rng.normal() * EIGHT_GAUSSIANS_STD;
      const c = centers[randInt(rng, 8)]!;
      out[2 * i] = c[0] + px;
      out[2 * i + 1] = c[1] + py;
    }
  },

  '2spirals': (out, n, rng) => {
    // Each spiral arm takes half; an odd n gets one extra point on the first arm.
    for (let i = 0; i < n; i++) {
      const t = Math.sqrt(rng.uniform()) * 540 * (2 * Math.PI) / 360;
      const dx = -Math.cos(t) * t + rng.uniform() * 0.5;
      const dy = Math.sin(t) * t + rng.uniform() * 0.5;
      const sign = i % 2 === 0 ? 1 : -1;
      out[2 * i] = (sign * dx) / 3 + rng.normal() * 0.1;
      out[2 * i + 1] = (sign * dy) / 3 + rng.normal() * 0.1;
    }
  },

  checkerboard: (out, n, rng) => {
    for (let i = 0; i < n; i++) {
      const x1 = rng.uniform() * 4 - 2;
      const x2 = rng.uniform() - randInt(rng, 2) * 2;
      // numpy's floor(x1) % 2 is non-negative for negative x1 too.
      const parity = ((Math.floor(x1) % 2) + 2) % 2;
      out[2 * i] = x1 * 2;
      out[2 * i + 1] = (x2 + parity) * 2;
    }
  },

  moons: (out, n, rng) => {
    // sklearn make_moons(noise=0.1): outer half circle, inner shifted half circle; then *2 + (-1, -0.2).
    const nOut = Math.floor(n / 2);
    const nIn = n - nOut;
    for (let i = 0; i < nOut; i++) {
      const a = linspace(i, nOut, Math.PI, true);
      out[2 * i] = Math.cos(a);
      out[2 * i + 1] = Math.sin(a);
    }
    for (let i = 0; i < nIn; i++) {
      const a = linspace(i, nIn, Math.PI, true);
      out[2 * (nOut + i)] = 1 - Math.cos(a);
      out[2 * (nOut + i) + 1] = 1 - Math.sin(a) - 0.5;
    }
    shuffleRows(out, n, rng);
    for (let i = 0; i < n; i++) {
      out[2 * i] = (out[2 * i]! + rng.normal() * 0.1) * 2 - 1;
      out[2 * i + 1] = (out[2 * i + 1]! + rng.normal() * 0.1) * 2 - 0.2;
    }
  },

  rings: (out, n, rng) => {
    // Four concentric circles of radii 3, 2.25, 1.5, 0.75 (n/4 points each, evenly spaced), noise 0.08.
    const quarter = Math.floor(n / 4);
    const counts = [n - 3 * quarter, quarter, quarter, quarter];
    const radii = [0.25, 0.5, 0.75, 1];
    let k = 0;
    counts.forEach((count, ring) => {
      for (let i = 0; i < count; i++, k++) {
        const a = linspace(i, count, 2 * Math.PI, false);
        out[2 * k] = Math.cos(a) * radii[ring]! * 3;
        out[2 * k + 1] = Math.sin(a) * radii[ring]! * 3;
      }
    });
    shuffleRows(out, n, rng);
    for (let i = 0; i < 2 * n; i++) out[i] = out[i]! + rng.normal() * 0.08;
  },

  pinwheel: (out, n, rng) => {
    // Five arms; FFJORD draws n/5 per arm (dropping the remainder); here every point gets an arm.
    const radialStd = 0.3, tangentialStd = 0.1, classes = 5, rate = 0.25;
    for (let i = 0; i < n; i++) {
      const f0 = rng.normal() * radialStd + 1;
      const f1 = rng.normal() * tangentialStd;
      const angle = (2 * Math.PI * (i % classes)) / classes + rate * Math.exp(f0);
      const c = Math.cos(angle), s = Math.sin(angle);
      // einsum("ti,tij->tj") with rotation [[c, -s], [s, c]]: row vector times matrix.
      out[2 * i] = 2 * (f0 * c + f1 * s);
      out[2 * i + 1] = 2 * (-f0 * s + f1 * c);
    }
    shuffleRows(out, n, rng);
  },

  swissroll: (out, n, rng) => {
    // sklearn make_swiss_roll(noise=1.0), coordinates (x, z), divided by 5.
    for (let i = 0; i < n; i++) {
      const t = 1.5 * Math.PI * (1 + 2 * rng.uniform());
      out[2 * i] = (t * Math.cos(t) + rng.normal()) / 5;
      out[2 * i + 1] = (t * Math.sin(t) + rng.normal()) / 5;
    }
  },

  circles: (out, n, rng) => {
    // sklearn make_circles(factor=0.5, noise=0.08), times 3.
    const nOut = Math.floor(n / 2);
    const nIn = n - nOut;
    for (let i = 0; i < nOut; i++) {
      const a = linspace(i, nOut, 2 * Math.PI, false);
      out[2 * i] = Math.cos(a);
      out[2 * i + 1] = Math.sin(a);
    }
    for (let i = 0; i < nIn; i++) {
      const a = linspace(i, nIn, 2 * Math.PI, false);
      out[2 * (nOut + i)] = 0.5 * Math.cos(a);
      out[2 * (nOut + i) + 1] = 0.5 * Math.sin(a);
    }
    shuffleRows(out, n, rng);
    for (let i = 0; i < 2 * n; i++) out[i] = (out[i]! + rng.normal() * 0.08) * 3;
  },
};
