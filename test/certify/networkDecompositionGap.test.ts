// check's network grid route (src/certify/decompositionGap.ts, networkDecompositionRecords; check
// --decomposition adaptive on a 2-d network energy): a 2-unit tanh ridge along x2
// (1.5 tanh(3 x1 + 1.5) - 1.5 tanh(3 x1 - 1.5)) plus 0.25 |x|^2, saved as a model file, at T = 1 with
// coarse settings (10 rounds of cuts). The certificate stores frame pieces with W = the network and far
// fields, its gap lies below the generator's (Scharfetter-Gummel reference), verify replays it, and a
// frame piece with a patch or its far field removed is refused. The Lyapunov tail is tried; as an LSI
// record it replays, and a changed number is refused. Without the adaptive option the route says how to
// get it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { saveMlpModel } from '../../src/energy/network/save.js';
import { loadEnergy } from '../../src/energy/spec.js';
import { certifyEnergy } from '../../src/certify/certifyEnergy.js';
import { DEFAULT_ADAPTIVE_SETTINGS } from '../../src/certify/adaptiveDecompositionGap.js';
import { verifyCertificate } from '../../src/verify/verify.js';
import type { Certificate } from '../../src/verify/certificate.js';
import { fieldOn, uniformGrid } from '../../src/diagnostics/grid/grid.js';
import { potentialFromEnergy } from '../../src/diagnostics/grid/potential.js';
import { smallGapOnGrid } from '../../src/diagnostics/grid/smallGap.js';
import { decodeDecomposition } from '../../src/verify/poincare.js';
import { proposeLyapunovTail } from '../../src/certify/lyapunovTail.js';
import { lyapunovJson } from '../../src/verify/lyapunovTail.js';
import { LSI_DECOMPOSITION_FUNCTION, LSI_DECOMPOSITION_PROOF, recordedLsiValues, replayLsiDecomposition } from '../../src/verify/lsiDecomposition.js';
import { lyapunovPoincareConstant } from '../../src/kernel/checks/lyapunovTail.js';

const root = mkdtempSync(join(tmpdir(), 'emcert-network-gap-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const T = 1;

describe('the network grid in check (--decomposition adaptive)', () => {
  let modelPath: string;
  let cert: Certificate;
  const messages: string[] = [];
  beforeAll(() => {
    modelPath = saveMlpModel(join(root, 'ridge'), { dtype: 'float64', regularizer: { lambda: 0.5, center: [0, 0] }, temperature: T, layers: [
      { inDim: 2, outDim: 2, weight: Float64Array.of(3, 0, 3, 0), bias: Float64Array.of(1.5, -1.5), activation: 'tanh' },
      { inDim: 2, outDim: 1, weight: Float64Array.of(1.5, -1.5), bias: Float64Array.of(0), activation: 'identity' },
    ] }).modelPath;
    cert = certifyEnergy({
      energy: loadEnergy(modelPath), terms: [{ spec: modelPath, weight: 1 }], temperature: T,
      adaptiveDecomposition: { ...DEFAULT_ADAPTIVE_SETTINGS, rounds: 10, fineSets: 0, integrationBoxes: 4000, refinedBoxes: 12_000 },
      onProgress: (m) => messages.push(m),
    });
  }, 600_000);

  it('stores frame pieces with W = the network and far fields; the gap is below the generator\'s', () => {
    const rec = cert.poincareDecomposition!;
    expect(rec.claim, rec.reason).not.toBeNull();
    expect(messages.some((m) => /^poincare: network grid: round 9: /.test(m))).toBe(true);
    const pieces = rec.evidence!.pieces;
    const frames = pieces.filter((p) => p.farField !== undefined);
    // 2 x 8 columns of the base grid, 2 x 8 rows and 4 quadrants.
    expect(frames.length).toBe(36);
    expect(frames.every((p) => p.boundedTerms?.length === 1 && p.boundedTerms[0] === 0)).toBe(true);
    const reference = smallGapOnGrid(fieldOn(potentialFromEnergy(loadEnergy(modelPath), T), uniformGrid(-5, 5, -5, 5, 101, 101))).gap;
    expect(rec.claim!.gapLower).toBeLessThan(reference);
    // 1.7e-4 measured (220 sets, with the expressions' region rule f - min f <= 20); 3 rounds gave 4.5e-17.
    expect(rec.claim!.gapLower).toBeGreaterThan(1e-5);
    expect(cert.lsiDecomposition!.claim?.alphaLower ?? 0).toBeGreaterThan(0);
  });

  it('verify replays it; a frame piece missing a patch or its far field is refused', () => {
    const base = { baseDir: root };
    expect(verifyCertificate(JSON.parse(JSON.stringify(cert)), base).ok).toBe(true);
    const k = cert.poincareDecomposition!.evidence!.pieces.findIndex((p) => p.farField !== undefined);
    const tampered = (change: (p: Record<string, unknown>) => void): boolean => {
      const c = JSON.parse(JSON.stringify(cert));
      change(c.poincareDecomposition.evidence.pieces[k]);
      const r = verifyCertificate(c, base);
      return r.ok || r.checks.every((x) => x.name !== 'poincareDecomposition' || x.ok);
    };
    expect(tampered((p) => { (p.farField as { patches: unknown[] }).patches.splice(0, 1); })).toBe(false);
    expect(tampered((p) => { delete p.farField; })).toBe(false);
  });

  it('the Lyapunov tail was tried; as an LSI record with its evidence verify replays it and refuses changed numbers', () => {
    // On this ridge the frames are cheap (the tail's C_P ties the decomposition's), so check keeps the
    // grouped record; the record is built here from the same producer to exercise the replay.
    expect(messages.some((m) => /network grid: Lyapunov tail: C_K [\d.e+]+, C_P [\d.e+]+ \(decomposition/.test(m))).toBe(true);
    const energy = loadEnergy(modelPath);
    const pd = cert.poincareDecomposition!.evidence!;
    const decoded = decodeDecomposition(cert, energy.model, pd);
    if (!decoded.ok) throw new Error(decoded.reason);
    const region = [{ lo: -6, hi: 6 }, { lo: -6, hi: 6 }];
    const proposal = proposeLyapunovTail(energy, T, decoded.value.bracket, decoded.value.evidence, pd.local.map((l) => l.constant), region, { regionFactors: [2] });
    if (typeof proposal === 'string') throw new Error(proposal);
    const partition = cert.lsiDecomposition!.evidence!.partition.map(({ box, set }) => ({ box, set }));
    const input = { partition, masses: [], localInverse: 0, logInverseMass: 0, lyapunov: lyapunovJson(proposal.evidence, proposal.grid) };
    const r = replayLsiDecomposition(cert, energy.model, pd, input);
    if (!r.ok) throw new Error(r.reason);
    const l = r.value.lyapunov!;
    // K = [-12, 12]^2 (twice the half-width 6); the tail's constant is the theorem's formula, and the LSI
    // uses the smaller C_P.
    expect(proposal.evidence.tail.region).toEqual([{ lo: -12, hi: 12 }, { lo: -12, hi: 12 }]);
    // Some clipped frame carries a fitted trend (W = the network minus a quadratic, certify/frameTrend.ts),
    // and verify replays the record with it.
    expect(proposal.evidence.restricted.pieces.some((p) => p.bump !== null && (p.boundedTerms?.length ?? 0) > 0)).toBe(true);
    expect(l.poincare).toBe(lyapunovPoincareConstant(l.tail.theta, l.tail.beta, l.restricted.poincare));
    expect(r.value.poincareUsed).toBe(Math.min(l.poincare, r.value.poincare.poincare));
    const { claim, lyapunovValues: _v, ...numbers } = recordedLsiValues(r.value);
    const withTail: Certificate = JSON.parse(JSON.stringify(cert));
    withTail.lsiDecomposition = { function: LSI_DECOMPOSITION_FUNCTION, proof: LSI_DECOMPOSITION_PROOF, claim, evidence: { partition, ...numbers, lyapunov: lyapunovJson(proposal.evidence, proposal.grid, l) } };
    const base = { baseDir: root };
    const ok = verifyCertificate(JSON.parse(JSON.stringify(withTail)), base);
    expect(ok.ok, ok.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`).join('; ')).toBe(true);
    const changed = JSON.parse(JSON.stringify(withTail));
    changed.lsiDecomposition.evidence.lyapunov.theta *= 1.01;
    const bad = verifyCertificate(changed, base);
    expect(bad.ok).toBe(false);
    expect(bad.checks.some((c) => !c.ok && /Lyapunov tail: theta/.test(c.name))).toBe(true);
  }, 300_000);

  it('without --decomposition adaptive the record says how to get the network grid', () => {
    const plain = certifyEnergy({ energy: loadEnergy(modelPath), terms: [{ spec: modelPath, weight: 1 }], temperature: T });
    expect(plain.poincareDecomposition!.claim).toBeNull();
    expect(plain.poincareDecomposition!.reason).toMatch(/check --decomposition adaptive tries the network grid \(d = 2\)/);
  });
});
