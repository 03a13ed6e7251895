import { loadEnergy } from '../src/energy/spec.js';
import { prepareIntegration, refineIntegral } from '../src/audit/integrate.js';
const T = 0.05;
const energy = loadEnergy('models/checkerboard/model.json');
const f = (x: Float64Array): number => energy.value(x);
const t0 = Date.now();
const prepared = prepareIntegration(energy.model, T, 0.01, f);
console.log('prepared', prepared.inner[0], prepared.shift, (Date.now() - t0) / 1000);
const r = refineIntegral(energy.model, T, { tolerance: 0.01, prepared, floatEnergy: f, deadline: Date.now() + 40_000, onProgress: (n, w) => { if (n % 2000 < 2) console.log(n, w); } });
const inf = r.leafBounds.filter((b) => !Number.isFinite(b.hi)).length;
let lo = 0, hi = 0; for (const b of r.leafBounds) { lo += b.lo; hi += b.hi; }
console.log('leaves', r.evidence.boxes.length, 'infinite', inf, 'sum', lo, hi, 'converged', r.converged, (Date.now() - t0) / 1000);
