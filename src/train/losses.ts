// The two Energy Matching losses (Balcerak et al., arXiv:2504.10612; reference code
// m1balcerak/EnergyMatching, experiments/toy2d/utils_2D.py), as tfjs scalars to minimise.
import * as tf from '@tensorflow/tfjs';

export type EnergyFn = (x: tf.Tensor2D) => tf.Tensor1D;

/**
 * Flow matching with the time-independent velocity -grad E: mean over the batch and the coordinates
 * of (-grad E(x_t) - u_t)^2, as the reference's `(v_pred - u_t).pow(2).mean()`.
 * xt: interpolants x_t = (1-t) x0 + t x1 (+ sigma noise), ut: targets x1 - x0, both [n, d].
 */
export function flowMatchingLoss(energy: EnergyFn, xt: tf.Tensor2D, ut: tf.Tensor2D, weights?: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    // create_graph=True in PyTorch: tf.grad inside the outer gradient tape keeps second-order terms.
    const gradE = tf.grad((x: tf.Tensor) => tf.sum(energy(x as tf.Tensor2D)))(xt);
    const sq = tf.square(tf.sub(tf.neg(gradE), ut));
    if (!weights) return tf.mean(sq) as tf.Scalar;
    // The reference's weighted form: mean over the batch of w(t_i) * (mean over coordinates).
    return tf.mean(tf.mul(weights, tf.mean(sq, 1))) as tf.Scalar;
  });
}

/**
 * Contrastive divergence: mean E(data) - mean E(negatives). The negatives enter as constant tensors
 * (drawn outside the tape), so only the weights receive gradient, as with the reference's detach().
 */
export function contrastiveDivergenceLoss(energy: EnergyFn, data: tf.Tensor2D, negatives: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.sub(tf.mean(energy(data)), tf.mean(energy(negatives))) as tf.Scalar);
}
