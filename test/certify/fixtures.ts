// Shared fixtures for the certificate tests: model directories are written once per test file.
import { join } from 'node:path';
import { scopedTempDir } from '../tempDir.js';
import { saveMlpModel } from '../../src/energy/network/save.js';
import type { MlpLayer } from '../../src/kernel/model.js';

export const tanhLayers: MlpLayer[] = [
  { inDim: 2, outDim: 4, weight: Float64Array.of(1, -0.5, 0.25, 1, -1, 0.5, 0.75, -0.25), bias: Float64Array.of(0, 0.5, -0.5, 0), activation: 'tanh' },
  { inDim: 4, outDim: 1, weight: Float64Array.of(0.5, -0.5, 1, 0.25), bias: Float64Array.of(0), activation: 'identity' },
];

export function tempDir(prefix = 'emcert-cert-'): string {
  return scopedTempDir(prefix); // removed after the test or the file's tests
}

/** A tanh network + (lambda/2)|x|^2 model directory; returns the model.json path. */
export function writeNetwork(dir: string, lambda = 1): string {
  return saveMlpModel(join(dir, `net-${lambda}`), { layers: tanhLayers, regularizer: { lambda, center: [0, 0] }, dtype: 'float64' }).modelPath;
}

/** pi-expectations on a 2-D grid (trapezoid on [-r, r]^2; the Gaussian-like tails beyond are negligible). */
export function gridMoments(f: (x: number, y: number) => number, r = 8, n = 401): { varX: number; varY: number } {
  let z = 0;
  let mx = 0;
  let my = 0;
  let mxx = 0;
  let myy = 0;
  const h = (2 * r) / (n - 1);
  let fmin = Infinity;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) fmin = Math.min(fmin, f(-r + i * h, -r + j * h));
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const x = -r + i * h;
      const y = -r + j * h;
      const w = Math.exp(-(f(x, y) - fmin));
      z += w;
      mx += w * x;
      my += w * y;
      mxx += w * x * x;
      myy += w * y * y;
    }
  mx /= z;
  my /= z;
  return { varX: mxx / z - mx * mx, varY: myy / z - my * my };
}
