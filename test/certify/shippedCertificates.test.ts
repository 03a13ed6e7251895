// Every certificate shipped in certificates/ re-checks with the kernel (what `emcert verify` runs),
// names its energy files by relative paths that exist in any clone, and claims what it proves.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCertificate } from '../../src/verify/schema.js';
import { verifyCertificate } from '../../src/verify/verify.js';
import { runCli } from '../cli/helpers.js';
import { runInProcess } from '../cli/inProcess.js';

const shipped = readdirSync('certificates').filter((f) => f.endsWith('.json'));

describe('shipped certificates', () => {
  it('there are some', () => {
    expect(shipped.length).toBeGreaterThanOrEqual(3);
  });

  it.each(shipped)('%s verifies with the kernel alone', (name) => {
    const path = join('certificates', name);
    const cert = readCertificate(path);
    for (const f of cert.energy.files) expect(isAbsolute(f.path), `${name}: ${f.path} is absolute`).toBe(false);
    const report = verifyCertificate(cert, { baseDir: 'certificates' });
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.verdict).toBe(cert.verdict);
    if (cert.verdict === 'certified') expect(cert.constants.lsi.lower).toBeGreaterThan(0);
  });
});

describe('certificates travel', () => {
  it('a copied folder holding a model and its certificate verifies from any working directory', () => {
    const root = mkdtempSync(join(tmpdir(), 'emcert-travel-'));
    try {
      cpSync('models/8gaussians', join(root, 'models', '8gaussians'), { recursive: true });
      cpSync('certificates/8gaussians.json', join(root, 'certificates', '8gaussians.json'));
      const elsewhere = mkdtempSync(join(tmpdir(), 'emcert-cwd-'));
      const r = runCli(['verify', join(root, 'certificates', '8gaussians.json')], { cwd: elsewhere });
      rmSync(elsewhere, { recursive: true, force: true });
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(/^valid: /);
      expect(r.code).toBe(0);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('check stores paths relative to the certificate, even for an absolute --energy, and records provenance', async () => {
    const root = mkdtempSync(join(tmpdir(), 'emcert-rel-'));
    try {
      cpSync('models/8gaussians', join(root, 'model'), { recursive: true });
      const out = join(root, 'out', 'cert.json');
      const r = await runInProcess(['check', '--energy', resolve(root, 'model', 'model.json'), '--out', out, '--budget', '20', '--quiet']);
      expect(r.code).toBe(0);
      const cert = JSON.parse(readFileSync(out, 'utf8'));
      expect(cert.energy.terms[0].spec).toBe('../model/model.json');
      expect(cert.energy.files.map((f: { path: string }) => f.path)).toEqual(['../model/model.json', '../model/weights.safetensors']);
      expect(cert.provenance.command).toEqual(['check', '--energy', resolve(root, 'model', 'model.json'), '--out', out, '--budget', '20', '--quiet']);
      expect(cert.provenance.node).toBe(process.version);
      expect((await runInProcess(['verify', out])).code).toBe(0);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('a missing model file is bad input: one line on stderr, exit 3', async () => {
    const root = mkdtempSync(join(tmpdir(), 'emcert-missing-'));
    try {
      cpSync('certificates/8gaussians.json', join(root, '8gaussians.json'));
      const r = await runInProcess(['verify', join(root, '8gaussians.json')]);
      expect(r.code).toBe(3);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/8gaussians\.json: .*model\.json: cannot read energy file: no such file/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
