import { describe, expect, it } from 'vitest';
import { boxSpectralRadius, checkSmoothness } from '../../../src/kernel/checks/smoothness.js';
import { I, R, expr, gridCover, netPlusReg, regularizer, tanhLayers, wholeSpace } from './helpers.js';
import { D60, d60, encloses } from '../intervalReference.js';

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

describe('checkSmoothness: negative curvature, the max over boxes, refusals', () => {
  it('counts negative curvature: f = (-3 x1^2 + x2^2 / 2) / T has L = 6 / T (60-digit reference)', () => {
    const T = 0.7;
    const r = checkSmoothness(expr('-3*x1^2 + 0.5*x2^2'), T, wholeSpace(2));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const exact = new D60(6).div(d60(T));
    expect(encloses({ lo: -Infinity, hi: r.value.upper }, exact), `${r.value.upper} vs ${exact}`).toBe(true);
    expect(new D60(r.value.upper).lte(exact.times(1 + 1e-12))).toBe(true);
  });

  it('L is the largest box bound, not the last one, and worstBox is the first box attaining it', () => {
    // f = sin(x1) + x2^2 / 4: hess f = diag(-sin x1, 1/2), sup |eig| = 1 (at x1 = pi/2). The last box
    // [0, 0.1] x R has |eig| <= 1/2 there.
    const model = expr('sin(x1) + 0.25*x2^2');
    const boxes = [[I(-Infinity, 0), R], [I(0.1, Infinity), R], [I(0, 0.1), R]];
    const r = checkSmoothness(model, 1, boxes);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.upper).toBeGreaterThanOrEqual(1);
    const perBox = boxes.map((b) => boxSpectralRadius(model, 1, b));
    expect(perBox[2]).toBeLessThan(1);
    expect(r.value.upper).toBe(Math.max(...perBox));
    expect(r.value.worstBox).toBe(perBox.indexOf(Math.max(...perBox)));
    // Reordered: the same L, with the worst box reported where it now is.
    const again = checkSmoothness(model, 1, [boxes[2]!, boxes[1]!, boxes[0]!]);
    expect(again.ok && again.value.upper).toBe(r.value.upper);
    expect(again.ok && again.value.worstBox).toBe([perBox[2]!, perBox[1]!, perBox[0]!].indexOf(Math.max(...perBox)));
  });

  it('a box whose enclosure throws (log of negatives) has no bound: Infinity', () => {
    expect(boxSpectralRadius(expr('log(x1) + x2^2'), 1, [I(-1, 1), I(0, 1)])).toBe(Infinity);
    const r = checkSmoothness(expr('log(x1) + x2^2'), 1, wholeSpace(2));
    expect(r.ok && r.value.upper).toBe(Infinity);
  });

  it('refuses a bad temperature and a model that is not C^2', () => {
    for (const T of [0, -1, Number.NaN, Infinity]) {
      const r = checkSmoothness(regularizer(1), T, wholeSpace(2));
      expect(r.ok ? '' : r.reason).toMatch(/^smoothness: temperature/);
    }
    const r = checkSmoothness(expr('abs(x1) + x2^2'), 1, wholeSpace(2));
    expect(r.ok ? '' : r.reason).toMatch(/^smoothness: the expression uses abs/);
  });
});
