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

  it('KL figure: time axis in the time of f, eps inside the plot, a flat certified bound labelled vacuous', () => {
    const spec = klSpec({
      title: 't',
      langevin: { times: [0, 10, 20], kl: [3, 2, 1.8], fisher: [2, 0.2, 0.1], bound: [2800, 2800, 2800], alpha: 2.6e-174 },
      ula: { h: 0.0045, stepKind: 'demonstration step', steps: [0, 50, 90], kl: [35, 3.1, 3], stoppingBound: null },
      epsilon: 0.1,
      flow: { times: [0, 1], kl: [1, 2] },
    }) as unknown as { hconcat: { title: { subtitle?: string[] }; encoding: { x: { title: string }; y: { scale: { domainMin?: number } } }; data: { values: { series: string }[] } }[] };
    const [langevin, ula, flow] = spec.hconcat;
    expect(langevin!.encoding.x.title).toBe('time t of f = E/T (t = steps x eta x T)');
    expect(flow!.encoding.x.title).toBe(langevin!.encoding.x.title);
    expect(JSON.stringify(spec)).not.toContain('f-time');
    expect(langevin!.title.subtitle![0]).toBe('the certified bound is VACUOUS here: flat');
    expect(langevin!.title.subtitle![1]).toBe('(alpha = 2.6e-174; it falls < 1% by t = 20)');
    expect(langevin!.data.values.some((p) => p.series === 'VACUOUS certified bound exp(-2 alpha t) KL0')).toBe(true);
    // eps = 0.1 is the lowest value: the axis goes below it.
    expect(ula!.encoding.y.scale.domainMin!).toBeLessThan(0.1);
  });

  it('landscape: the legend says the colour scale is clipped', () => {
    const spec = landscapeSpec({
      title: '8gaussians', box: [[-1, 1], [-1, 1]], energyAt: (xs, n) => new Float64Array(n), cells: 2, energySpan: 1, energySpanLabel: '20 T', snapshots: [{ dynamics: 'langevin', time: 0, positions: [[0, 0]] }],
    });
    expect(JSON.stringify(spec)).toContain('["E(x), clipped","above min E + 20 T"]');
  });
});
