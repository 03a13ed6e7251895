// Non-rigorous reference for bench/gridPropagation.ts: the ULA law on a node lattice (spacing s/4,
// kernel N(x - h grad f(x), 2h I) sampled at the nodes within 6.5 s and normalised per axis, as in
// src/diagnostics/grid/ulaTransition.ts) and TV(rho_k, pi) by the Riemann sum; the smallest N with
// TV <= eps over a grid of step sizes is the "true minimal N" the certified N is compared with.
export interface Potential2D {
  f(x: number, y: number): number;
  grad(x: number, y: number): [number, number];
}

function axisWeights(means: Float64Array, x0: number, g: number, n: number, s: number): { start: Int32Array; len: Int32Array; w: Float64Array; stride: number } {
  const stride = 2 * Math.ceil((6.5 * s) / g) + 3;
  const k = means.length;
  const start = new Int32Array(k), len = new Int32Array(k), w = new Float64Array(k * stride);
  for (let i = 0; i < k; i++) {
    const m = means[i]!;
    const lo = Math.max(0, Math.ceil((m - 6.5 * s - x0) / g)), hi = Math.min(n - 1, Math.floor((m + 6.5 * s - x0) / g));
    start[i] = lo; len[i] = Math.max(0, hi - lo + 1);
    let sum = 0;
    for (let j = lo; j <= hi; j++) { const v = Math.exp(-((x0 + j * g - m) ** 2) / (2 * s * s)); w[i * stride + j - lo] = v; sum += v; }
    // Normalised per axis: mass drifting out of the box is kept on the lattice (as the diagnostics do).
    for (let j = 0; j < len[i]!; j++) w[i * stride + j] = w[i * stride + j]! / (sum > 0 ? sum : 1);
  }
  return { start, len, w, stride };
}

/** TV(rho_k, pi) for k = 0 .. steps (stops early once below `stopBelow`). */
export function tvCurve(p: Potential2D, box: readonly [number, number, number, number], h: number, steps: number, init: { mean: number; std: number }, stopBelow = -1): number[] {
  const s = Math.sqrt(2 * h), g = s / 4;
  const nx = Math.floor((box[1] - box[0]) / g) + 1, ny = Math.floor((box[3] - box[2]) / g) + 1, n = nx * ny;
  const xs = new Float64Array(n), ys = new Float64Array(n), mx = new Float64Array(n), my = new Float64Array(n);
  const pi = new Float64Array(n);
  let rho = new Float64Array(n);
  let zPi = 0, zRho = 0;
  const fs = new Float64Array(n);
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    const k = j * nx + i, x = box[0] + i * g, y = box[2] + j * g;
    xs[k] = x; ys[k] = y; fs[k] = p.f(x, y);
    const [gx, gy] = p.grad(x, y);
    mx[k] = x - h * gx; my[k] = y - h * gy;
  }
  let fMin = Infinity;
  for (const v of fs) if (v < fMin) fMin = v;
  for (let k = 0; k < n; k++) {
    pi[k] = Math.exp(-(fs[k]! - fMin)); zPi += pi[k]!;
    rho[k] = init.std > 0 ? Math.exp(-(((xs[k]! - init.mean) ** 2 + (ys[k]! - init.mean) ** 2) / (2 * init.std ** 2))) : 0;
    zRho += rho[k]!;
  }
  for (let k = 0; k < n; k++) { pi[k] = pi[k]! / zPi; rho[k] = rho[k]! / zRho; }
  const wx = axisWeights(mx, box[0], g, nx, s), wy = axisWeights(my, box[2], g, ny, s);
  const tv = (): number => { let t = 0; for (let k = 0; k < n; k++) t += Math.abs(rho[k]! - pi[k]!); return t / 2; };
  const out = [tv()];
  let next = new Float64Array(n);
  for (let step = 1; step <= steps && out[out.length - 1]! > stopBelow; step++) {
    next.fill(0);
    for (let k = 0; k < n; k++) {
      const q = rho[k]!;
      if (q === 0) continue;
      const xo = k * wx.stride, yo = k * wy.stride, x0 = wx.start[k]!, xl = wx.len[k]!, y0 = wy.start[k]!, yl = wy.len[k]!;
      for (let b = 0; b < yl; b++) {
        const c = q * wy.w[yo + b]!, row = (y0 + b) * nx + x0;
        for (let a = 0; a < xl; a++) next[row + a] = next[row + a]! + c * wx.w[xo + a]!;
      }
    }
    [rho, next] = [next, rho];
    out.push(tv());
  }
  return out;
}

/** The smallest first-crossing N of TV <= eps over the step sizes, and its h. */
export function minimalTvSteps(p: Potential2D, box: readonly [number, number, number, number], hs: readonly number[], eps: number, maxSteps: number, init: { mean: number; std: number }): { steps: number; h: number } | null {
  let best: { steps: number; h: number } | null = null;
  for (const h of hs) {
    const c = tvCurve(p, box, h, best ? best.steps : maxSteps, init, eps);
    const k = c.findIndex((t) => t <= eps);
    if (k >= 0 && (best === null || k < best.steps)) best = { steps: k, h };
  }
  return best;
}
