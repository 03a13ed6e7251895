// One-ulp steps for tampering tests, written on the bits (independent of the kernel's own nextUp).
export const nextUp = (x: number): number => {
  const b = new Float64Array([x]);
  const u = new BigInt64Array(b.buffer);
  u[0] = u[0]! + (x >= 0 ? 1n : -1n);
  return b[0]!;
};
export const nextDown = (x: number): number => -nextUp(-x);
