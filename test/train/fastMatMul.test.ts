import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initTf } from '../../src/energy/tfjs.js';
import { createRng } from '../../src/random/rng.js';
import { fastMatMul, linearTransposed } from '../../src/train/fastMatMul.js';

const f32 = (n: number, seed: number): Float32Array => {
  const x = new Float64Array(n);
  createRng(seed).fillNormal(x);
  return Float32Array.from(x);
};

/** float64 a . b (n x k times k x m), row-major. */
function product(a: ArrayLike<number>, b: ArrayLike<number>, n: number, k: number, m: number, transposeA = false): Float64Array {
  const out = new Float64Array(n * m);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let l = 0; l < k; l++) s += (transposeA ? a[l * n + i]! : a[i * k + l]!) * b[l * m + j]!;
      out[i * m + j] = s;
    }
  return out;
}

const close = (got: ArrayLike<number>, want: ArrayLike<number>, rel: number, label: string) => {
  expect(got.length, label).toBe(want.length);
  let scale = 0;
  for (let i = 0; i < want.length; i++) scale = Math.max(scale, Math.abs(want[i]!));
  for (let i = 0; i < want.length; i++) expect(Math.abs(got[i]! - want[i]!), `${label}[${i}]`).toBeLessThanOrEqual(rel * scale);
};

describe('fastMatMul: a . b with untransposed products in value and derivatives', () => {
  beforeAll(async () => {
    await initTf();
  });
  const n = 37, k = 64, m = 21;
  const A = f32(n * k, 1), B = f32(k * m, 2), C = f32(n * m, 3);

  it('the value is the sequential float32 sum of each dot product, bit for bit', () => {
    const got = fastMatMul(tf.tensor2d(A, [n, k]), tf.tensor2d(B, [k, m])).dataSync();
    for (let i = 0; i < n; i++)
      for (let j = 0; j < m; j++) {
        let s = 0;
        for (let l = 0; l < k; l++) s = Math.fround(s + Math.fround(A[i * k + l]! * B[l * m + j]!));
        expect(got[i * m + j], `(${i}, ${j})`).toBe(s);
      }
  });

  it('first derivatives: d/da sum(c * ab) = c b^T and d/db = a^T c (float64 closed forms)', () => {
    const a = tf.tensor2d(A, [n, k]), b = tf.tensor2d(B, [k, m]), c = tf.tensor2d(C, [n, m]);
    const [ga, gb] = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(c, fastMatMul(x as tf.Tensor2D, y as tf.Tensor2D))))([a, b]);
    const BT = new Float64Array(m * k);
    for (let l = 0; l < k; l++) for (let j = 0; j < m; j++) BT[j * k + l] = B[l * m + j]!;
    close(ga!.dataSync(), product(C, BT, n, m, k), 1e-6, 'd/da');
    close(gb!.dataSync(), product(A, C, k, n, m, true), 1e-6, 'd/db');
  });

  it('second derivatives (the flow loss differentiates a gradient): d/db sum((c b^T)^2) = 2 (c b^T)^T c', () => {
    const a = tf.tensor2d(A, [n, k]), b = tf.tensor2d(B, [k, m]), c = tf.tensor2d(C, [n, m]);
    const loss = (y: tf.Tensor) => {
      const ga = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(c, fastMatMul(x as tf.Tensor2D, y as tf.Tensor2D))))(a);
      return tf.sum(tf.square(ga));
    };
    const gb = tf.grad(loss)(b).dataSync();
    const BT = new Float64Array(m * k);
    for (let l = 0; l < k; l++) for (let j = 0; j < m; j++) BT[j * k + l] = B[l * m + j]!;
    const g = product(C, BT, n, m, k); // c b^T, n x k
    const want = product(g, C, k, n, m, true).map((v) => 2 * v);
    close(gb, want, 1e-5, 'd/db');
    // and the same as tfjs's own matMul differentiated twice, to float32 accuracy
    const plain = tf.grad((y: tf.Tensor) => tf.sum(tf.square(tf.grad((x: tf.Tensor) => tf.sum(tf.mul(c, tf.matMul(x, y))))(a))))(b).dataSync();
    close(gb, plain, 1e-5, 'vs tf.matMul');
  });

  it('linearTransposed(x, W) is x W^T for W stored [out, in]', () => {
    const x = tf.tensor2d(A, [n, k]), w = tf.tensor2d(B.subarray(0, m * k), [m, k]);
    const BT = new Float64Array(k * m);
    for (let j = 0; j < m; j++) for (let l = 0; l < k; l++) BT[l * m + j] = B[j * k + l]!;
    close(linearTransposed(x, w).dataSync(), product(A, BT, n, k, m), 1e-6, 'x W^T');
  });
});
