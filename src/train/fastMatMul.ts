// a . b for 2-D tensors that only ever multiplies untransposed operands, in value and in every
// derivative. Why: on tfjs's WebAssembly backend (4.22) matMul without transposes runs XNNPACK
// (120 us for [256, 64] x [64, 64] on this machine) while any transposeA/transposeB flag takes a
// blocked scalar loop (890-990 us, 7-8x slower); autodiff of a plain matMul asks for exactly those
// transposed products (dy b^T and a^T dy), and the training loss differentiates twice. Here the
// gradient transposes explicitly (tf.transpose, 60-95 us) and multiplies with this same function,
// so second derivatives stay on the fast path too. The untransposed product sums each dot product
// in order (equal to a sequential float32 sum), the blocked loop in blocks of k: results differ from
// the transposed-flag products in the last float32 bits (training only; nothing certified).
import * as tf from '@tensorflow/tfjs';

export const fastMatMul: (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor2D = tf.customGrad(
  (...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [a, b, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    save([a, b]);
    return {
      value: tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sa, sb] = saved as [tf.Tensor2D, tf.Tensor2D];
        return [fastMatMul(dy as tf.Tensor2D, tf.transpose(sb)), fastMatMul(tf.transpose(sa), dy as tf.Tensor2D)];
      },
    };
  },
) as unknown as (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor2D;

/** x W^T for W stored [out, in] (PyTorch's layout), through fastMatMul. */
export function linearTransposed(x: tf.Tensor2D, weight: tf.Tensor2D): tf.Tensor2D {
  return fastMatMul(x, tf.transpose(weight));
}
