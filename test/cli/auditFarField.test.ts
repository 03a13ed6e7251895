// An audit of a network energy stores its stability cover with far-field cones; `emcert verify`
// replays it, and a tampered cone is refused.
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './helpers.js';
import { runInProcess } from './inProcess.js';
import { saveMlpModel } from '../../src/energy/network/save.js';
import { tanhLayers } from '../certify/fixtures.js';

describe('emcert audit: far-field stability cover', () => {
  const dir = tempDir('emcert-audit-far-');

  it('stores cones, verify accepts them, and refuses a removed patch', async () => {
    const { modelPath } = saveMlpModel(join(dir, 'net'), { layers: tanhLayers, dtype: 'float64', regularizer: { lambda: 1, center: [0, 0] }, temperature: 1 });
    const regions = join(dir, 'regions.json');
    writeFileSync(regions, JSON.stringify([{ name: 'right', box: [[0, 'inf'], ['-inf', 'inf']] }]));
    const out = join(dir, 'audit');
    const r = await runInProcess(['audit', '--energy', modelPath, '--regions', regions, '--sampler', 'ula', '--step-size', '0.05', '--steps', '50', '--particles', '200', '--max-boxes', '400', '--quiet', '--no-figures', '--out', out]);
    expect([0, 1, 2], r.stderr + r.stdout).toContain(r.code);
    const path = join(out, 'audit.json');
    const a = JSON.parse(readFileSync(path, 'utf8'));
    const st = a.sampling.stability;
    expect(st.farField.patches.length).toBeGreaterThanOrEqual(4);
    expect(st.etaLUpper).toBeLessThan(2);
    expect(st.etaLUpper).toBeGreaterThanOrEqual(st.etaLSampled);
    const v = await runInProcess(['verify', path]);
    expect(v.code, v.stdout + v.stderr).toBe(0);
    st.farField.patches.pop();
    writeFileSync(path, JSON.stringify(a));
    const t = await runInProcess(['verify', path, '--verbose']);
    expect(t.code).not.toBe(0);
    expect(t.stdout + t.stderr).toMatch(/stability.*patches leave a gap in the face/);
  });
});
