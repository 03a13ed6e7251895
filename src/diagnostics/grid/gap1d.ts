// The spectral gap of the 1-d generator g'' - f' g' (not certified, a reference for benches): the
// symmetric finite-volume (Scharfetter-Gummel-like, midpoint) tridiagonal matrix on [-half, half]
// with reflecting ends, in the sqrt(pi) frame; its second eigenvalue by bisection on Sturm counts.
export function spectralGap1d(f: (x: number) => number, half: number, n: number, upper = 10): number {
  const h = (2 * half) / (n - 1);
  const xs = Array.from({ length: n }, (_, i) => -half + i * h);
  const a = new Float64Array(n);
  const b = new Float64Array(n - 1);
  for (let i = 0; i + 1 < n; i++) {
    const fm = f((xs[i]! + xs[i + 1]!) / 2);
    const rij = Math.exp(f(xs[i]!) - fm) / (h * h);
    const rji = Math.exp(f(xs[i + 1]!) - fm) / (h * h);
    a[i] = a[i]! + rij;
    a[i + 1] = a[i + 1]! + rji;
    b[i] = -Math.sqrt(rij * rji);
  }
  const count = (x: number): number => {
    let c = 0, d = 1;
    for (let i = 0; i < n; i++) {
      d = a[i]! - x - (i > 0 ? (b[i - 1]! * b[i - 1]!) / d : 0);
      if (d === 0) d = 1e-300;
      if (d < 0) c++;
    }
    return c;
  };
  let lo = 0, hi = upper;
  for (let it = 0; it < 200; it++) {
    const mid = (lo + hi) / 2;
    if (count(mid) >= 2) hi = mid;
    else lo = mid;
  }
  return (lo + hi) / 2;
}
