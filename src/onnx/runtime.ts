// Loading ONNX Runtime (the optional dependency onnxruntime-node) lazily, and the synchronous
// inference session the Langevin engine calls on its hot path.
// The engine's GradientOracle is synchronous, and so is onnxruntime-node's native run: its public
// InferenceSession.run only wraps that call in a Promise behind setImmediate. emcert therefore uses
// the package's native binding (dist/binding.js) directly. That is an internal of the package,
// checked here at load time: if it is missing or has another shape, loading fails with a reason
// and the caller falls back to the float64 JS engine.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The onnxruntime-common Tensor constructor (the part emcert uses). */
export interface OrtTensor {
  readonly data: unknown;
  readonly dims: readonly number[];
}
export type OrtTensorConstructor = new (type: 'float32', data: Float32Array, dims: readonly number[]) => OrtTensor;

export interface NativeSession {
  loadModel(buffer: ArrayBuffer, byteOffset: number, byteLength: number, options: Record<string, unknown>): Promise<void> | void;
  run(feeds: Record<string, OrtTensor>, fetches: Record<string, OrtTensor | null>, options: Record<string, unknown>): Record<string, OrtTensor>;
  dispose(): void;
}

export interface OnnxRuntime {
  /** onnxruntime-node's version. */
  readonly version: string;
  readonly Tensor: OrtTensorConstructor;
  /** A new native session (ONNX Runtime initialized). */
  newSession(): NativeSession;
}

/** Loads onnxruntime-node; rejects with an Error whose message says why (not installed, disabled, ...). */
export type OnnxRuntimeImporter = () => Promise<OnnxRuntime>;

/** Setting this environment variable to 1 makes emcert behave as if onnxruntime-node were not installed. */
export const DISABLE_ENV = 'EMCERT_NO_ONNXRUNTIME';

let cached: Promise<OnnxRuntime> | undefined;

/** The default importer: onnxruntime-node from node_modules, loaded once per process. */
export const importOnnxRuntime: OnnxRuntimeImporter = () => {
  if (process.env[DISABLE_ENV] === '1') return Promise.reject(new Error(`onnxruntime-node disabled by ${DISABLE_ENV}=1`));
  cached ??= load();
  return cached;
};

async function load(): Promise<OnnxRuntime> {
  const require = createRequire(import.meta.url);
  let entry: string;
  try {
    entry = require.resolve('onnxruntime-node');
  } catch {
    throw new Error('onnxruntime-node is not installed (npm install onnxruntime-node)');
  }
  const name = 'onnxruntime-node'; // a variable, so bundlers and tsc leave the optional import alone
  const ort = (await import(name)) as { Tensor?: unknown; env?: { versions?: { node?: string } } };
  const bindingModule = require(join(dirname(entry), 'binding.js')) as {
    binding?: { InferenceSession?: unknown };
    initOrt?: unknown;
  };
  const { binding, initOrt } = bindingModule;
  if (typeof ort.Tensor !== 'function' || typeof initOrt !== 'function' || typeof binding?.InferenceSession !== 'function')
    throw new Error('onnxruntime-node has no synchronous native binding that emcert recognizes');
  const Session = binding.InferenceSession as new () => NativeSession;
  const version = ort.env?.versions?.node ?? packageVersion(require);
  return {
    version,
    Tensor: ort.Tensor as OrtTensorConstructor,
    newSession() {
      (initOrt as () => void)();
      return new Session();
    },
  };
}

function packageVersion(require: NodeJS.Require): string {
  try {
    return (require('onnxruntime-node/package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

export interface SessionOptions {
  /** ONNX Runtime's intraOpNumThreads (the threads of one operator). */
  readonly threads: number;
}

/** A session for a serialized model: CPU, sequential execution, all graph optimizations. */
export async function createSession(runtime: OnnxRuntime, bytes: Uint8Array, opts: SessionOptions): Promise<NativeSession> {
  if (!Number.isInteger(opts.threads) || opts.threads < 1) throw new RangeError(`onnx session: threads must be a positive integer, got ${opts.threads}`);
  const session = runtime.newSession();
  // The binding reads the buffer during loadModel; a private copy keeps it from seeing later writes.
  const copy = bytes.slice();
  await session.loadModel(copy.buffer, copy.byteOffset, copy.byteLength, {
    executionProviders: [{ name: 'cpu' }],
    intraOpNumThreads: opts.threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    logSeverityLevel: 3,
  });
  return session;
}
