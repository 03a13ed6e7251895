// Audits must not depend on machine load: every search of `emcert audit` (stable step, tails,
// integration, mixing refinement, covering decomposition) ends on work limits, and --time-limit is an
// optional cap whose cuts are printed and recorded. "Load" is a Date.now that jumps 10 minutes per read:
// a search that still read the wall clock to decide would be cut, and the audits would differ.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { tempDir } from './helpers.js';
import { runInProcess, runUnderLoad, TEN_MINUTES } from './inProcess.js';

const D = Decimal.clone({ precision: 50 });
// Non-convex at 0 (f'' = 1 - 8 there), bounded Hessian (the stable step is certified), tails through
// a bump and a cover, two wells: every phase of the audit does work, the decomposition included.
const WELL = 'expr:0.5*x1^2 + 2*exp(-2*x1^2)';
const BASE = ['audit', '--energy', WELL, '--regions', 'auto', '--sampler', 'ula', '--step-size', '0.05', '--steps', '100', '--particles', '200', '--no-figures', '--quiet'];

const underLoad = runUnderLoad;

const read = (dir: string): Record<string, any> => JSON.parse(readFileSync(join(dir, 'audit.json'), 'utf8'));
/** Everything but the wall-clock seconds (which only describe the run). */
function withoutSeconds(a: Record<string, any>): Record<string, any> {
  const { seconds: _, ...rest } = a;
  return rest;
}

afterEach(() => vi.restoreAllMocks());

describe('emcert audit does not depend on machine load', () => {
  const dir = tempDir('emcert-audit-determinism-');

  it('the same audit under a normal and a very slow clock; a cap that cuts the tail search is bad input', async () => {
    const normalDir = join(dir, 'normal');
    const normal = await runInProcess([...BASE, '--out', normalDir]);
    expect(normal.code, normal.stderr + normal.stdout).toBe(0);
    const a = read(normalDir);
    expect(a.search).toEqual({ maxBoxes: 400000, mixingRounds: 2, effort: 1, timeCapSeconds: null, timeCapCut: [] });
    // Every phase did work: a stable step, a mixing bracket with the decomposition's lower end.
    expect(a.sampling.stability.etaLUpper).toBeLessThan(2);
    expect(a.mixing.lowerSource).toMatch(/covering decomposition/);
    expect(normal.stderr).not.toMatch(/time cap/);

    const slowDir = join(dir, 'slow');
    const slow = await underLoad([...BASE, '--out', slowDir]);
    expect(slow.code, slow.stderr + slow.stdout).toBe(0);
    const b = read(slowDir);
    expect(withoutSeconds(b)).toEqual(withoutSeconds(a));
    expect(readFileSync(join(slowDir, 'integral-evidence.json'), 'utf8')).toBe(readFileSync(join(normalDir, 'integral-evidence.json'), 'utf8'));
    // The slow clock did reach the run: its seconds say hours passed.
    expect(b.seconds).toBeGreaterThan(TEN_MINUTES / 1000);

    // The former behaviour, a time limit under that load: the tail search is cut before a cover is
    // certified, so there is no quadrature: one line naming --time-limit, exit 3, nothing written.
    const cutDir = join(dir, 'cut-tails');
    const cut = await underLoad([...BASE, '--time-limit', '60', '--out', cutDir]);
    expect(cut.code, cut.stderr).toBe(3);
    expect(cut.stderr, cut.stderr).toMatch(/^emcert: --time-limit 60: the cap cut the tail decomposition search before a cover was certified/m);
    expect(existsSync(join(cutDir, 'audit.json'))).toBe(false);
  }, 900_000);

  it('a cap that cuts is printed, recorded in audit.json and the summary, and what it left still verifies', async () => {
    const normalDir = join(dir, 'gauss-normal');
    const args = ['audit', '--energy', 'expr:0.5*(x1^2 + 4*x2^2)', '--regions', 'auto', '--sampler', 'ula', '--step-size', '0.05', '--steps', '100', '--particles', '200', '--no-figures', '--quiet'];
    const normal = await runInProcess([...args, '--out', normalDir]);
    expect(normal.code, normal.stderr + normal.stdout).toBe(0);
    const a = read(normalDir);
    const cappedDir = join(dir, 'gauss-capped');
    const capped = await underLoad([...args, '--time-limit', '60', '--out', cappedDir]);
    expect(capped.code, capped.stderr + capped.stdout).toBeLessThan(3);
    const c = read(cappedDir);
    expect(c.search.timeCapSeconds).toBe(60);
    // Every search that reads the cap under this clock is cut, in the order they run (the mixing
    // refinement is not reached: one leaf gives no test function a positive variance estimate).
    expect(c.search.timeCapCut).toEqual(['the stability (smoothness) search', 'the integration refinement']);
    expect(capped.stderr).toMatch(/^emcert audit: the 60 s time cap \(--time-limit\) cut the stability \(smoothness\) search: the audit uses what was found by then, so it depends on machine load/m);
    // One stderr line per cut (printed even with --quiet), and the summary names them.
    expect(capped.stderr.match(/time cap \(--time-limit\) cut/g)!.length).toBe(2);
    expect(capped.stdout).toMatch(/time cap: the 60 s cap \(--time-limit\) cut the stability \(smoothness\) search, the integration refinement; these numbers depend on machine load/);
    // The cut integration has fewer leaves and a wider, still sound bracket (ln Z = ln pi).
    expect(c.integration.boxes).toBeLessThan(a.integration.boxes);
    expect(c.converged).toBe(false);
    expect(c.logZ[0]).toBeLessThanOrEqual(a.logZ[0]);
    expect(c.logZ[1]).toBeGreaterThanOrEqual(a.logZ[1]);
    const lnPi = D.acos(-1).ln(); // Z = sqrt(2 pi) sqrt(pi / 2) = pi
    expect(new D(c.logZ[0]).lte(lnPi) && lnPi.lte(c.logZ[1])).toBe(true);
    // What the cut left is still checked by the kernel: verify accepts it.
    const v = await runInProcess(['verify', join(cappedDir, 'audit.json')]);
    expect(v.code, v.stdout).toBe(0);
  }, 900_000);

  it('verify accepts audits without the search record (written before it) and refuses a malformed one', async () => {
    const out = join(dir, 'gauss');
    const r = await runInProcess(['audit', '--energy', 'expr:0.5*(x1^2 + 4*x2^2)', '--no-figures', '--quiet', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const file = join(out, 'audit.json');
    const original = read(out);
    const { search: _, ...old } = original;
    writeFileSync(file, JSON.stringify(old));
    expect((await runInProcess(['verify', file])).code).toBe(0);
    for (const bad of [{ ...original.search, timeCapCut: 'mixing' }, { ...original.search, effort: 0 }, { ...original.search, extra: 1 }]) {
      writeFileSync(file, JSON.stringify({ ...original, search: bad }));
      const v = await runInProcess(['verify', file]);
      expect(v.code).toBe(3);
      expect(v.stderr + v.stdout).toMatch(/search/);
    }
  }, 300_000);

  it('bad --time-limit or --effort: one line, exit 3', async () => {
    for (const [flag, value, pattern] of [['--time-limit', '0', /--time-limit/], ['--effort', '65', /--effort 65: at most 64/], ['--effort', 'x', /--effort/]] as const) {
      const r = await runInProcess(['audit', '--energy', 'expr:x1^2', flag, value, '--out', join(dir, 'bad')]);
      expect(r.code).toBe(3);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(pattern);
    }
  });
});
