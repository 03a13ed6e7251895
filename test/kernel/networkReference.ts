// An independent reference for MLP value, gradient and Hessian in 60-digit decimal arithmetic
// (decimal.js), written straightforwardly (full d x d Hessians, no shared code with src/kernel).
import { Decimal } from 'decimal.js';
import type { Activation, MlpLayer } from '../../src/kernel/model.js';

// 60 digits, and every derivative in a form without catastrophic cancellation (1 - s as
// 1/(1 + e^z), 1 - tanh^2 as 4/(e^z + e^-z)^2, small arguments by series), so the reference
// stays accurate far below one ulp even where a derivative is 1e-46 or subnormal.
const D = Decimal.clone({ precision: 60 });
export type Dec = InstanceType<typeof D>;

interface ActDerivs { v: Dec; d1: Dec; d2: Dec; d3: Dec }

export const dec = (x: number): Dec => exactDecimal(D, x);

/** e^z; decimal.js is very slow for large |z|, so reduce: e^z = (e^{z/2^k})^(2^k) by repeated squaring. */
function expDec(z: Dec): Dec {
  const a = z.abs();
  if (a.lte(1)) return z.exp();
  const k = Math.ceil(Math.log2(a.toNumber() + 1));
  return z.div(new D(2).pow(k)).exp().pow(2 ** k);
}

/** tanh(z), by its odd series when |z| < 1e-5 (decimal.js computes it from exp, which cancels there). */
function tanhDec(z: Dec): Dec {
  if (z.abs().lt('1e-5')) {
    const z2 = z.times(z);
    // z - z^3/3 + 2z^5/15 - 17z^7/315 + 62z^9/2835 (next term ~ z^11, relative 1e-50)
    const coeffs = ['1', '-0.333333333333333333333333333333333333333333333333333333333333333333333333333333', '2', '-17', '62'];
    const denom = [1, 1, 15, 315, 2835];
    let sum = new D(0), power = z;
    coeffs.forEach((c, i) => { sum = sum.plus(power.times(new D(c)).div(denom[i]!)); power = power.times(z2); });
    return sum;
  }
  const u = expDec(z.abs().times(-2)); // tanh |z| = (1 - u) / (1 + u)
  const t = new D(1).minus(u).div(new D(1).plus(u));
  return z.isNeg() ? t.neg() : t;
}

/** 1 - tanh(z)^2 = 4 / (e^z + e^-z)^2. */
function sech2(z: Dec): Dec {
  const c = expDec(z).plus(expDec(z.neg()));
  return new D(4).div(c.times(c));
}

/** ln(1 + u) for 0 <= u <= 1, by series when u is tiny (1 + u would round to 1). */
function log1pDec(u: Dec): Dec {
  if (u.lt('1e-20')) return u.minus(u.times(u).div(2)).plus(u.pow(3).div(3));
  return new D(1).plus(u).ln();
}

export function referenceActivation(act: Activation, z: Dec): ActDerivs {
  const one = new D(1);
  switch (act) {
    case 'identity': return { v: z, d1: one, d2: new D(0), d3: new D(0) };
    case 'tanh': { // tanh' = sech^2, tanh'' = -2 tanh sech^2, tanh''' = 4 tanh^2 sech^2 - 2 sech^4
      const t = tanhDec(z), s2 = sech2(z);
      return { v: t, d1: s2, d2: t.times(s2).times(-2), d3: t.times(t).times(s2).times(4).minus(s2.times(s2).times(2)) };
    }
    case 'sigmoid': case 'softplus': case 'silu': {
      const s = one.div(one.plus(expDec(z.neg()))); // sigmoid
      const c = one.div(one.plus(expDec(z))); // 1 - sigmoid
      const p = s.times(c); // sigmoid' = s(1 - s)
      const oneMinus2s = tanhDec(z.div(2)).neg(); // 1 - 2s = -tanh(z/2)
      const s2 = p.times(oneMinus2s), s3 = p.times(one.minus(p.times(6))); // s''' = s'(1 - 6 s(1-s))
      if (act === 'sigmoid') return { v: s, d1: p, d2: s2, d3: s3 }; // s'' = s(1-s)(1-2s)
      if (act === 'softplus') { // ln(1 + e^z) = max(z, 0) + ln(1 + e^-|z|); ' = s; '' = s(1-s); ''' = s''
        const v = (z.isPos() ? z : new D(0)).plus(log1pDec(expDec(z.abs().neg())));
        return { v, d1: s, d2: p, d3: s2 };
      }
      // silu = z s; ' = s + z s(1-s); '' = s(1-s)(2 + z(1-2s)); ''' = 3 s'' + z s'''
      return { v: z.times(s), d1: s.plus(z.times(p)), d2: p.times(new D(2).plus(z.times(oneMinus2s))), d3: s2.times(3).plus(z.times(s3)) };
    }
    case 'relu': throw new Error('reference: relu has no second derivative');
  }
}

export interface ReferenceResult { value: Dec; gradient: Dec[]; hessian: Dec[][]; third: Dec[][][] }

/** withThird = false skips the third derivatives (then `third` is all zeros): much faster. */
export function referenceMlp(layers: readonly MlpLayer[], x: readonly number[], withThird = true): ReferenceResult {
  const d = x.length;
  let h: Dec[] = x.map((v) => dec(v));
  let J: Dec[][] = x.map((_, i) => x.map((__, j) => dec(i === j ? 1 : 0)));
  let H: Dec[][][] = x.map(() => x.map(() => x.map(() => dec(0))));
  let T: Dec[][][][] = x.map(() => x.map(() => x.map(() => x.map(() => dec(0)))));
  for (const layer of layers) {
    const nh: Dec[] = [], nJ: Dec[][] = [], nH: Dec[][][] = [], nT: Dec[][][][] = [];
    for (let k = 0; k < layer.outDim; k++) {
      let z = dec(layer.bias[k]!);
      const jz: Dec[] = Array.from({ length: d }, () => dec(0));
      const hz: Dec[][] = Array.from({ length: d }, () => Array.from({ length: d }, () => dec(0)));
      const tz: Dec[][][] = Array.from({ length: d }, () => Array.from({ length: d }, () => Array.from({ length: d }, () => dec(0))));
      for (let j = 0; j < layer.inDim; j++) {
        const w = dec(layer.weight[k * layer.inDim + j]!);
        z = z.plus(w.times(h[j]!));
        for (let a = 0; a < d; a++) {
          jz[a] = jz[a]!.plus(w.times(J[j]![a]!));
          for (let b = 0; b < d; b++) {
            hz[a]![b] = hz[a]![b]!.plus(w.times(H[j]![a]![b]!));
            if (withThird) for (let c = 0; c < d; c++) tz[a]![b]![c] = tz[a]![b]![c]!.plus(w.times(T[j]![a]![b]![c]!));
          }
        }
      }
      const r = referenceActivation(layer.activation, z);
      nh.push(r.v);
      nJ.push(jz.map((v) => v.times(r.d1)));
      nH.push(hz.map((row, a) => row.map((v, b) => r.d2.times(jz[a]!).times(jz[b]!).plus(r.d1.times(v)))));
      // d/dx_c of act''(z) z_a z_b + act'(z) z_ab (z_a = dz/dx_a, ...), term by term.
      if (withThird) nT.push(tz.map((plane, a) => plane.map((row, b) => row.map((v, c) =>
        r.d3.times(jz[a]!).times(jz[b]!).times(jz[c]!)
          .plus(r.d2.times(hz[a]![c]!.times(jz[b]!).plus(jz[a]!.times(hz[b]![c]!))))
          .plus(r.d2.times(jz[c]!).times(hz[a]![b]!))
          .plus(r.d1.times(v))))));
    }
    h = nh; J = nJ; H = nH; if (withThird) T = nT;
  }
  return { value: h[0]!, gradient: J[0]!, hessian: H[0]!, third: T[0]! };
}

// The reference carries 60 significant digits, so it may differ from the exact real by ~1e-59
// relative: allow 1e-40 relative. A soundness bug is at least an ulp (1e-16 relative) off.
const REFERENCE_SLACK = 1e-40;

/** A description of the violation, or null when the exact value lies in [lo, hi]. */
export function outside(name: string, exact: Dec, lo: number, hi: number): string | null {
  const slack = exact.abs().times(REFERENCE_SLACK);
  if (exact.plus(slack).gte(dec(lo)) && exact.minus(slack).lte(dec(hi))) return null;
  return `${name}: exact ${exact.toPrecision(25)} not in [${lo}, ${hi}]`;
}

/** The exact value of a double as a decimal (new Decimal(x) would read x's shortest string, which is not exact). */
export function exactDecimal<T extends Decimal.Constructor>(Ctor: T, x: number): InstanceType<T> {
  if (!Number.isFinite(x) || x === 0) return new Ctor(x) as InstanceType<T>;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const exponentBits = Number((bits >> 52n) & 0x7ffn);
  let mantissa = bits & ((1n << 52n) - 1n);
  let exponent: number;
  if (exponentBits === 0) exponent = -1074; // subnormal: mantissa * 2^-1074
  else { mantissa |= 1n << 52n; exponent = exponentBits - 1075; }
  const m = new Ctor(mantissa.toString()).times(x < 0 ? -1 : 1);
  return m.times(new Ctor(2).pow(exponent)) as InstanceType<T>;
}
