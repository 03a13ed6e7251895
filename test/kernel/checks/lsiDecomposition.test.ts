// The LSI constant from a covering decomposition (proofs/lsi-from-decomposition.md): the formula
// 1/alpha = max C + (2 + log(1/p_*)) C_P / 2 against a 60-digit decimal.js reference (never above it,
// and within a few ulps), the check on the stored 1-d double-well decomposition (T = 0.1) against the
// same reference built from its own masses, and refusals: a gap or an overlap between blocks, a block
// outside its set, a block naming no set, a tampered decomposition. Rothaus' lemma (section 2a of the
// proof): random discrete laws, the sharp constant 2 and the failure of 2 - 1e-3 on the +-1 law in
// 80-digit arithmetic, and the proof's integral identity (3) against 40-digit Simpson quadrature.
import { readFileSync } from 'node:fs';
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkLsiFromDecomposition, decompositionLsiAlpha, type PartitionBlock } from '../../../src/kernel/checks/lsiDecomposition.js';
import { checkPoincareDecomposition } from '../../../src/kernel/checks/poincareDecomposition.js';
import type { Certificate } from '../../../src/verify/certificate.js';
import { decodeDecomposition } from '../../../src/verify/poincare.js';
import { rebuildModel } from '../../../src/verify/model.js';
import { Checks } from '../../../src/verify/checks.js';
import { boxFromEvidence } from '../../../src/verify/certificate.js';
import { exactDecimalString } from '../../../src/kernel/decimal.js';

const D = Decimal.clone({ precision: 60 });
/** The exact value of a double (new Decimal(x) would take its shortest decimal form instead). */
const ex = (x: number): Decimal => new D(exactDecimalString(x));
/** 1 / (c + (2 + D) P / 2) in 60 digits. */
const reference = (c: number, logInv: number, P: number): Decimal => new D(1).div(ex(c).plus(new D(2).plus(ex(logInv)).times(ex(P)).div(2)));

describe('decompositionLsiAlpha: the closed form, rounded down', () => {
  it('is never above the exact value and within 1e-14 relative of it', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 200, noNaN: true }), fc.double({ min: 1e-6, max: 1e8, noNaN: true }), (c, logInv, P) => {
        const a = decompositionLsiAlpha(c, logInv, P);
        const exact = reference(c, logInv, P);
        expect(ex(a).lte(exact)).toBe(true);
        expect(ex(a).gte(exact.times(1 - 1e-14))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('is strictly below the exact value where round-to-nearest would land on or above it', () => {
    // A double a_n nearest to the exact value sits at or above it in about half of the cases; the
    // certified value must then be strictly smaller (one rounding the wrong way fails here).
    let above = 0;
    for (let k = 1; k <= 400; k++) {
      const c = 1 + k / 7, logInv = k / 13, P = 10 + k / 3;
      const exact = reference(c, logInv, P);
      const nearest = exact.toNumber();
      if (ex(nearest).gte(exact)) {
        above++;
        expect(decompositionLsiAlpha(c, logInv, P)).toBeLessThan(nearest);
      }
    }
    expect(above).toBeGreaterThan(50);
  });

  it('two closed forms: C_P = 2, c = 1, D = 0 gives 1/3; D = log 4 gives 1/(3 + log 4)', () => {
    expect(decompositionLsiAlpha(1, 0, 2)).toBeLessThanOrEqual(1 / 3);
    expect(decompositionLsiAlpha(1, 0, 2)).toBeGreaterThan(1 / 3 - 1e-15);
    const exact = reference(1, Math.log(4), 2);
    expect(ex(decompositionLsiAlpha(1, Math.log(4), 2)).lte(exact)).toBe(true);
  });
});

describe("Rothaus' lemma in the form the proof uses (Step 4), on random discrete laws", () => {
  // Ent((h + c)^2) <= Ent(h^2) + 2 E h^2 for E h = 0: a misquoted constant (1 instead of 2, or Var of
  // the shifted function) fails here; the sharp case is c -> infinity.
  const ent = (w: number[], v: number[]): number => {
    const m = w.reduce((s, wi, i) => s + wi * v[i]!, 0);
    return w.reduce((s, wi, i) => s + (v[i]! > 0 ? wi * v[i]! * Math.log(v[i]!) : 0), 0) - (m > 0 ? m * Math.log(m) : 0);
  };
  it('holds with constant 2, and fails with 1.9 for a large shift', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.double({ min: 0.01, max: 1, noNaN: true }), fc.double({ min: -5, max: 5, noNaN: true })), { minLength: 2, maxLength: 6 }), fc.double({ min: -50, max: 50, noNaN: true }), (atoms, c) => {
        const total = atoms.reduce((s, [w]) => s + w, 0);
        const w = atoms.map(([wi]) => wi / total);
        const mean = atoms.reduce((s, [, x], i) => s + w[i]! * x, 0);
        const h = atoms.map(([, x]) => x - mean);
        const h2 = h.map((x) => x * x);
        const eh2 = w.reduce((s, wi, i) => s + wi * h2[i]!, 0);
        const lhs = ent(w, h.map((x) => (x + c) ** 2));
        expect(lhs).toBeLessThanOrEqual(ent(w, h2) + 2 * eh2 + 1e-9 * (1 + c * c + eh2));
      }),
      { numRuns: 3000 },
    );
    // Two equal atoms at +-1 and c = 100: Ent((h + c)^2) is within 1e-3 of 2 E h^2 = 2 and Ent(h^2) = 0.
    const w = [0.5, 0.5], h = [-1, 1];
    expect(ent(w, h.map((x) => (x + 100) ** 2))).toBeGreaterThan(ent(w, [1, 1]) + 1.9);
  });
});

describe("Rothaus' lemma: the constant 2 is sharp (80-digit decimal arithmetic, proofs/lsi-from-decomposition.md section 2a)", () => {
  // h = +-1 with probability 1/2 each: E h = 0, E h^2 = 1, Ent(h^2) = 0 (h^2 = 1), so the ratio
  // (Ent((h + c)^2) - Ent(h^2)) / E h^2 is Ent((h + c)^2) = 2 - 2/(3c^2) + 2/(15c^4) - ... -> 2.
  const H = Decimal.clone({ precision: 80 });
  const entDecimal = (w: Decimal[], v: Decimal[]): Decimal => {
    const m = w.reduce((acc, wi, i) => acc.plus(wi.times(v[i]!)), new H(0));
    const vLogV = w.reduce((acc, wi, i) => (v[i]!.isZero() ? acc : acc.plus(wi.times(v[i]!).times(v[i]!.ln()))), new H(0));
    return m.isZero() ? vLogV : vLogV.minus(m.times(m.ln()));
  };
  const half = [new H(0.5), new H(0.5)];
  const h = [new H(-1), new H(1)];
  const secondMoment = half.reduce((acc, wi, i) => acc.plus(wi.times(h[i]!.pow(2))), new H(0));
  const entH2 = entDecimal(half, h.map((x) => x.pow(2)));
  const ratio = (c: number): Decimal => entDecimal(half, h.map((x) => x.plus(c).pow(2))).minus(entH2).div(secondMoment);

  it('the ratio stays below 2, rises with c, and reaches 2 at the rate 2/(3c^2)', () => {
    expect(entH2.isZero()).toBe(true);
    expect(secondMoment.eq(1)).toBe(true);
    const shifts = [2, 10, 100, 1e3, 1e4, 1e6];
    const ratios = shifts.map(ratio);
    for (let k = 0; k < shifts.length; k++) {
      const c = new H(shifts[k]!);
      expect(ratios[k]!.lt(2), `c = ${shifts[k]}`).toBe(true);
      if (k > 0) expect(ratios[k]!.gt(ratios[k - 1]!), `c = ${shifts[k]}`).toBe(true);
      // (2 - ratio) c^2 = 2/3 - 2/(15 c^2) + ...: within 0.2/c^2 of 2/3.
      const scaledDeficit = new H(2).minus(ratios[k]!).times(c.pow(2));
      expect(scaledDeficit.minus(new H(2).div(3)).abs().lte(new H(0.2).div(c.pow(2))), `c = ${shifts[k]}: ${scaledDeficit.toString()}`).toBe(true);
    }
    expect(new H(2).minus(ratios[ratios.length - 1]!).lt(1e-12)).toBe(true);
  });

  it('the constant 2 - 1e-3 fails: at c = 100, Ent((h + c)^2) > Ent(h^2) + (2 - 1e-3) E h^2 (and at c = 10 it still holds)', () => {
    const k = new H(2).minus(new H(1e-3));
    const lhs = (c: number): Decimal => entDecimal(half, h.map((x) => x.plus(c).pow(2)));
    expect(lhs(100).gt(entH2.plus(k.times(secondMoment)))).toBe(true);
    expect(lhs(10).lt(entH2.plus(k.times(secondMoment)))).toBe(true);
    // With the lemma's constant 2 it holds at both.
    expect(lhs(100).lte(entH2.plus(new H(2).times(secondMoment)))).toBe(true);
  });
});

describe("Rothaus' lemma: the proof's identity (3) on a discrete law (40-digit Simpson quadrature)", () => {
  // Psi(eps) = Ent((1 + eps h)^2) = int_0^eps (eps - u) [2 E h^2 log((1 + u h)^2 / m(u)) + 4s / m(u)] du,
  // m(u) = 1 + u^2 s, and each bracket is <= 2 Ent(h^2) + 4s (section 2a (e)-(f)). 1 + u h >= 0.43 here, so
  // the integrand is smooth and Simpson's rule with 400 panels is exact to far below the tolerance.
  const P = Decimal.clone({ precision: 40 });
  const w = [0.2, 0.5, 0.3].map((x) => new P(x));
  const raw = [-1.7, 0.4, 1.1].map((x) => new P(x));
  const mean = w.reduce((acc, wi, i) => acc.plus(wi.times(raw[i]!)), new P(0));
  const h = raw.map((x) => x.minus(mean));
  const expect_ = (f: (x: Decimal) => Decimal): Decimal => w.reduce((acc, wi, i) => acc.plus(wi.times(f(h[i]!))), new P(0));
  const s = expect_((x) => x.pow(2));
  const ent = (f: (x: Decimal) => Decimal): Decimal => {
    const m = expect_(f);
    return expect_((x) => { const v = f(x); return v.isZero() ? v : v.times(v.ln()); }).minus(m.times(m.ln()));
  };
  const entH2 = ent((x) => x.pow(2));
  const bracket = (u: Decimal): Decimal => {
    const m = new P(1).plus(u.pow(2).times(s));
    return expect_((x) => x.pow(2).times(new P(1).plus(u.times(x)).pow(2).div(m).ln())).times(2).plus(s.times(4).div(m));
  };

  it('Psi(eps) equals the integral, and the bracket never exceeds 2 Ent(h^2) + 4s', () => {
    const eps = new P(0.3);
    const panels = 400;
    const step = eps.div(panels);
    let sum = new P(0);
    for (let k = 0; k <= panels; k++) {
      const u = step.times(k);
      const b = bracket(u);
      expect(b.lte(entH2.times(2).plus(s.times(4))), `u = ${u.toString()}`).toBe(true);
      const weight = k === 0 || k === panels ? 1 : k % 2 === 1 ? 4 : 2;
      sum = sum.plus(eps.minus(u).times(b).times(weight));
    }
    const integral = sum.times(step).div(3);
    const psi = ent((x) => new P(1).plus(eps.times(x)).pow(2));
    expect(psi.minus(integral).abs().lt(1e-12), `${psi.toString()} vs ${integral.toString()}`).toBe(true);
    // And (R'): Psi(eps) <= eps^2 (Ent(h^2) + 2s), with room here.
    expect(psi.lt(eps.pow(2).times(entH2.plus(s.times(2))))).toBe(true);
  });
});

// expr:(x1^2-1)^2 at T = 0.1, written by certifyEnergy (scripts/verify-fixtures.ts: wellLsi).
const cert: Certificate = JSON.parse(readFileSync(new URL('../../verify/fixtures/wellLsi.json', import.meta.url), 'utf8'));
const model = rebuildModel(cert, new Checks())!;
const decoded = decodeDecomposition(cert, model, cert.poincareDecomposition!.evidence!);
if (!decoded.ok) throw new Error(decoded.reason);
const { bracket, evidence } = decoded.value;
const stored: PartitionBlock[] = cert.lsiDecomposition!.evidence!.partition.map((b) => ({ box: boxFromEvidence(b.box)!, set: b.set }));
const copy = (): PartitionBlock[] => stored.map((b) => ({ box: b.box.map((c) => ({ ...c })), set: b.set }));
const T = cert.temperature;

describe('checkLsiFromDecomposition on the 1-d double well (T = 0.1)', () => {
  const r = checkLsiFromDecomposition(model, T, bracket, evidence, stored);
  it('certifies alpha at or below the reference computed from its own masses, and within 1e-13 of it', () => {
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const p = checkPoincareDecomposition(model, T, bracket, evidence);
    expect(p.ok && p.value.poincare).toBe(r.value.poincare.poincare);
    const pStar = Math.min(...r.value.masses.map((m) => m.lo));
    const maxC = Math.max(...stored.map((b) => r.value.poincare.local[b.set]!.constant));
    const exact = new D(1).div(ex(maxC).plus(new D(2).plus(new D(1).div(ex(pStar)).ln()).times(ex(r.value.poincare.poincare)).div(2)));
    expect(ex(r.value.alpha).lte(exact)).toBe(true);
    expect(ex(r.value.alpha).gte(exact.times(1 - 1e-13))).toBe(true);
    // The defect log(1/p_*) is enclosed from above.
    expect(ex(r.value.logInverseMass).gte(new D(1).div(ex(pStar)).ln())).toBe(true);
    expect(r.value.alpha).toBe(cert.lsiDecomposition!.claim!.alphaLower);
  });

  it('refuses a gap between two blocks', () => {
    const p = copy();
    p[3] = { ...p[3]!, box: [{ lo: p[3]!.box[0]!.lo + 0.01, hi: p[3]!.box[0]!.hi }] };
    const x = checkLsiFromDecomposition(model, T, bracket, evidence, p);
    expect(x.ok).toBe(false);
    expect(!x.ok && x.reason).toMatch(/^lsi-decomposition: the blocks do not cover R\^d \(cover: the boxes leave a gap/);
  });

  it('refuses an overlap between two blocks (still inside its set)', () => {
    const p = copy();
    // Block 3's lower end moved down by 0.01: inside set 3 (which reaches a half-overlap lower), overlapping block 2.
    p[3] = { ...p[3]!, box: [{ lo: p[3]!.box[0]!.lo - 0.01, hi: p[3]!.box[0]!.hi }] };
    const x = checkLsiFromDecomposition(model, T, bracket, evidence, p);
    expect(x.ok).toBe(false);
    expect(!x.ok && x.reason).toMatch(/^lsi-decomposition: partition blocks 2 and 3 overlap/);
  });

  it('refuses a block outside its set, a block naming no set, and a missing block', () => {
    const out = copy();
    out[3] = { ...out[3]!, set: 5 };
    expect(checkLsiFromDecomposition(model, T, bracket, evidence, out)).toMatchObject({ ok: false, reason: expect.stringMatching(/partition\[3\] is not inside set 5/) });
    const none = copy();
    none[0] = { ...none[0]!, set: stored.length + 3 };
    expect(checkLsiFromDecomposition(model, T, bracket, evidence, none)).toMatchObject({ ok: false, reason: expect.stringMatching(/names set \d+, not one of/) });
    const fewer = copy().slice(1);
    expect(checkLsiFromDecomposition(model, T, bracket, evidence, fewer)).toMatchObject({ ok: false, reason: expect.stringMatching(/do not cover R\^d/) });
    expect(checkLsiFromDecomposition(model, T, bracket, evidence, [])).toMatchObject({ ok: false, reason: expect.stringMatching(/need 1 to/) });
  });

  it('refuses when the decomposition itself is refused (t raised by 10%)', () => {
    const x = checkLsiFromDecomposition(model, T, bracket, { ...evidence, lambda2: evidence.lambda2 * 1.1 }, stored);
    expect(x).toMatchObject({ ok: false, reason: expect.stringMatching(/^poincare: /) });
  });

  it('one block per set is not required: two blocks inside one set give the same local constant', () => {
    const p = copy();
    const b = p[0]!.box[0]!; // (-inf, c_1]: split at c_1 - 1
    p.splice(0, 1, { box: [{ lo: -Infinity, hi: b.hi - 1 }], set: 0 }, { box: [{ lo: b.hi - 1, hi: b.hi }], set: 0 });
    const x = checkLsiFromDecomposition(model, T, bracket, evidence, p);
    expect(x.ok).toBe(true);
    // A lighter block: a larger log(1/p_*) or the same, never a larger alpha.
    if (x.ok && r.ok) expect(x.value.alpha).toBeLessThanOrEqual(r.value.alpha);
  });
});
