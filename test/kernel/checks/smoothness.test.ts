import { describe, expect, it } from 'vitest';
import { checkSmoothness } from '../../../src/kernel/checks/smoothness.js';
import { expr, gridCover, netPlusReg, regularizer, tanhLayers, wholeSpace } from './helpers.js';

/** Float Hessian of the tanh network + (lambda/2)|x|^2 (d tanh = 1 - t^2, d2 tanh = -2 t (1 - t^2)). */
function netHessian(x: number[], lambda: number): number[] {
  const [l1, l2] = tanhLayers;
  const h = [lambda, 0, 0, lambda];
  for (let k = 0; k < l1!.outDim; k++) {
    let z = l1!.bias[k]!;
    for (let j = 0; j < 2; j++) z += l1!.weight[k * 2 + j]! * x[j]!;
    const t = Math.tanh(z);
    const c = l2!.weight[k]! * -2 * t * (1 - t * t);
    for (let a = 0; a < 2; a++) for (let b = 0; b < 2; b++) h[a * 2 + b]! += c * l1!.weight[k * 2 + a]! * l1!.weight[k * 2 + b]!;
  }
  return h;
}

function norm2x2(h: number[]): number {
  const tr = h[0]! + h[3]!;
  const det = h[0]! * h[3]! - h[1]! * h[2]!;
  const disc = Math.sqrt(Math.max(0, (tr * tr) / 4 - det));
  return Math.max(Math.abs(tr / 2 + disc), Math.abs(tr / 2 - disc));
}

describe('checkSmoothness', () => {
  it('a quadratic gives L = lambda / T', () => {
    const r = checkSmoothness(regularizer(3), 2, wholeSpace(2));
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.upper).toBeGreaterThanOrEqual(1.5);
      expect(r.value.upper).toBeLessThan(1.5 * (1 + 1e-12));
    }
  });

  it('network + regularizer: L bounds every sampled Hessian norm', () => {
    const r = checkSmoothness(netPlusReg(1), 1, gridCover(2, 4, 8));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    let worst = 0;
    for (let a = -10; a <= 10; a += 0.125) for (let b = -10; b <= 10; b += 0.5) worst = Math.max(worst, norm2x2(netHessian([a, b], 1)));
    expect(r.value.upper).toBeGreaterThanOrEqual(worst);
    expect(Number.isFinite(r.value.upper)).toBe(true);
  });

  it('the double well has no finite bound (reported, not faked)', () => {
    const r = checkSmoothness(expr('(x1^2-1)^2 + 0.5*x2^2'), 1, gridCover(2, 4, 4));
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.upper).toBe(Infinity);
  });

  it('refuses an incomplete cover', () => {
    const r = checkSmoothness(regularizer(1), 1, gridCover(2, 4, 2).slice(0, -1));
    expect(r.ok).toBe(false);
  });
});
