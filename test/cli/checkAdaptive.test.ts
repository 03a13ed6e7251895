// emcert check --decomposition adaptive on the hill-in-a-ring 0.5 r^2 + 1.5 exp(-r^2 / 0.5) at T = 0.5
// (--effort 0.1 keeps it near 30 CPU s): the slab chains are refused, the adaptive, edge-scaled grid is
// accepted, the certificate carries edgeScales, its gap lies below the generator's gap
// (Scharfetter-Gummel reference, 121 x 121 nodes, inverse iteration; 1.08), progress goes to stderr,
// verify replays it, and the same certificate without its scales is refused. On the 2-d double well at
// T = 0.1 (two modes, barrier 10 in f-units) the grid's blocks are grouped at the saddle
// (src/certify/decompositionGroups.ts): the grouped LSI record beats the ungrouped one, the slab chain
// and the Holley-Stroock search, is stored, and verify accepts it (about 90 CPU s with the seal's verify;
// the run also covers the chain integration's widened inner box, which the record must store).
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectBadInput, tempDir } from './helpers.js';
import { runInProcess } from './inProcess.js';
import { loadEnergy } from '../../src/energy/spec.js';
import { fieldOn, uniformGrid } from '../../src/diagnostics/grid/grid.js';
import { potentialFromEnergy } from '../../src/diagnostics/grid/potential.js';
import { smallGapOnGrid } from '../../src/diagnostics/grid/smallGap.js';

const HILL = 'expr:0.5*(x1^2 + x2^2) + 1.5*exp(-(x1^2 + x2^2) / 0.5)';
const T = 0.5;
const WELL = 'expr:(x1^2 - 1)^2 + 0.5*x2^2';

describe('emcert check --decomposition adaptive', () => {
  const dir = tempDir('emcert-check-adaptive-');

  it('certifies the hill-in-a-ring with an edge-scaled adaptive grid that verify replays', async () => {
    const out = join(dir, 'hill.json');
    const r = await runInProcess(['check', '--energy', HILL, '--temperature', String(T), '--decomposition', 'adaptive', '--effort', '0.1', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    // Progress on stderr even when it is not a terminal: the slab chains' outcome, the rounds, the result.
    expect(r.stderr).toMatch(/^emcert check: poincare: slab chains: no slab chain/m);
    expect(r.stderr).toMatch(/^emcert check: poincare: adaptive grid: round 0: 64 cells/m);
    expect(r.stderr).toMatch(/^emcert check: poincare: adaptive grid: the kernel accepts gap >= /m);
    // --effort 0.1: the second lift search on finer covers takes the 40 bounded cells of largest constant
    expect(r.stderr).toMatch(/^emcert check: poincare: adaptive grid: finer covers \(12 x 12 sub-boxes\) on the 40 cells with local constants above 0: \d+ improved/m);
    expect(r.stdout).toMatch(/spectral gap >= \S+ \(Poincaré: covering decomposition of \d+ sets\)/);
    const cert = JSON.parse(readFileSync(out, 'utf8'));
    const rec = cert.poincareDecomposition;
    const ev = rec.evidence;
    // The base 8 x 8 grid, its 18 frame sets, and some cells cut into four; at most the kernel's 500.
    expect(ev.pieces.length).toBeGreaterThan(82);
    expect(ev.pieces.length).toBeLessThanOrEqual(500);
    expect(ev.edgeScales).toHaveLength(ev.edges.length);
    expect(ev.edgeScales.every((m: number) => m > 0 && m <= 1)).toBe(true);
    expect(ev.edgeScales.some((m: number) => m < 1)).toBe(true);
    // Below the generator's gap, and far above the unscaled uniform grid the audit used (2.3e-4).
    const reference = smallGapOnGrid(fieldOn(potentialFromEnergy(loadEnergy(HILL), T), uniformGrid(-4, 4, -4, 4, 121, 121))).gap;
    expect(reference).toBeGreaterThan(1);
    expect(rec.claim.gapLower).toBeLessThan(reference);
    expect(rec.claim.gapLower).toBeGreaterThan(1e-3);
    expect(cert.lsiDecomposition.claim.alphaLower).toBeGreaterThan(0);
    expect(cert.lsiDecomposition.evidence.partition).toHaveLength(ev.pieces.length);

    const ok = await runInProcess(['verify', out]);
    expect(ok.code, ok.stdout).toBe(0);
    // The same evidence replayed with mu = 1 proves less than the stored gap.
    delete ev.edgeScales;
    const tampered = join(dir, 'hill-unscaled.json');
    writeFileSync(tampered, JSON.stringify(cert));
    const bad = await runInProcess(['verify', tampered]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/poincareDecomposition: spectral gap \(Poincare, not LSI\).*stronger than the kernel's/);
  }, 900_000);

  it('groups the double well\'s blocks at the saddle: the grouped LSI record is stored and verify accepts it', async () => {
    const out = join(dir, 'well.json');
    const r = await runInProcess(['check', '--energy', WELL, '--temperature', '0.1', '--decomposition', 'adaptive', '--effort', '0.1', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const line = r.stderr.match(/^emcert check: poincare: adaptive grid: groups: 2 \(one per mode\), \d+ blocks, .*alpha \(LSI\) grouped >= (\S+) against (\S+) ungrouped; the grouped record is kept$/m);
    expect(line, r.stderr).not.toBeNull();
    const [grouped, ungrouped] = [Number(line![1]), Number(line![2])];
    // The defect log(1/p_*) ~ 65 of the grid's lightest block no longer multiplies the global C_P.
    expect(grouped).toBeGreaterThan(10 * ungrouped);
    expect(r.stdout).toMatch(/alpha \(LSI\) from that decomposition >= \S+ \(partition into \d+ blocks in 2 groups; the better route/);
    const cert = JSON.parse(readFileSync(out, 'utf8'));
    const rec = cert.lsiDecomposition;
    expect(rec.function).toBe('kernel/checks/lsiGroupedDecomposition.checkLsiFromGroupedDecomposition');
    expect(rec.evidence.groups).toHaveLength(2);
    // The cut through the saddle x1 = 0 (a cell boundary of the grid, so no block is split).
    expect(rec.evidence.groups.map((g: { region: [number | null, number | null][] }) => g.region[0])).toEqual([[null, 0], [0, null]]);
    expect(rec.evidence.partition).toHaveLength(cert.poincareDecomposition.evidence.pieces.length);
    expect(rec.evidence.partition.every((b: { group: number }) => b.group === 0 || b.group === 1)).toBe(true);
    // The better route: the certificate's alpha, below the generator's gap (7.84e-4, 181 x 181 nodes).
    expect(cert.constants.lsi.lower).toBe(rec.claim.alphaLower);
    const reference = smallGapOnGrid(fieldOn(potentialFromEnergy(loadEnergy(WELL), 0.1), uniformGrid(-2.5, 2.5, -2.5, 2.5, 121, 121))).gap;
    expect(rec.claim.alphaLower).toBeLessThan(reference);
    expect(rec.claim.alphaLower).toBeGreaterThan(2e-6);

    const ok = await runInProcess(['verify', out]);
    expect(ok.code, ok.stdout).toBe(0);
    // A group's chain claim raised past what its masses support is refused by the replay.
    rec.evidence.groups[0].lambda2 *= 2;
    const tampered = join(dir, 'well-lambda.json');
    writeFileSync(tampered, JSON.stringify(cert));
    const bad = await runInProcess(['verify', tampered]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/lsiDecomposition: .*group 0/);
  }, 900_000);

  it('--help teaches the option: what it adds, for which energies, what it costs, where progress goes', async () => {
    const r = await runInProcess(['check', '--help']);
    expect(r.stdout).toMatch(/--decomposition <kind>/);
    expect(r.stdout).toMatch(/--decomposition adaptive {3}\(d = 2 expression or network energies; opt-in, CPU minutes\)/);
    expect(r.stdout).toMatch(/farField in the evidence/);
    expect(r.stdout).toMatch(/edgeScales in the evidence/);
    expect(r.stdout).toMatch(/Progress lines go to stderr/);
    expect(r.stdout).toMatch(/grouped, one box per mode cut through the saddles/);
  });

  it('refuses an unknown kind in one line, exit 3, no certificate written', async () => {
    const out = join(dir, 'bad.json');
    const r = await runInProcess(['check', '--energy', HILL, '--decomposition', 'grid', '--out', out]);
    expectBadInput(r, /^emcert: --decomposition "grid": expected chains or adaptive$/);
    expect(existsSync(out)).toBe(false);
  });
});
