// The published package, as a user gets it: `npm pack` (which runs `prepare`, so dist/ is compiled
// from the current sources), the tarball installed into a scratch project in a temporary directory,
// and both entries ("emcert", "emcert/testing") used from plain Node ESM, from CommonJS (require of
// ESM, Node >= 20.19), from a TypeScript consumer compiled by tsc (NodeNext, strict, the strictest
// optional flags, skipLibCheck off: only emcert's .d.ts are checked, never its sources) and from a
// `moduleResolution: node` consumer; and the installed command, without tsx.
//
// Slow (about a minute: the build, then an install from the npm cache): one pack and one install
// shared by every case. EMCERT_SKIP_PACK_TEST=1 skips it in a local edit-test loop; CI runs it.
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO = resolve(import.meta.dirname, '../..');
const TSC = join(REPO, 'node_modules/typescript/bin/tsc');
const TIMEOUT = 240_000;
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
const requireEsm = major > 22 || (major === 22 && minor >= 12) || (major === 20 && minor >= 19);

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

// Without the npm_* variables of an enclosing `npm test` (npm_config_ignore_scripts, for one, would
// make `npm pack` skip the build and pack a stale or missing dist/).
const ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));

function run(command: string, args: readonly string[], opts: SpawnSyncOptions & { cwd: string }): Run {
  const r = spawnSync(command, args, { encoding: 'utf8', timeout: TIMEOUT, shell: process.platform === 'win32', env: ENV, ...opts });
  return { code: r.status, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? '') + (r.error ? String(r.error) : '') };
}

function ok(r: Run, what: string): string {
  expect(r.code, `${what}\n${r.stdout}\n${r.stderr}`).toBe(0);
  return r.stdout;
}

function node(cwd: string, args: readonly string[]): Run {
  return run(process.execPath, args, { cwd });
}

const lastJsonLine = (out: string): Record<string, unknown> => JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, unknown>;

describe.skipIf(process.env.EMCERT_SKIP_PACK_TEST === '1')('the packed package (npm pack, installed into a scratch project)', { timeout: TIMEOUT }, () => {
  let dir = '';
  let app = '';
  let files: string[] = [];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'emcert-pack-'));
    // --json lists the tarball's files; `prepare` (the build) prints to stderr.
    const packed = ok(run('npm', ['pack', '--pack-destination', dir, '--json'], { cwd: REPO }), 'npm pack');
    const info = (JSON.parse(packed.slice(packed.indexOf('['))) as { filename: string; files: { path: string }[] }[])[0]!;
    files = info.files.map((f) => f.path);
    app = join(dir, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'emcert-consumer', private: true, type: 'module' }, null, 2));
    // fast-check is the optional peer of emcert/testing: a user of it installs it, at the version tested here.
    const fastCheck = (JSON.parse(readFileSync(join(REPO, 'node_modules/fast-check/package.json'), 'utf8')) as { version: string }).version;
    // --ignore-scripts: the optional @tensorflow/tfjs-node would download libtensorflow; nothing here needs it.
    ok(
      run('npm', ['install', join(dir, info.filename), `fast-check@${fastCheck}`, '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], { cwd: app }),
      'npm install of the tarball',
    );
  }, TIMEOUT);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('ships dist/ (JavaScript and .d.ts), bin/, the certificate schema and the default models; not the sources, tests or benches', () => {
    for (const f of ['package.json', 'README.md', 'bin/emcert.js', 'dist/index.js', 'dist/index.d.ts', 'dist/testing/index.js', 'dist/testing/index.d.ts', 'dist/cli/main.js', 'certificates/schema/certificate-v1.json', 'models/8gaussians/model.json', 'models/8gaussians/weights.safetensors'])
      expect(files, f).toContain(f);
    const offending = files.filter((f) => /^(src|test|bench|scripts|proofs|node_modules)\//.test(f) || f.startsWith('tsconfig') || f.endsWith('.tgz'));
    expect(offending).toEqual([]);
    const pkg = JSON.parse(readFileSync(join(app, 'node_modules/emcert/package.json'), 'utf8')) as Record<string, Record<string, string>>;
    expect(pkg['dependencies']).not.toHaveProperty('tsx');
    expect(pkg['dependencies']).not.toHaveProperty('fast-check');
    expect(pkg['peerDependencies']).toHaveProperty('fast-check');
  });

  it('plain Node ESM: import { loadEnergy } from "emcert" evaluates; emcert/testing generates and certifies', () => {
    writeFileSync(
      join(app, 'esm.mjs'),
      `import { loadEnergy, certifyEnergy, buildEnergy, verifyCertificate, VERSION } from 'emcert';
import { gaussianEnergy, certificateVerifies } from 'emcert/testing';
import fc from 'fast-check';
const e = loadEnergy('expr:x1^2');
const terms = [{ spec: 'expr:0.5*x1^2 + x2^2', weight: 1 }];
const cert = certifyEnergy({ energy: buildEnergy(terms), terms });
const g = fc.sample(gaussianEnergy({ dim: 2 }), { numRuns: 1, seed: 1 })[0];
// Files the runtime reads relative to its own modules resolve from dist/ as from src/.
const { shippedModels } = await import(new URL('./node_modules/emcert/dist/experiment/suiteEnergies.js', import.meta.url).href);
console.log(JSON.stringify({ value: e.value(Float64Array.of(3)), gradient: Array.from(e.gradient(Float64Array.of(3))), verdict: cert.verdict, ok: verifyCertificate(JSON.parse(JSON.stringify(cert))).ok, testing: certificateVerifies(g.spec, { temperature: g.temperature }).verdict, version: VERSION, models: shippedModels().length }));
`,
    );
    const out = lastJsonLine(ok(node(app, ['esm.mjs']), 'node esm.mjs'));
    const version = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
    // Every model directory of the repository ships (models/<name>/model.json).
    const shipped = readdirSync(join(REPO, 'models'), { withFileTypes: true }).filter((d) => d.isDirectory() && existsSync(join(REPO, 'models', d.name, 'model.json'))).length;
    expect(out).toEqual({ value: 9, gradient: [6], verdict: 'certified', ok: true, testing: 'certified', version, models: shipped });
  });

  it('the main entry loads without fast-check (only emcert/testing needs the peer)', () => {
    // Every module dist/index.js reaches by static import: none is fast-check.
    const seen = new Set<string>();
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const m of readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)\s+(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm)) {
        const s = m[1]!;
        expect(s, `${file} imports ${s}`).not.toBe('fast-check');
        if (s.startsWith('.')) visit(resolve(file, '..', s));
      }
    };
    visit(join(app, 'node_modules/emcert/dist/index.js'));
    expect(seen.size).toBeGreaterThan(30);
  });

  it.skipIf(!requireEsm)('CommonJS: require("emcert") and require("emcert/testing") (require of ESM, no separate CJS build)', () => {
    writeFileSync(
      join(app, 'cjs.cjs'),
      `const { loadEnergy } = require('emcert');
const { gaussianEnergy } = require('emcert/testing');
const fc = require('fast-check');
const e = loadEnergy('expr:x1^2');
const g = fc.sample(gaussianEnergy({ dim: 3 }), { numRuns: 1, seed: 2 })[0];
console.log(JSON.stringify({ value: e.value(Float64Array.of(-2)), dim: g.mean.length }));
`,
    );
    expect(lastJsonLine(ok(node(app, ['cjs.cjs']), 'node cjs.cjs'))).toEqual({ value: 4, dim: 3 });
  });

  const consumerSource = `import { loadEnergy, certifyEnergy, buildEnergy, verifyCertificate, interval, compileModelEnclosure, encloseModel, type Energy, type Certificate, type Box, type CompiledEnclosure } from 'emcert';
import { gaussianEnergy, certificateVerifies, type GaussianCase, type Matrix } from 'emcert/testing';
import fc from 'fast-check';

const e: Energy = loadEnergy('expr:x1^2');
const terms = [{ spec: 'expr:0.5*x1^2 + x2^2', weight: 1 }];
const cert: Certificate = certifyEnergy({ energy: buildEnergy(terms), terms });
const cases: GaussianCase[] = fc.sample(gaussianEnergy({ dim: 2 }), { numRuns: 1, seed: 1 });
const first = cases[0];
if (first === undefined) throw new Error('no sample');
const again = certificateVerifies(first.spec, { temperature: first.temperature });
const width = interval.width(interval.add(interval.point(0.1), interval.point(0.2)));
const box: Box = [interval.interval(-1, 1)];
const compiled: CompiledEnclosure = compileModelEnclosure(e.model);
const hessian: Matrix = first.hessian;
console.log(JSON.stringify({ value: e.value(Float64Array.of(3)), verdict: cert.verdict, ok: verifyCertificate(cert).ok, testing: again.verdict, tight: width >= 0 && width < 1e-15, encloses: interval.contains(encloseModel(e.model, box).value, 1) && typeof compiled === 'object' && hessian.length === 2 }));
`;

  it('TypeScript consumer: tsc with module NodeNext, strict, noUncheckedIndexedAccess, noPropertyAccessFromIndexSignature, exactOptionalPropertyTypes, skipLibCheck false', () => {
    const src = join(app, 'ts');
    mkdirSync(src, { recursive: true });
    writeFileSync(join(src, 'main.ts'), consumerSource);
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noUncheckedIndexedAccess: true,
          noPropertyAccessFromIndexSignature: true,
          exactOptionalPropertyTypes: true,
          noImplicitOverride: true,
          noUnusedLocals: true,
          skipLibCheck: false,
          types: [],
          rootDir: 'ts',
          outDir: 'out',
        },
        files: ['ts/main.ts'],
      }),
    );
    // --listFiles: what tsc read from emcert (declarations only, never a .ts source).
    const listed = ok(node(app, [TSC, '-p', 'tsconfig.json', '--listFiles']), 'tsc (NodeNext)').split('\n');
    const fromEmcert = listed.filter((f) => /[\\/]node_modules[\\/]emcert[\\/]/.test(f));
    expect(fromEmcert.length).toBeGreaterThan(10);
    expect(fromEmcert.filter((f) => !f.endsWith('.d.ts'))).toEqual([]);
    expect(lastJsonLine(ok(node(app, ['out/main.js']), 'node out/main.js'))).toEqual({ value: 9, verdict: 'certified', ok: true, testing: 'certified', tight: true, encloses: true });
  });

  it.skipIf(!requireEsm)('TypeScript consumer with moduleResolution node (node10, CommonJS output) resolves both entries', () => {
    const src = join(app, 'ts10');
    mkdirSync(src, { recursive: true });
    writeFileSync(join(src, 'main.ts'), consumerSource);
    writeFileSync(
      join(src, 'tsconfig.json'),
      // skipLibCheck: fast-check's own declarations import pure-rand subpaths that node10 cannot resolve.
      JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'CommonJS', moduleResolution: 'node', esModuleInterop: true, strict: true, noUncheckedIndexedAccess: true, skipLibCheck: true, types: [], rootDir: '.', outDir: '../out10' }, files: ['main.ts'] }),
    );
    ok(node(app, [TSC, '-p', 'ts10/tsconfig.json']), 'tsc (node10)');
    writeFileSync(join(app, 'out10/package.json'), '{"type": "commonjs"}\n');
    expect(lastJsonLine(ok(node(app, ['out10/main.js']), 'node out10/main.js'))).toMatchObject({ value: 9, verdict: 'certified', ok: true });
  });

  it('the installed command runs from dist/ without tsx: --help, check, then verify (reads the shipped schema)', () => {
    expect(existsSync(join(app, 'node_modules/tsx'))).toBe(false);
    const bin = join(app, 'node_modules/emcert/bin/emcert.js');
    // Through the node_modules/.bin link, as `npx emcert` runs it (a .cmd shim on Windows).
    const linked = process.platform === 'win32' ? bin : join(app, 'node_modules/.bin/emcert');
    expect(ok(node(app, [linked, '--help']), 'emcert --help')).toMatch(/Usage: emcert/);
    ok(node(app, [bin, 'check', '--energy', 'expr:0.5*x1^2 + x2^2', '--out', 'c.json']), 'emcert check');
    expect(ok(node(app, [bin, 'verify', 'c.json']), 'emcert verify')).toMatch(/^valid: /m);
  });

  it('the installed command starts its float64 worker threads from dist/ (sample --threads 2 = --threads 1, bit for bit)', () => {
    const bin = join(app, 'node_modules/emcert/bin/emcert.js');
    const args = ['sample', '--energy', 'expr:(x1^2 - 1)^2 + x2^2', '--sampler', 'ula', '--step-size', '0.02', '--steps', '10', '--particles', '400', '--seed', '2', '--quiet'];
    ok(node(app, [bin, ...args, '--threads', '1', '--out', 't1.json']), 'emcert sample --threads 1');
    ok(node(app, [bin, ...args, '--threads', '2', '--out', 't2.json']), 'emcert sample --threads 2');
    const samples = (f: string) => (JSON.parse(readFileSync(join(app, f), 'utf8')) as { samples: number[][] }).samples;
    expect(samples('t2.json')).toEqual(samples('t1.json'));
  });

  it('the installed command runs bounds on worker threads from dist/ (compiled worker), with the same result as one thread', () => {
    const bin = join(app, 'node_modules/emcert/bin/emcert.js');
    const args = ['bounds', '--energy', 'models/8gaussians/model.json', '--box', '0:0.5,0:0.5', '--max-boxes', '200', '--json'];
    const model = join(app, 'node_modules/emcert/models/8gaussians/model.json');
    const withModel = args.map((a) => (a === 'models/8gaussians/model.json' ? model : a));
    const one = ok(node(app, [bin, ...withModel, '--threads', '1']), 'emcert bounds --threads 1');
    const two = ok(node(app, [bin, ...withModel, '--threads', '2']), 'emcert bounds --threads 2');
    expect(two).toBe(one);
    expect(JSON.parse(one)).toHaveProperty('hessian');
  });
});
