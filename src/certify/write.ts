// Writing a certificate: paths become relative to the certificate's own directory (so a folder
// holding a model and its certificate verifies wherever it is copied), provenance is recorded,
// the schema is checked, and the file is written atomically (a failed run leaves no file).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../util/files.js';
import { compactJson } from '../util/compactJson.js';
import { invocation } from '../util/invocation.js';
import { VERSION } from '../version.js';
import type { Certificate, Provenance } from '../verify/certificate.js';
import { describeSum, EXPRESSION_PREFIX } from '../verify/model.js';
import { assertCertificate } from '../verify/schema.js';

/** Re-expresses every stored path (terms, files, components) relative to `toDir` instead of `fromDir`. */
export function rebaseCertificatePaths(cert: Certificate, fromDir: string, toDir: string): Certificate {
  const move = (p: string): string => {
    const abs = isAbsolute(p) ? p : resolve(fromDir, p);
    return relative(resolve(toDir), abs) || '.';
  };
  return {
    ...cert,
    energy: {
      ...cert.energy,
      terms: cert.energy.terms.map((t) => (t.spec.startsWith(EXPRESSION_PREFIX) ? t : { ...t, spec: move(t.spec) })),
      files: cert.energy.files.map((f) => ({ ...f, path: move(f.path) })),
      spec: cert.energy.spec,
    },
    ...(cert.derivedFrom ? { derivedFrom: { ...cert.derivedFrom, components: cert.derivedFrom.components.map((c) => rebaseCertificatePaths(c, fromDir, toDir)) } } : {}),
  };
}

export interface WriteOptions {
  /** The command line that produced it (default: the running emcert command's). */
  readonly command?: readonly string[];
  /** Every seed the producer used, by name. */
  readonly seeds?: Readonly<Record<string, number>>;
}

/** Writes `cert` (whose relative paths are relative to the working directory) to `path`. */
export function writeCertificate(path: string, cert: Certificate, opts: WriteOptions = {}): Certificate {
  const rebased = rebaseCertificatePaths(cert, process.cwd(), dirname(resolve(path)));
  const out: Certificate = { ...rebased, energy: { ...rebased.energy, spec: describeSum(rebased.energy.terms) }, provenance: provenance(opts) };
  assertCertificate(out, `certificate for ${path}`);
  // Boxes one per line (compactJson): localisation evidence has tens of thousands of them.
  writeFileAtomic(path, compactJson(out) + '\n');
  return out;
}

export function provenance(opts: WriteOptions = {}): Provenance {
  const commit = gitCommit();
  const command = opts.command ?? invocation();
  return {
    emcert: VERSION,
    ...(commit ? { gitCommit: commit } : {}),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    date: new Date().toISOString(),
    ...(command ? { command: [...command] } : {}),
    seeds: { ...(opts.seeds ?? {}) },
  };
}

let cachedCommit: string | null | undefined;

/** The commit of the emcert checkout this runs from, or null when installed from a package. */
function gitCommit(): string | null {
  if (cachedCommit !== undefined) return cachedCommit;
  cachedCommit = null;
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  if (existsSync(join(root, '.git'))) {
    try {
      const head = execFileSync('git', ['-C', root, 'rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).trim();
      const dirty = execFileSync('git', ['-C', root, 'status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).trim();
      cachedCommit = /^[0-9a-f]{40}$/.test(head) ? head + (dirty ? '-dirty' : '') : null;
    } catch {
      cachedCommit = null;
    }
  }
  return cachedCommit;
}
