// The producer's choice of comparison blocks (src/certify/comparisonBlocks.ts): on the 1-d double
// well's decomposition (T = 0.1) nothing is switched (each cell's e^osc / m is below what a defect
// times C_P would cost); when one set's LSI constant is made huge (as a frame's is at low T) that block
// is switched, the float 1/alpha drops below the plain one, and the kernel's alpha on the proposal is
// at or above the float estimate's reciprocal (the estimate is the same formula without rounding).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { proposeComparisonBlocks } from '../../src/certify/comparisonBlocks.js';
import { checkLsiFromDecomposition, type PartitionBlock } from '../../src/kernel/checks/lsiDecomposition.js';
import { boxFromEvidence, type Certificate } from '../../src/verify/certificate.js';
import { decodeDecomposition } from '../../src/verify/poincare.js';
import { rebuildModel } from '../../src/verify/model.js';
import { Checks } from '../../src/verify/checks.js';
import { loadEnergy } from '../../src/energy/spec.js';

const cert: Certificate = JSON.parse(readFileSync(new URL('../verify/fixtures/wellLsi.json', import.meta.url), 'utf8'));
const model = rebuildModel(cert, new Checks())!;
const energy = loadEnergy('expr:(x1^2-1)^2');
const decoded = decodeDecomposition(cert, model, cert.poincareDecomposition!.evidence!);
if (!decoded.ok) throw new Error(decoded.reason);
const { bracket, evidence } = decoded.value;
const T = cert.temperature;
const partition: PartitionBlock[] = cert.lsiDecomposition!.evidence!.partition.map((b) => ({ box: boxFromEvidence(b.box)!, set: b.set }));
const plain = checkLsiFromDecomposition(model, T, bracket, evidence, partition);
if (!plain.ok) throw new Error(plain.reason);
const local = plain.value.poincare.local.map((l) => l.constant);

describe('proposeComparisonBlocks', () => {
  it('switches nothing on the double well: the plain formula is already the better one', () => {
    const p = proposeComparisonBlocks(energy, T, evidence.pieces, local, partition, plain.value.poincareUsed, plain.value.logInverseMass);
    expect(p.switched).toBe(0);
    expect(p.partition.every((b) => b.epsilon === undefined)).toBe(true);
    expect(p.estimate).toBe(p.before);
  });

  it('switches the one block whose LSI constant dominates, and the kernel certifies at least the estimate', () => {
    // Set 5's constant as if it were a frame's at low T: 1e6 instead of about 0.022.
    const inflated = local.map((c, s) => (s === partition[5]!.set ? 1e6 : c));
    const p = proposeComparisonBlocks(energy, T, evidence.pieces, inflated, partition, plain.value.poincareUsed, plain.value.logInverseMass);
    expect(p.switched).toBe(1);
    expect(p.partition[5]!.epsilon).toBe(p.epsilon);
    expect(p.partition.filter((b) => b.epsilon !== undefined)).toHaveLength(1);
    // 1/alpha from 1e6 + ... to about (2 + log(1/p_*) + D_5) C_P / 2, C_P about 1.1e4 here.
    expect(p.estimate).toBeLessThan(p.before / 10);
    const r = checkLsiFromDecomposition(model, T, bracket, evidence, p.partition);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    // The kernel uses the real constants (block 5's own is small), so it does at least as well.
    expect(r.value.alpha).toBeGreaterThanOrEqual((1 / p.estimate) * (1 - 1e-12));
  });
});
