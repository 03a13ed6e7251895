// An independent reference for MLP value, gradient and Hessian in 60-digit decimal arithmetic
// (decimal.js), written straightforwardly (full d x d Hessians, no shared code with src/kernel).
import Decimal from 'decimal.js';
import type { Activation, MlpLayer } from '../../src/kernel/model.js';

const D = Decimal.clone({ precision: 60 });
export type Dec = InstanceType<typeof D>;
/** The exact value of a double as a decimal (new Decimal(x) would read x's shortest string, which is not exact). */
export function exactDecimal<T extends Decimal.Constructor>(Ctor: T, x: number): InstanceType<T> {
  if (!Number.isFinite(x) || x === 0) return new Ctor(x) as InstanceType<T>;
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  const bits = buf.getBigUint64(0);
  const exponentBits = Number((bits >> 52n) & 0x7ffn);
  let mantissa = bits & ((1n << 52n) - 1n);
  let exponent: number;
  if (exponentBits === 0) exponent = -1074; // subnormal: mantissa * 2^-1074
  else { mantissa |= 1n << 52n; exponent = exponentBits - 1075; }
  const m = new Ctor(mantissa.toString()).times(x < 0 ? -1 : 1);
  return m.times(new Ctor(2).pow(exponent)) as InstanceType<T>;
}

export const dec = (x: number): Dec => exactDecimal(D, x);

interface ActDerivs { v: Dec; d1: Dec; d2: Dec }

function sigmoid(z: Dec): Dec {
  return new D(1).div(new D(1).plus(z.neg().exp()));
}

export function referenceActivation(act: Activation, z: Dec): ActDerivs {
  const one = new D(1);
  switch (act) {
    case 'identity': return { v: z, d1: one, d2: new D(0) };
    case 'tanh': { // tanh' = 1 - t^2, tanh'' = -2 t (1 - t^2)
      const t = z.tanh();
      const s = one.minus(t.times(t));
      return { v: t, d1: s, d2: t.times(s).times(-2) };
    }
    case 'sigmoid': { // s' = s(1-s), s'' = s(1-s)(1-2s)
      const s = sigmoid(z);
      const p = s.times(one.minus(s));
      return { v: s, d1: p, d2: p.times(one.minus(s.times(2))) };
    }
    case 'softplus': { // log(1 + e^z)' = s, '' = s(1-s)
      const s = sigmoid(z);
      return { v: one.plus(z.exp()).ln(), d1: s, d2: s.times(one.minus(s)) };
    }
    case 'silu': { // (z s)' = s + z s(1-s), '' = s(1-s)(2 + z(1-2s))
      const s = sigmoid(z);
      const p = s.times(one.minus(s));
      return { v: z.times(s), d1: s.plus(z.times(p)), d2: p.times(new D(2).plus(z.times(one.minus(s.times(2))))) };
    }
    case 'relu': throw new Error('reference: relu has no second derivative');
  }
}

export interface ReferenceResult { value: Dec; gradient: Dec[]; hessian: Dec[][] }

export function referenceMlp(layers: readonly MlpLayer[], x: readonly number[]): ReferenceResult {
  const d = x.length;
  let h: Dec[] = x.map((v) => dec(v));
  let J: Dec[][] = x.map((_, i) => x.map((__, j) => dec(i === j ? 1 : 0)));
  let H: Dec[][][] = x.map(() => x.map(() => x.map(() => dec(0))));
  for (const layer of layers) {
    const nh: Dec[] = [], nJ: Dec[][] = [], nH: Dec[][][] = [];
    for (let k = 0; k < layer.outDim; k++) {
      let z = dec(layer.bias[k]!);
      const jz: Dec[] = Array.from({ length: d }, () => dec(0));
      const hz: Dec[][] = Array.from({ length: d }, () => Array.from({ length: d }, () => dec(0)));
      for (let j = 0; j < layer.inDim; j++) {
        const w = dec(layer.weight[k * layer.inDim + j]!);
        z = z.plus(w.times(h[j]!));
        for (let a = 0; a < d; a++) {
          jz[a] = jz[a]!.plus(w.times(J[j]![a]!));
          for (let b = 0; b < d; b++) hz[a]![b] = hz[a]![b]!.plus(w.times(H[j]![a]![b]!));
        }
      }
      const r = referenceActivation(layer.activation, z);
      nh.push(r.v);
      nJ.push(jz.map((v) => v.times(r.d1)));
      nH.push(hz.map((row, a) => row.map((v, b) => r.d2.times(jz[a]!).times(jz[b]!).plus(r.d1.times(v)))));
    }
    h = nh; J = nJ; H = nH;
  }
  return { value: h[0]!, gradient: J[0]!, hessian: H[0]! };
}

/** Worst violation description, or null when the exact value lies in [lo, hi]. */
export function outside(name: string, exact: Dec, lo: number, hi: number): string | null {
  if (exact.gte(dec(lo)) && exact.lte(dec(hi))) return null;
  return `${name}: exact ${exact.toPrecision(25)} not in [${lo}, ${hi}]`;
}
