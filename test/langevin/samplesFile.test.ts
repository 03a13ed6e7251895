import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSamplesFile, samplesFormatOf, samplesToCsv, samplesToJson } from '../../src/langevin/samplesFile.js';
import { scopedTempDir } from '../tempDir.js';

describe('samples files', () => {
  const xs = Float64Array.of(0.1, -0, 1e-300, 2 / 3, -5, 123456789.125);

  it('JSON round-trips every double bit for bit (including -0) and carries meta', () => {
    const doc = JSON.parse(samplesToJson(xs, 3, 2, { sampler: 'ula' })) as { samples: number[][]; meta: { sampler: string } };
    expect(doc.samples.length).toBe(3);
    const flat = Float64Array.from(doc.samples.flat());
    expect(Buffer.from(flat.buffer).equals(Buffer.from(xs.buffer))).toBe(true);
    expect(Object.is(doc.samples[0]![1], -0)).toBe(true);
    expect(doc.meta.sampler).toBe('ula');
  });

  it('CSV has a header x1..xd and one row per particle, round-tripping the doubles', () => {
    const lines = samplesToCsv(xs, 2, 3).trimEnd().split('\n');
    expect(lines[0]).toBe('x1,x2,x3');
    expect(lines.length).toBe(3);
    const back = Float64Array.from(lines.slice(1).flatMap((l) => l.split(',').map(Number)));
    expect(Buffer.from(back.buffer).equals(Buffer.from(xs.buffer))).toBe(true);
  });

  it('refuses non-finite coordinates, and picks the format from the extension', () => {
    expect(() => samplesToCsv(Float64Array.of(NaN), 1, 1)).toThrow(/non-finite/);
    expect(samplesFormatOf('a/b.JSON')).toBe('json');
    expect(samplesFormatOf('b.csv')).toBe('csv');
    expect(samplesFormatOf('b.json.txt')).toBeUndefined();
  });

  it('readSamplesFile reads back what sample writes, bit for bit, in both formats; a CSV header is optional', () => {
    const dir = scopedTempDir('emcert-samplesfile-');
    for (const [name, text] of [['a.json', samplesToJson(xs, 3, 2, { sampler: 'ula' })], ['a.csv', samplesToCsv(xs, 3, 2)], ['b.csv', samplesToCsv(xs, 3, 2).split('\n').slice(1).join('\n')], ['c.json', `[[0.1, -0], [1e-300, ${2 / 3}], [-5, 123456789.125]]`]] as const) {
      writeFileSync(join(dir, name), text);
      const back = readSamplesFile(join(dir, name));
      expect([back.n, back.dim]).toEqual([3, 2]);
      expect(Buffer.from(back.positions.buffer).equals(Buffer.from(xs.buffer)), name).toBe(true);
    }
  });
});
