import { describe, expect, it } from 'vitest';
import { renderVegaLite } from '../../src/report/render.js';
import { curvesFigure } from '../../src/report/figures.js';
import { decodePng, inkStatistics } from './png.js';

describe('renderVegaLite', () => {
  it('renders a log-scale line chart to SVG and a readable PNG', async () => {
    const points = Array.from({ length: 60 }, (_, i) => ({ x: i / 10, value: Math.exp(-i / 10), series: 'KL' }));
    const fig = await renderVegaLite(curvesFigure('test figure', [{ title: 'panel', xTitle: 't', yTitle: 'KL', points, logY: true }]));
    expect(fig.svg.startsWith('<svg')).toBe(true);
    expect(fig.svg).toContain('test figure');
    const png = decodePng(fig.png);
    expect(png.width).toBe(fig.width);
    expect(png.width).toBeGreaterThanOrEqual(400);
    expect(png.height).toBeGreaterThanOrEqual(300);
    const stats = inkStatistics(png);
    expect(stats.ink).toBeGreaterThan(0.01);
    expect(stats.ink).toBeLessThan(0.6);
    expect(stats.colours).toBeGreaterThan(3);
  });

  it('drops non-positive values on a log axis and says so', async () => {
    const spec = curvesFigure('t', [{ title: 'p', xTitle: 'x', yTitle: 'y', points: [{ x: 0, value: 1, series: 'a' }, { x: 1, value: 0, series: 'a' }, { x: 2, value: 0.5, series: 'a' }], logY: true }]);
    expect(JSON.stringify(spec)).toContain('1 non-positive values not drawn');
  });
});
