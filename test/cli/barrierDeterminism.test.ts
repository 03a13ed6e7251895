// `emcert barrier` must not depend on machine load: its searches (the barrier's linear programs and
// bisections, the tail decomposition, the pi(U) integration) end on work limits, and --time-limit is
// an optional cap whose cuts are printed and recorded. "Load" is a Date.now that jumps 10 minutes per
// read: a search that still read the wall clock to decide would be cut, and the certificates would differ.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectBadInput, tempDir } from './helpers.js';
import { runEach, runInProcess, runUnderLoad, TEN_MINUTES } from './inProcess.js';

const BASE = ['barrier', '--energy', 'expr:0.5*x1^2', '--unsafe', '4:6', '--step-size', '0.1', '--steps', '20', '--quiet'];

const underLoad = runUnderLoad;

const read = (file: string): Record<string, any> => JSON.parse(readFileSync(file, 'utf8'));
/** Everything but the wall-clock timings (which only describe the run). */
function withoutTimings(c: Record<string, any>): Record<string, any> {
  const { timings: _, ...rest } = c;
  return rest;
}

afterEach(() => vi.restoreAllMocks());

describe('emcert barrier does not depend on machine load', () => {
  const dir = tempDir('emcert-barrier-determinism-');

  it('the same certificate under a normal and a very slow clock; a cap that cuts is printed, recorded and still verifies', async () => {
    const normalOut = join(dir, 'normal.json');
    const normal = await runInProcess([...BASE, '--out', normalOut]);
    expect(normal.code, normal.stderr + normal.stdout).toBe(0);
    const a = read(normalOut);
    expect(a.verdict).toBe('certified');
    expect(a.gibbs.unsafeMass).not.toBeNull();
    expect(a.search).toEqual({ effort: 1, maxLeaves: 150000, rounds: 8, gibbsMaxBoxes: 20000, timeCapSeconds: null, timeCapCut: [] });
    expect(normal.stderr).not.toMatch(/time cap/);

    const slowOut = join(dir, 'slow.json');
    const slow = await underLoad([...BASE, '--out', slowOut]);
    expect(slow.code, slow.stderr + slow.stdout).toBe(0);
    const b = read(slowOut);
    expect(withoutTimings(b)).toEqual(withoutTimings(a));
    expect(slow.stdout).toBe(normal.stdout.replace(normalOut, slowOut));
    // The slow clock did reach the run, and the barrier search never read it: its timing is exactly
    // one jump (the two reads that measure it).
    expect(b.timings.barrierSeconds).toBe(TEN_MINUTES / 1000);

    // The former behaviour, a time limit under that load: the first read of the cap ends the barrier
    // search and the pi(U) integration stops at its first leaf. Both cuts are printed (one line each,
    // even with --quiet) and recorded; nothing false is claimed, and verify accepts what is left.
    const cutOut = join(dir, 'cut.json');
    const cut = await underLoad([...BASE, '--time-limit', '60', '--out', cutOut]);
    expect(cut.code, cut.stderr + cut.stdout).toBe(0);
    const c = read(cutOut);
    expect(c.search.timeCapSeconds).toBe(60);
    expect(c.search.timeCapCut).toEqual(['the barrier search', 'the pi(U) integration']);
    expect(c.verdict).toBe('inconclusive');
    expect(c.reason).toBe('no barrier certified: the time cap (--time-limit) cut the barrier search');
    expect(cut.stderr.match(/time cap \(--time-limit\) cut/g)!.length).toBe(2);
    expect(cut.stderr).toMatch(/^emcert barrier: the 60 s time cap \(--time-limit\) cut the barrier search: .*depends on machine load/m);
    expect(cut.stdout).toMatch(/time cap: the 60 s cap \(--time-limit\) cut the barrier search, the pi\(U\) integration; this result depends on machine load/);
    // The cut integration is wider than the full one, and still contains it.
    if (c.gibbs.unsafeMass) {
      expect(c.gibbs.unsafeMass[0]).toBeLessThanOrEqual(a.gibbs.unsafeMass[0]);
      expect(c.gibbs.unsafeMass[1]).toBeGreaterThanOrEqual(a.gibbs.unsafeMass[1]);
    }
    const v = await runInProcess(['verify', cutOut]);
    expect(v.code, v.stdout + v.stderr).toBe(0);
  }, 900_000);

  it('--effort scales the recorded work limits; verify accepts certificates without the search record and refuses a malformed one', async () => {
    const out = join(dir, 'half.json');
    const r = await runInProcess([...BASE, '--no-gibbs', '--effort', '0.5', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const cert = read(out);
    expect(cert.verdict).toBe('certified');
    expect(cert.search).toEqual({ effort: 0.5, maxLeaves: 75000, rounds: 4, gibbsMaxBoxes: 10000, timeCapSeconds: null, timeCapCut: [] });
    const { search: _, ...old } = cert;
    writeFileSync(out, JSON.stringify(old));
    expect((await runInProcess(['verify', out])).code).toBe(0);
    for (const bad of [{ ...cert.search, timeCapCut: 'the barrier search' }, { ...cert.search, effort: 0 }, { ...cert.search, extra: 1 }]) {
      writeFileSync(out, JSON.stringify({ ...cert, search: bad }));
      const v = await runInProcess(['verify', out]);
      expect(v.code).toBe(3);
      expect(v.stderr + v.stdout).toMatch(/search/);
    }
  }, 300_000);

  it('--help teaches the work limits and the optional cap', async () => {
    const r = await runInProcess(['barrier', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/--effort <N>/);
    expect(r.stdout).toMatch(/--time-limit <s>\s+optional wall-clock cap/);
    expect(r.stdout).toMatch(/Search limits \(--effort, --time-limit\): the searches end on work counts, never on the clock/);
    expect(r.stdout).toMatch(/150000 x N leaves per bisection/);
    expect(r.stdout).not.toMatch(/default: "300"/);
  });

  it('bad --time-limit or --effort: one line, exit 3, no file', async () => {
    const out = join(dir, 'bad.json');
    const runs = await runEach([
      [...BASE, '--time-limit', '0', '--out', out],
      [...BASE, '--effort', '65', '--out', out],
      [...BASE, '--effort', 'x', '--out', out],
      [...BASE, '--effort', '0', '--out', out],
    ]);
    expectBadInput(runs[0]!, /--time-limit 0: must be positive/);
    expectBadInput(runs[1]!, /--effort 65: at most 64/);
    expectBadInput(runs[2]!, /--effort/);
    expectBadInput(runs[3]!, /--effort 0: must be positive/);
    expect(existsSync(out)).toBe(false);
  });
});
