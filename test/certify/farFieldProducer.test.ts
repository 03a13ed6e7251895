import { describe, expect, it } from 'vitest';
import { hasNetwork, refineFarFieldCover, wholeFaces } from '../../src/certify/farFieldProducer.js';
import { checkSmoothness } from '../../src/kernel/checks/smoothness.js';
import type { EnergyModel } from '../../src/kernel/model.js';
import { tanhLayers } from './fixtures.js';

const net: EnergyModel = { kind: 'mlp', dim: 2, layers: tanhLayers };
const model: EnergyModel = { kind: 'sum', dim: 2, terms: [{ weight: 1, model: net }, { weight: 1, model: { kind: 'quadratic', dim: 2, lambda: 0.1, center: [0, 0] } }] };

/** max |eig| of the exact Hessian of the fixture network + 0.1 |x|^2 / 2 at x (closed form). */
function hessNorm(x: number, y: number): number {
  const W = tanhLayers[0]!.weight, b = tanhLayers[0]!.bias, v = tanhLayers[1]!.weight;
  let a = 0.1, c = 0, d = 0.1;
  for (let k = 0; k < 4; k++) {
    const t = Math.tanh(W[2 * k]! * x + W[2 * k + 1]! * y + b[k]!);
    const s = -2 * t * (1 - t * t) * v[k]!;
    a += s * W[2 * k]! ** 2; c += s * W[2 * k]! * W[2 * k + 1]!; d += s * W[2 * k + 1]! ** 2;
  }
  const m = (a + d) / 2, r = Math.hypot((a - d) / 2, c);
  return Math.max(Math.abs(m + r), Math.abs(m - r));
}

describe('far-field cover producer', () => {
  it('finds networks inside sums', () => {
    expect(hasNetwork(model)).toBe(true);
    expect(hasNetwork({ kind: 'quadratic', dim: 2, lambda: 1, center: [0, 0] })).toBe(false);
    expect(wholeFaces(3)).toHaveLength(6);
  });

  it('its cover passes the kernel with the bound it reports, above the Hessian norm sampled near and far', () => {
    const c = refineFarFieldCover(model, 1, { center: [0, 0], radius: 8, goal: 0, maxPieces: 150 });
    const k = checkSmoothness(model, 1, c.boxes, c.farField);
    expect(k.ok).toBe(true);
    if (!k.ok) return;
    expect(k.value.upper).toBe(c.upper);
    let sampled = 0;
    for (const r of [0, 0.5, 1, 2, 4, 8, 20, 1e3]) for (let i = 0; i < 64; i++) sampled = Math.max(sampled, hessNorm(r * Math.cos(i / 10), r * Math.sin(i / 10)));
    expect(c.upper).toBeGreaterThanOrEqual(sampled);
    expect(c.upper).toBeLessThan(3 * sampled);
  });
});
