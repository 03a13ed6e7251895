// Polyak-Ruppert averaging of the weights over the last part of phase 2: the contrastive term's
// gradient is noisy (a few hundred negatives per step), and the weights at the last step follow that
// noise, which shows as unevenly deep wells (mode masses off by a few %). The uniform mean of the
// iterates over a window where the learning rate is already small averages it out.
import type { MlpLayer } from '../kernel/model.js';

/** First step (1-based) whose weights enter the average: fraction `from` of phase 2; Infinity when from >= 1. */
export function averageStartStep(config: { readonly steps: number; readonly phase1Steps: number; readonly averageFrom: number }): number {
  if (config.averageFrom >= 1) return Infinity;
  const span = Math.max(1, config.steps - config.phase1Steps);
  return config.phase1Steps + Math.floor(config.averageFrom * span) + 1;
}

/** Running float64 sums of the weights after each step, in step order (so resume repeats them bit for bit). */
export class WeightAverage {
  private count: number;
  private readonly sums: Float64Array[];

  constructor(shapes: readonly MlpLayer[], saved?: { readonly count: number; readonly sums: readonly (readonly number[])[] }) {
    this.count = saved?.count ?? 0;
    this.sums = saved ? saved.sums.map((s) => Float64Array.from(s)) : shapes.flatMap((l) => [new Float64Array(l.weight.length), new Float64Array(l.bias.length)]);
  }

  add(layers: readonly MlpLayer[]): void {
    layers.forEach((l, i) => {
      accumulate(this.sums[2 * i]!, l.weight);
      accumulate(this.sums[2 * i + 1]!, l.bias);
    });
    this.count++;
  }

  get steps(): number {
    return this.count;
  }

  /** The mean weights, rounded to float32 (the stored precision), in the layers' shapes. */
  mean(shapes: readonly MlpLayer[]): MlpLayer[] {
    if (this.count === 0) throw new RangeError('WeightAverage.mean: no weights were added');
    const n = this.count;
    const round = (s: Float64Array) => Float64Array.from(Float32Array.from(s, (v) => v / n));
    return shapes.map((l, i) => ({ ...l, weight: round(this.sums[2 * i]!), bias: round(this.sums[2 * i + 1]!) }));
  }

  state(): { count: number; sums: number[][] } {
    return { count: this.count, sums: this.sums.map((s) => Array.from(s)) };
  }
}

function accumulate(sum: Float64Array, values: Float64Array): void {
  for (let k = 0; k < sum.length; k++) sum[k] = sum[k]! + values[k]!;
}
