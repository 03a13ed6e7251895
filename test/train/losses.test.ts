import { Decimal } from 'decimal.js';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initTf } from '../../src/energy/tfjs.js';
import { contrastiveDivergenceLoss, flowMatchingLoss } from '../../src/train/losses.js';

Decimal.set({ precision: 60 });

// Quadratic V(x) = (a/2)|x|^2: grad V = a x, so the flow-matching loss is mean_{i,k} (-a x_ik - u_ik)^2
// and its derivative in a is mean_{i,k} 2 (-a x_ik - u_ik)(-x_ik), both in closed form.
const xs = [[0.5, -1], [2, 0.25], [-1.5, 1]];
const us = [[1, 0], [-0.5, 2], [0.25, -0.75]];
const a0 = 0.75;

function exactLossAndDerivative(a: number): { loss: Decimal; dloss: Decimal } {
  let loss = new Decimal(0), dloss = new Decimal(0);
  xs.forEach((x, i) =>
    x.forEach((xk, k) => {
      const r = new Decimal(-a).times(xk).minus(us[i]![k]!);
      loss = loss.plus(r.pow(2));
      dloss = dloss.plus(r.times(2).times(-xk));
    }),
  );
  return { loss: loss.div(6), dloss: dloss.div(6) };
}

describe('Energy Matching losses (tfjs, float32)', () => {
  beforeAll(async () => {
    await initTf();
  });

  it('flow matching on a quadratic V: value and d/da match the closed form', () => {
    const a = tf.variable(tf.scalar(a0));
    const energy = (x: tf.Tensor2D) => tf.mul(tf.mul(a, 0.5), tf.sum(tf.square(x), 1)) as tf.Tensor1D;
    const xt = tf.tensor2d(xs);
    const ut = tf.tensor2d(us);
    const { value, grads } = tf.variableGrads(() => flowMatchingLoss(energy, xt, ut), [a]);
    const exact = exactLossAndDerivative(a0);
    // float32 arithmetic: relative agreement to ~1e-6
    expect(Math.abs(value.dataSync()[0]! - exact.loss.toNumber()) / exact.loss.toNumber()).toBeLessThan(1e-5);
    const d = grads[a.name]!.dataSync()[0]!;
    expect(Math.abs(d - exact.dloss.toNumber()) / Math.abs(exact.dloss.toNumber())).toBeLessThan(1e-5);
    tf.dispose([a, xt, ut, value, ...Object.values(grads)]);
  });

  it('weighted flow matching: mean over pairs of w_i * (mean over coordinates)', () => {
    const energy = (x: tf.Tensor2D) => tf.mul(a0 / 2, tf.sum(tf.square(x), 1)) as tf.Tensor1D;
    const xt = tf.tensor2d(xs);
    const ut = tf.tensor2d(us);
    const w = [1, 0, 0.5];
    const loss = flowMatchingLoss(energy, xt, ut, tf.tensor1d(w));
    let exact = new Decimal(0);
    xs.forEach((x, i) => {
      let row = new Decimal(0);
      x.forEach((xk, k) => (row = row.plus(new Decimal(-a0).times(xk).minus(us[i]![k]!).pow(2))));
      exact = exact.plus(row.div(2).times(w[i]!));
    });
    expect(Math.abs(loss.dataSync()[0]! - exact.div(3).toNumber())).toBeLessThan(1e-5 * exact.div(3).toNumber());
    tf.dispose([xt, ut, loss]);
  });

  it('flow matching is 0 when -grad V is the target velocity', () => {
    const energy = (x: tf.Tensor2D) => tf.mul(0.5, tf.sum(tf.square(x), 1)) as tf.Tensor1D;
    const xt = tf.tensor2d(xs);
    const ut = tf.neg(xt) as tf.Tensor2D;
    const loss = flowMatchingLoss(energy, xt, ut);
    expect(loss.dataSync()[0]).toBe(0);
    tf.dispose([xt, ut, loss]);
  });

  it('contrastive divergence: mean E(data) - mean E(negatives), gradient only through the weights', () => {
    const a = tf.variable(tf.scalar(2));
    const energy = (x: tf.Tensor2D) => tf.mul(tf.mul(a, 0.5), tf.sum(tf.square(x), 1)) as tf.Tensor1D;
    const data = tf.tensor2d([[1, 0], [0, 2]]); // |x|^2 = 1, 4 -> mean 2.5
    const neg = tf.tensor2d([[3, 0], [0, 0], [1, 1]]); // |x|^2 = 9, 0, 2 -> mean 11/3
    const { value, grads } = tf.variableGrads(() => contrastiveDivergenceLoss(energy, data, neg), [a]);
    // a/2 (2.5 - 11/3) = -7/6 at a = 2; d/da = (2.5 - 11/3)/2 = -7/12
    expect(value.dataSync()[0]).toBeCloseTo(-7 / 6, 6);
    expect(grads[a.name]!.dataSync()[0]).toBeCloseTo(-7 / 12, 6);
    tf.dispose([a, data, neg, value, ...Object.values(grads)]);
  });
});
