import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectBadInput, tempDir } from './helpers.js';
import { runEach, runInProcess } from './inProcess.js';

describe('emcert check', () => {
  const dir = tempDir('emcert-check-');

  it('exit codes: 0 certified (with summary and LaTeX row), 1 refuted, 1 flow refuted, 2 inconclusive', async () => {
    const out = (n: string) => join(dir, `${n}.json`);
    const [gauss, improper, flow, unknown] = await runEach([
      (['check', '--energy', 'expr:0.5*(4*x1^2 + x2^2)', '--init', 'normal:2,1', '--epsilon', '0.01', '--out', out('gauss'), '--latex']),
      (['check', '--energy', 'expr:x1 + 0.5*x2^2', '--out', out('improper')]),
      (['check', '--energy', 'expr:0.5*(4*x1^2 + x2^2)', '--sampler', 'flow', '--out', out('flow')]),
      (['check', '--energy', 'expr:x1^4 + x2^4', '--budget', '2', '--out', out('unknown')]),
    ]);
    expect(gauss.code).toBe(0);
    expect(gauss.stdout).toMatch(/CERTIFIED/);
    expect(gauss.stdout).toMatch(/exact-gaussian/);
    expect(gauss.stdout).toMatch(/vempala-wibisono-optimised/);
    // The row: expression (no expr: prefix), T, eps, initial law, ..., verdict.
    expect(gauss.stdout).toContain('\\texttt{0.5*(4*x1\\textasciicircum{}2 + x2\\textasciicircum{}2)} & $1$ & $0.01$ & $\\mathcal{N}(2, 1^2 I)$ & $1$ & $4$ & ');
    expect(gauss.stdout).toMatch(/ & certified \\\\\n/);
    const cert = JSON.parse(readFileSync(out('gauss'), 'utf8'));
    expect(cert.schema).toBe('emcert-certificate@1');
    expect(cert.stopping.steps).toBeGreaterThan(0);
    expect(improper.code).toBe(1);
    expect(improper.stdout).toMatch(/infinite-mass/);
    expect(flow.code).toBe(1);
    expect(flow.stdout).toMatch(/gradient-flow/);
    expect(flow.stdout).not.toMatch(/VACUOUS/);
    expect(unknown.code).toBe(2);
    expect(existsSync(out('unknown'))).toBe(true);
  });

  it('a weighted sum is analysed directly', async () => {
    const r = await runInProcess(['check', '--energy', 'expr:x1^2 + x2^2', '--energy', 'expr:(x1-1)^2', '--weights', '0.5,2', '--out', join(dir, 'sum.json'), '--json']);
    expect(r.code).toBe(0);
    const cert = JSON.parse(r.stdout);
    expect(cert.energy.terms).toEqual([{ spec: 'expr:x1^2 + x2^2', weight: 0.5 }, { spec: 'expr:(x1-1)^2', weight: 2 }]);
  });

  it('bad input: one line naming the input, exit 3, no output file', async () => {
    const rs = await runEach([
      (['check', '--energy', 'expr:x1 +', '--out', join(dir, 'bad1.json')]),
      (['check', '--energy', 'expr:x1^2', '--epsilon', '-1', '--out', join(dir, 'bad2.json')]),
      (['check', '--energy', 'expr:x1^2', '--sampler', 'hmc', '--out', join(dir, 'bad3.json')]),
      (['check', '--energy', 'expr:x1^2', '--energy', 'expr:x2^2', '--weights', '1', '--out', join(dir, 'bad4.json')]),
      (['check', '--energy', 'expr:x1^2']),
    ]);
    expectBadInput(rs[0]!, /expr:x1 \+/);
    expectBadInput(rs[1]!, /--epsilon -1: must be positive/);
    expectBadInput(rs[2]!, /--sampler "hmc"/);
    expectBadInput(rs[3]!, /--weights 1: got 1 weights for 2 energies/);
    expect(rs[4]!.code).toBe(3);
    for (const k of [1, 2, 3, 4]) expect(existsSync(join(dir, `bad${k}.json`))).toBe(false);
  });

  it('--effort scales the work limits and is recorded; no --budget means no wall-clock cap', async () => {
    const [plain, quick] = await runEach([
      ['check', '--energy', 'expr:0.5*x1^2 + x2^2', '--out', join(dir, 'effort1.json'), '--json'],
      ['check', '--energy', 'expr:0.5*x1^2 + x2^2', '--out', join(dir, 'effort01.json'), '--json', '--effort', '0.1'],
    ]);
    expect(plain!.code).toBe(0);
    expect(JSON.parse(plain!.stdout).search).toEqual({ effort: 1, maxBoxes: 3000, timeCapSeconds: null, timeCapCut: [] });
    expect(quick!.code).toBe(0);
    expect(JSON.parse(quick!.stdout).search).toEqual({ effort: 0.1, maxBoxes: 300, timeCapSeconds: null, timeCapCut: [] });
    expect((await runInProcess(['verify', join(dir, 'effort01.json')])).code).toBe(0);
  });

  it('bad --effort / --budget: one line naming the flag, exit 3, no output file', async () => {
    const rs = await runEach([
      ['check', '--energy', 'expr:x1^2', '--effort', '0', '--out', join(dir, 'eff1.json')],
      ['check', '--energy', 'expr:x1^2', '--effort', '65', '--out', join(dir, 'eff2.json')],
      ['check', '--energy', 'expr:x1^2', '--effort', 'lots', '--out', join(dir, 'eff3.json')],
      ['check', '--energy', 'expr:x1^2', '--effort', '1e-4', '--out', join(dir, 'eff4.json')],
      ['check', '--energy', 'expr:x1^2', '--budget', '-5', '--out', join(dir, 'eff5.json')],
    ]);
    expectBadInput(rs[0]!, /--effort 0: must be positive/);
    expectBadInput(rs[1]!, /--effort 65: at most 64 \(192000 boxes per cover search\)/);
    expectBadInput(rs[2]!, /--effort "lots": expected a finite number/);
    expectBadInput(rs[3]!, /--effort 1e-4: too small/);
    expectBadInput(rs[4]!, /--budget -5: must be positive/);
    for (const k of [1, 2, 3, 4, 5]) expect(existsSync(join(dir, `eff${k}.json`))).toBe(false);
  });

  it('--latex and --json: refused together on stdout (exit 3, no file); --latex FILE keeps the JSON parseable', async () => {
    const [both, file] = await runEach([
      ['check', '--energy', 'expr:0.5*x1^2 + x2^2', '--out', join(dir, 'both.json'), '--json', '--latex'],
      ['check', '--energy', 'expr:0.5*x1^2 + x2^2', '--out', join(dir, 'file.json'), '--json', '--latex', join(dir, 'row.tex')],
    ]);
    expectBadInput(both!, /--latex with --json: both would print to stdout; give --latex FILE/);
    expect(existsSync(join(dir, 'both.json'))).toBe(false);
    expect(file!.code).toBe(0);
    expect(JSON.parse(file!.stdout).verdict).toBe('certified');
    const row = readFileSync(join(dir, 'row.tex'), 'utf8');
    expect(row).toMatch(/^% emcert check row: energy & \$T\$ & \$\\varepsilon\$ & \$\\rho_0\$/);
    expect(row).toContain('& $0.1$ & $\\mathcal{N}(0, 1^2 I)$ &');
  });

  it('gates: --min-alpha and --max-steps exit 5 when the certified guarantee is weaker, 0 when it is not', async () => {
    const g = 'expr:0.5*x1^2 + x2^2';
    const [weak, strong, bad, refuted] = await runEach([
      ['check', '--energy', g, '--init', 'normal:2,1', '--out', join(dir, 'g1.json'), '--min-alpha', '2', '--max-steps', '1', '--quiet'],
      ['check', '--energy', g, '--out', join(dir, 'g2.json'), '--min-alpha', '0.5', '--max-steps', '1000', '--quiet'],
      ['check', '--energy', g, '--out', join(dir, 'g3.json'), '--max-steps', '-3'],
      ['check', '--energy', g, '--sampler', 'flow', '--out', join(dir, 'g4.json'), '--min-alpha', '2'],
    ]);
    expect(weak!.code).toBe(5);
    expect(weak!.stderr).toMatch(/^emcert: --min-alpha 2: the certified alpha is 1\.00\nemcert: --max-steps 1: the certified KL stopping rule needs \d+ steps\n$/);
    expect(existsSync(join(dir, 'g1.json'))).toBe(true);
    expect(strong!.code).toBe(0);
    expect(strong!.stderr).toBe('');
    expectBadInput(bad!, /--max-steps -3/);
    expect(existsSync(join(dir, 'g3.json'))).toBe(false);
    // Refuted keeps its own code.
    expect(refuted!.code).toBe(1);
  });

  it('a 200-term expression honours a small --budget, says which search the cap cut, and records it', async () => {
    // 6 coordinates, 200 terms: before, the LSI bump search ignored the deadline and the LSI search
    // always got 5 s more (22 s at --budget 10).
    const terms = Array.from({ length: 200 }, (_, k) => {
      const i = 1 + (k % 6), j = 1 + ((3 * k + 1) % 6), c = (0.01 + 0.002 * (k % 7)).toFixed(3);
      return [`${c}*sin(x${i}*x${j})`, `${c}*(x${i} - ${(k % 5) / 5})^2`, `${c}*log(1 + x${i}^2)`, `${c}*x${i}^2`][k % 4]!;
    });
    const started = performance.now();
    const r = await runInProcess(['check', '--energy', `expr:${terms.join(' + ')}`, '--budget', '2', '--out', join(dir, 'big.json')]);
    const seconds = (performance.now() - started) / 1000;
    expect([0, 2]).toContain(r.code);
    expect(r.stderr).toMatch(/^emcert check: the 2 s time cap \(--budget\) cut the (infinite-mass witness|smoothness|LSI bump|LSI) search: the verdict uses what was found by then, so it depends on machine load \(recorded in the certificate's search.timeCapCut; drop --budget for a reproducible result\)$/m);
    const cert = JSON.parse(readFileSync(join(dir, 'big.json'), 'utf8'));
    expect(cert.search.timeCapSeconds).toBe(2);
    expect(cert.search.timeCapCut.length).toBeGreaterThan(0);
    expect(r.stderr.match(/time cap \(--budget\) cut/g)!.length).toBe(cert.search.timeCapCut.length);
    // The kernel's checks of what was found are not cut; they cost about as much as the search.
    expect(seconds).toBeLessThan(8);
  }, 30_000);
});

describe('emcert check --tv-epsilon', () => {
  const dir = tempDir('emcert-check-tv-');

  it('a 1-D energy: a TV claim beside the KL one, re-checked by verify, above an independent quadrature of TV', async () => {
    const out = join(dir, 'tv.json');
    const [r] = await runEach([['check', '--energy', 'expr:0.5*x1^2 + 0.25*x1^4', '--tv-epsilon', '0.1', '--out', out]]);
    expect(r!.code, r!.stderr).toBe(0);
    expect(r!.stdout).toMatch(/^stopping TV tvEpsilon = 0\.09999999999999999: TV\(rho_N, pi\) <= [\d.]+ after N = \d+ steps of eta = [\d.]+ via grid-propagation/m);
    expect(r!.stderr).toMatch(/grid-propagation: w = 0\.125/); // progress, even off a terminal
    // The verdict line names the TV claim, as a claim apart from the verdict.
    expect(r!.stdout.split('\n')[0]).toMatch(/; TV claim \(separate from the verdict\): TV\(rho_\d+, pi\) <= [\d.]+ <= tvEpsilon = 0\.09999999999999999$/);
    const cert = JSON.parse(readFileSync(out, 'utf8'));
    const tv = cert.stopping.tv;
    expect(cert.stopping.tvEpsilon).toBe(0.09999999999999999);
    expect(tv).toMatchObject({ route: 'grid-propagation', metric: 'TV', applies: true });
    expect(tv.tvBound).toBeLessThanOrEqual(cert.stopping.tvEpsilon);
    expect(cert.stopping.routes.every((x: { route: string }) => x.route !== 'grid-propagation')).toBe(true);
    expect(cert.stopping.route).toBeNull(); // no finite L: no KL route, and the TV route does not stand in
    // Independent reference: the law after N steps of x' = x - h (x + x^3) + sqrt(2h) xi from N(0, 1),
    // by direct quadrature on a fine lattice (no grid-propagation code), against pi ∝ exp(-x^2/2 - x^4/4).
    const h = tv.h as number, n = 3201, lo = -8, dx = 16 / (n - 1);
    const xs = Array.from({ length: n }, (_, i) => lo + i * dx);
    let law = xs.map((x) => Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI));
    for (let k = 0; k < tv.steps; k++) {
      const next = new Array<number>(n).fill(0);
      xs.forEach((x, i) => {
        const g = x - h * (x + x ** 3);
        for (let j = 0; j < n; j++) next[j]! += law[i]! * dx * Math.exp(-((xs[j]! - g) ** 2) / (4 * h)) / Math.sqrt(4 * Math.PI * h);
      });
      law = next;
    }
    const piRaw = xs.map((x) => Math.exp(-x * x / 2 - x ** 4 / 4));
    const z = piRaw.reduce((a, b) => a + b, 0) * dx;
    const tvRef = 0.5 * xs.reduce((a, _, i) => a + Math.abs(law[i]! - piRaw[i]! / z) * dx, 0);
    expect(tvRef).toBeGreaterThan(0.01);
    expect(tv.tvBound).toBeGreaterThanOrEqual(tvRef);
    const [v] = await runEach([['verify', out]]);
    expect(v!.code, v!.stdout + v!.stderr).toBe(0);
    expect(v!.stderr).toMatch(/re-running the grid propagation of stopping\.tv/);
  });

  it('d > 2: the localisation route, with progress on stderr, written and re-checked by verify', async () => {
    const out = join(dir, 'd3.json');
    const [r] = await runEach([['check', '--energy', 'expr:x1^2 + x2^2 + x3^2', '--tv-epsilon', '0.1', '--out', out]]);
    expect(r!.code, r!.stderr).toBe(0);
    expect(r!.stderr).toMatch(/stopping: localisation TV route, K = \[-6, 6\]\^3/);
    expect(r!.stdout).toMatch(/^stopping TV tvEpsilon = 0\.09999999999999999: TV\(rho_N, pi\) <= [\d.]+ after N = \d+ steps of eta = [\d.e-]+ via localisation \(K = \[-6, 6\] x \[-6, 6\] x \[-6, 6\], \d+ drift boxes/m);
    const cert = JSON.parse(readFileSync(out, 'utf8'));
    expect(cert.stopping.tv).toMatchObject({ route: 'localisation', metric: 'TV', applies: true });
    expect(cert.stopping.tv.tvBound).toBeLessThanOrEqual(cert.stopping.tvEpsilon);
    expect(cert.stopping.steps).toBeGreaterThan(0); // the KL claim is unaffected
    const [v] = await runEach([['verify', out]]);
    expect(v!.code, v!.stdout + v!.stderr).toBe(0);
    expect(v!.stderr).toMatch(/re-deriving the localisation bound of stopping\.tv/);
  });

  it('no TV route: one line names why; the certificate is written (exit 0)', async () => {
    const out = join(dir, 'none.json');
    const [r] = await runEach([['check', '--energy', 'expr:x1^2 + x2^2 + x3^2', '--tv-epsilon', '1e-12', '--out', out]]);
    expect(r!.code, r!.stderr).toBe(0);
    const lines = r!.stderr.split('\n').filter((l) => /tv-epsilon/.test(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^emcert check: --tv-epsilon: no TV claim: grid-propagation: .*d <= 2, not d = 3; localisation: /);
    expect(JSON.parse(readFileSync(out, 'utf8')).stopping.tv).toMatchObject({ applies: false });
  });

  it('bad --tv-epsilon values and combinations: one line, exit 3, no output file', async () => {
    const bad = ['0', '-1', 'abc', '1', '1.5'];
    const rs = await runEach([
      ...bad.map((v, i) => ['check', '--energy', 'expr:x1^2', '--tv-epsilon', v, '--out', join(dir, `bad${i}.json`)]),
      ['check', '--energy', 'expr:x1^2', '--tv-epsilon', '0.1', '--sampler', 'mala', '--out', join(dir, 'bad5.json')],
      ['check', '--energy', 'expr:x1^2', '--tv-epsilon', '0.1', '--preconditioner', 'auto', '--out', join(dir, 'bad6.json')],
    ]);
    expectBadInput(rs[0]!, /--tv-epsilon 0: must be positive/);
    expectBadInput(rs[1]!, /--tv-epsilon -1: must be positive/);
    expectBadInput(rs[2]!, /--tv-epsilon "abc"/);
    expectBadInput(rs[3]!, /--tv-epsilon 1: must be below 1/);
    expectBadInput(rs[4]!, /--tv-epsilon 1\.5: must be below 1/);
    expectBadInput(rs[5]!, /--tv-epsilon: the TV route is a theorem about ULA, not --sampler mala/);
    expectBadInput(rs[6]!, /--tv-epsilon with --preconditioner/);
    for (let k = 0; k <= 6; k++) expect(existsSync(join(dir, `bad${k}.json`))).toBe(false);
  });

  it('--help documents the TV claim', async () => {
    const [r] = await runEach([['check', '--help']]);
    expect(r!.stdout).toMatch(/--tv-epsilon <eps>/);
    expect(r!.stdout).toMatch(/TV\(rho_N, pi\) = sup_A/);
    expect(r!.stdout).toMatch(/d <= 2/);
  });
});
