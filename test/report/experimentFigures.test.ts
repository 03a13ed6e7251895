import { describe, expect, it } from 'vitest';
import { klSpec, landscapeSpec } from '../../src/report/experimentFigures.js';

describe('experiment figure specs', () => {
  it('landscape: a heat map of E over the box and one panel per dynamics and time', () => {
    const spec = landscapeSpec({
      title: 'test',
      box: [[-2, 2], [-1, 1]],
      energyAt: (xs, n) => Float64Array.from({ length: n }, (_, i) => xs[2 * i]! ** 2),
      cells: 10,
      energySpan: 5,
      snapshots: [
        { dynamics: 'langevin', time: 0, positions: [[0, 0]] },
        { dynamics: 'langevin', time: 1.5, positions: [[1, 0]] },
        { dynamics: 'flow', time: 0, positions: [[0, 0]] },
        { dynamics: 'flow', time: 1.5, positions: [[0.5, 0]] },
      ],
    }) as unknown as { vconcat: { hconcat: unknown[] }[]; datasets: { heat: { energy: number; x: number }[]; samples: unknown[] } };
    expect(spec.vconcat).toHaveLength(2);
    expect(spec.vconcat[0]!.hconcat).toHaveLength(2);
    expect(spec.datasets.heat).toHaveLength(100);
    expect(spec.datasets.samples).toHaveLength(4);
    // Cell (0, 0) spans x in [-2, -1.6]: its centre -1.8 gives E = 3.24.
    expect(spec.datasets.heat[0]!.energy).toBeCloseTo(3.24, 10);
  });

  it('KL figure: three panels, the bound dashed, eps drawn on the ULA panel', () => {
    const spec = klSpec({
      title: 't',
      langevin: { times: [0, 1], kl: [1, 0.1], fisher: [2, 0.2], bound: [1.5, 0.3] },
      ula: { h: 0.1, stepKind: 'certified step', steps: [0, 10], kl: [1, 0.05], stoppingBound: null },
      epsilon: 0.1,
      flow: { times: [0, 1], kl: [1, 2] },
    });
    const text = JSON.stringify(spec);
    expect((spec as unknown as { hconcat: unknown[] }).hconcat).toHaveLength(3);
    expect(text).toContain('certified bound exp(-2 alpha t) KL0');
    expect(text).toContain('eps = 0.1');
    expect(text).toContain('"type":"log"');
  });
});
