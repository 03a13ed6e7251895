// Whether the optional onnxruntime-node is installed (tests of the ONNX backend skip without it).
import { createRequire } from 'node:module';

export const onnxRuntimeInstalled: boolean = (() => {
  try {
    createRequire(import.meta.url).resolve('onnxruntime-node');
    return true;
  } catch {
    return false;
  }
})();
