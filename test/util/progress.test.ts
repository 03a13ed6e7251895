import { describe, expect, it } from 'vitest';
import { createProgress, formatDuration } from '../../src/util/progress.js';

function fakeStream(isTTY: boolean) {
  const lines: string[] = [];
  return { lines, stream: { isTTY, write: (s: string) => void lines.push(s) } };
}

describe('createProgress without a terminal (CI logs)', () => {
  it('a job under a second prints nothing; --quiet prints nothing', () => {
    const { lines, stream } = fakeStream(false);
    let t = 0;
    const p = createProgress('sample ula', 100, { stream, now: () => t });
    for (let k = 1; k <= 100; k++) {
      t = k * 5; // 0.5 s in all
      p.update(k);
    }
    p.stop();
    const q = createProgress('x', 100, { stream, quiet: true, now: () => 1e9 });
    q.update(50);
    expect(lines).toEqual([]);
  });

  it('a line per tenth of the work (at most one a second) with elapsed time and ETA, and a last line at 100%', () => {
    const { lines, stream } = fakeStream(false);
    let t = 0;
    const p = createProgress('sample mala', 1000, { stream, now: () => t });
    for (let k = 1; k <= 1000; k++) {
      t = k * 20; // 20 s in all, 2 s per tenth
      p.update(k, { 'mean E': 1.25 });
    }
    expect(lines.length).toBe(10);
    expect(lines[0]).toBe('sample mala: 10% (100/1000), 2s elapsed, eta 18s; mean E 1.250\n');
    expect(lines[4]).toBe('sample mala: 50% (500/1000), 10s elapsed, eta 10s; mean E 1.250\n');
    expect(lines.at(-1)).toBe('sample mala: 100% (1000/1000), done in 20s; mean E 1.250\n');
    expect(lines.every((l) => l.endsWith('\n') && l.split('\n').length === 2)).toBe(true);
  });

  it('a slow job prints at least every 10 seconds, with the caller\'s ETA when given', () => {
    const { lines, stream } = fakeStream(false);
    let t = 0;
    const p = createProgress('train moons', 1000, { stream, now: () => t });
    for (let k = 1; k <= 50; k++) {
      t = k * 1000; // 1 s a step: 50 s for 5% of the work
      p.update(k, { phase: 2 }, 3600, k < 30 ? 'phase 2 guessed' : undefined);
    }
    expect(lines).toEqual([
      'train moons: 1% (10/1000), 10s elapsed, eta 1h00m (phase 2 guessed); phase 2\n',
      'train moons: 2% (20/1000), 20s elapsed, eta 1h00m (phase 2 guessed); phase 2\n',
      'train moons: 3% (30/1000), 30s elapsed, eta 1h00m; phase 2\n',
      'train moons: 4% (40/1000), 40s elapsed, eta 1h00m; phase 2\n',
      'train moons: 5% (50/1000), 50s elapsed, eta 1h00m; phase 2\n',
    ]);
  });

  it('formats durations', () => {
    expect([formatDuration(4.4), formatDuration(65), formatDuration(7620), formatDuration(NaN)]).toEqual(['4s', '1m05s', '2h07m', '?']);
  });
});
