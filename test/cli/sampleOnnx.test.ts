// `emcert sample --backend onnx|js|auto --threads N` (in-process): the float32 ONNX Runtime oracle
// reproduces a run bit for bit for a seed and thread count and follows the float64 chain to float32
// accuracy; without onnxruntime-node the float64 engine runs and one line on stderr says so.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { saveMlpModel } from '../../src/energy/network/save.js';
import type { MlpLayer } from '../../src/kernel/model.js';
import { DISABLE_ENV } from '../../src/onnx/runtime.js';
import { expectBadInput, runCliAsync, runCliInProcess, tempDir } from './helpers.js';
import { onnxRuntimeInstalled as installed } from '../helpers/onnx.js';


const dir = tempDir('emcert-sample-onnx-');
const model = join(dir, 'model', 'model.json');
const out = (name: string) => join(dir, name);
type Samples = { samples: number[][]; meta: Record<string, unknown> };
const readJson = (path: string): Samples => JSON.parse(readFileSync(path, 'utf8')) as Samples;

beforeAll(() => {
  const w = (inDim: number, outDim: number, s: number) => Float64Array.from({ length: inDim * outDim }, (_, k) => 0.5 * Math.sin(s + k));
  const layers: MlpLayer[] = [
    { inDim: 2, outDim: 8, weight: w(2, 8, 1), bias: new Float64Array(8), activation: 'silu' },
    { inDim: 8, outDim: 1, weight: w(8, 1, 2), bias: new Float64Array(1), activation: 'identity' },
  ];
  saveMlpModel(join(dir, 'model'), { layers, regularizer: { lambda: 0.1, center: [0, 0] } });
});

afterEach(() => {
  delete process.env[DISABLE_ENV];
});

const common = ['sample', '--energy', model, '--sampler', 'ula', '--step-size', '0.01', '--steps', '30', '--particles', '64', '--seed', '4', '--quiet'];

describe('emcert sample --backend', () => {
  it.runIf(installed)('onnx: same seed and threads give identical samples; float32 accuracy against the float64 run', async () => {
    for (const name of ['a', 'b', 'c', 'd']) {
      const threads = name < 'c' ? '1' : '2';
      const r = await runCliInProcess([...common, '--backend', 'onnx', '--threads', threads, '--out', out(`onnx-${name}.json`)]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toBe('');
    }
    expect((await runCliInProcess([...common, '--out', out('f64.json')])).code).toBe(0);
    const [a, b, c, d, f64] = ['onnx-a', 'onnx-b', 'onnx-c', 'onnx-d', 'f64'].map((n) => readJson(out(`${n}.json`)));
    expect(a!.meta.backend).toBe('onnx');
    expect(a!.meta.threads).toBe(1);
    expect(c!.meta.threads).toBe(2);
    expect(b!.samples).toEqual(a!.samples);
    expect(d!.samples).toEqual(c!.samples);
    expect(f64!.meta.backend).toBe('float64');
    let worst = 0;
    f64!.samples.forEach((row, i) => row.forEach((x, j) => (worst = Math.max(worst, Math.abs(x - a!.samples[i]![j]!)))));
    expect(worst).toBeGreaterThan(0); // the float32 engine really ran
    expect(worst).toBeLessThan(1e-4);
  }, 60_000);

  it('onnx or auto without onnxruntime-node: the float64 engine runs and one stderr line says so', async () => {
    process.env[DISABLE_ENV] = '1';
    for (const backend of ['onnx', 'auto']) {
      const r = await runCliInProcess([...common.filter((a) => a !== '--quiet'), '--backend', backend, '--out', out(`fallback-${backend}.json`)]);
      expect(r.code, r.stderr).toBe(0);
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^emcert: onnx backend unavailable \(onnxruntime-node disabled by EMCERT_NO_ONNXRUNTIME=1\); sampling with the float64 JS engine$/);
      expect(readJson(out(`fallback-${backend}.json`)).meta.backend).toBe('float64');
    }
  });

  it('auto keeps an expression energy on the float64 engine without a note; js is the float64 engine', async () => {
    const expr = ['sample', '--energy', 'expr:x1^2', '--sampler', 'ula', '--step-size', '0.1', '--steps', '5', '--particles', '8', '--seed', '1'];
    for (const backend of ['auto', 'js']) {
      const r = await runCliInProcess([...expr, '--backend', backend, '--out', out(`expr-${backend}.json`)]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toBe('');
      expect(readJson(out(`expr-${backend}.json`)).meta.backend).toBe('float64');
    }
  });

  it('refuses a bad --threads and an unknown backend before the run', async () => {
    expectBadInput(await runCliInProcess([...common, '--backend', 'onnx', '--threads', '0', '--out', out('bad.json')]), /--threads/);
    expectBadInput(await runCliInProcess([...common, '--backend', 'gpu', '--out', out('bad.json')]), /--backend "gpu": unknown backend/);
  });

  it('onnxruntime-node is loaded only when a run asks for it: not by --help, not by sample --help', async () => {
    // A preload that reports every native addon the process opens.
    const preload = join(dir, 'dlopen.cjs');
    writeFileSync(preload, 'const o = process.dlopen; process.dlopen = function (m, f, ...r) { process.stderr.write(`DLOPEN ${f}\\n`); return o.call(this, m, f, ...r); };\n');
    const env = { NODE_OPTIONS: `--require ${preload}` };
    const [help, sampleHelp, run] = await Promise.all([
      runCliAsync(['--help'], { env }),
      runCliAsync(['sample', '--help'], { env }),
      runCliAsync([...common, '--backend', 'onnx', '--out', out('dlopen.json')], { env, timeoutMs: 120_000 }),
    ]);
    for (const r of [help, sampleHelp, run]) expect(r.code, r.stderr).toBe(0);
    expect(help.stderr).not.toMatch(/onnxruntime/);
    expect(sampleHelp.stderr).not.toMatch(/onnxruntime/);
    if (installed) expect(run.stderr).toMatch(/DLOPEN .*onnxruntime_binding\.node/); // the probe does see it
  }, 150_000);
});
