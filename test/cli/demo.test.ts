import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { decodePng } from '../report/png.js';

const dir = mkdtempSync(join(tmpdir(), 'emcert-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('emcert demo', () => {
  it('--quick certifies the embedded energies, refutes the flow, and writes figures and a report', async () => {
    const out = join(dir, 'demo');
    let stdout = '';
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((stdout += String(s)), true));
    let code: number;
    try {
      code = await main(['demo', '--quick', '--quiet', '--out', out]);
    } finally {
      spy.mockRestore();
    }
    expect(code).toBe(0);
    expect(stdout).toMatch(/certified +gaussian/);
    expect(stdout).toMatch(/refuted +\S+ \(gradient flow\)/);
    expect(stdout).toMatch(/report: .*README\.md/);
    const gaussian = JSON.parse(readFileSync(join(out, 'certificates', 'gaussian.json'), 'utf8'));
    expect(gaussian.verdict).toBe('certified');
    expect(gaussian.constants.lsi.lower).toBeLessThanOrEqual(1);
    const flows = ['double-well-flow.json', 'default-model-flow.json'].filter((f) => existsSync(join(out, 'certificates', f)));
    expect(flows).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(out, 'certificates', flows[0]!), 'utf8')).verdict).toBe('refuted');
    for (const f of ['kl.png', 'landscape.png']) {
      const png = decodePng(readFileSync(join(out, 'experiment', f)));
      expect(png.width).toBeGreaterThanOrEqual(400);
      expect(png.height).toBeGreaterThanOrEqual(300);
    }
    const readme = readFileSync(join(out, 'README.md'), 'utf8');
    expect(readme).toContain('# emcert demo');
    expect(readme).toContain('experiment/kl.png');
    // Whether the demo's short cap (4 s with --quick) cut a search is written per certificate, and it
    // is what the certificate itself records.
    expect(readme).toContain('cut by the 4 s cap');
    for (const name of ['gaussian', 'double-well', 'sum']) {
      const cut: string[] = JSON.parse(readFileSync(join(out, 'certificates', `${name}.json`), 'utf8')).search.timeCapCut;
      const row = readme.split('\n').find((l) => l.startsWith(`| ${name} | ula |`))!;
      expect(row.split('|').map((c) => c.trim())[8]).toBe(cut.length === 0 ? 'none' : cut.join('; '));
      if (cut.length > 0) expect(stdout).toContain(`${name} (Langevin)`);
    }
  }, 120_000);
});
