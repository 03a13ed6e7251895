import { describe, expect, it } from 'vitest';
import { tightenedEnclosureParallel } from '../../src/bounds/parallelBranchAndBound.js';
import { tightenedEnclosure } from '../../src/kernel/branchAndBoundEnclosure.js';
import { compileModelEnclosure } from '../../src/kernel/enclosure.js';
import type { EnergyModel } from '../../src/kernel/model.js';
import { ActivationDomainError } from '../../src/kernel/activations.js';

// A 2 -> 4 -> 1 tanh network: small enough for a quick test, curved enough that every entry needs splits.
const net: EnergyModel = {
  kind: 'mlp',
  dim: 2,
  layers: [
    { inDim: 2, outDim: 4, weight: Float64Array.of(1.2, -0.7, 0.4, 1.5, -1.1, 0.3, 0.8, 0.9), bias: Float64Array.of(0.1, -0.2, 0.3, 0), activation: 'tanh' },
    { inDim: 4, outDim: 1, weight: Float64Array.of(1, -2, 0.5, 1.5), bias: Float64Array.of(0), activation: 'identity' },
  ],
};
const box = [{ lo: -1.5, hi: 1 }, { lo: -1, hi: 2 }];

describe('branch and bound on worker threads (tsx loader in the workers)', () => {
  it('1, 2 and 3 threads give exactly the serial result (same entries, same boxes, same bounds)', async () => {
    const options = { tolerance: 0.01, maxBoxes: 400 };
    const serial = tightenedEnclosure(compileModelEnclosure(net), box, options);
    const seen: number[] = [];
    for (const threads of [1, 2, 3]) {
      const r = await tightenedEnclosureParallel(net, box, { ...options, threads, onEntry: (done) => seen.push(done) });
      expect(r).toEqual(serial);
    }
    expect(serial.entries.some((e) => e.evaluations > 100)).toBe(true);
    expect(seen.filter((d) => d === 6)).toHaveLength(3); // every run reports all 6 entries
  }, 120_000);

  it('passes the temperature and reports domain errors from a worker as ActivationDomainError', async () => {
    const t = { lo: 0.5, hi: 0.5 };
    const serial = tightenedEnclosure(compileModelEnclosure(net), box, { maxBoxes: 100, temperature: t });
    expect(await tightenedEnclosureParallel(net, box, { maxBoxes: 100, temperature: t, threads: 2 })).toEqual(serial);
    const logModel: EnergyModel = { kind: 'expression', dim: 2, source: 'log(x1) + x2^2' };
    await expect(tightenedEnclosureParallel(logModel, [{ lo: -1, hi: 1 }, { lo: 0, hi: 1 }], { threads: 2, maxBoxes: 50 })).rejects.toBeInstanceOf(ActivationDomainError);
    await expect(tightenedEnclosureParallel(net, box, { threads: 0 })).rejects.toThrow(/threads 0/);
  }, 120_000);
});
