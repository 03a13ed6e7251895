// A compact form of integration leaves for a certificate: the leaves of a bisection of the inner box
// (every cut at the midpoint of the widest coordinate, the rule of the integration producers) stored
// as the preorder bits of the tree, 1 = cut, 0 = leaf, base64. 100,000 leaves take about 33 kB
// instead of megabytes of coordinates. Nothing here is trusted: the kernel's checkIntegralEvidence
// re-checks that the decoded leaves partition the inner box.
import type { Box } from '../kernel/box.js';
import { splitBox, splitPoint, widestDimension } from '../kernel/box.js';

/** The two halves of a box under the shared rule, or null when it cannot be cut. */
function halves(box: Box): [Box, Box] | null {
  const dim = widestDimension(box);
  if (dim === null) return null;
  const at = splitPoint(box[dim]!.lo, box[dim]!.hi);
  return at === null ? null : splitBox(box, dim, at);
}

const key = (b: Box): string => b.map((c) => `${c.lo}:${c.hi}`).join(',');

/**
 * The tree code of `leaves` under `inner`, or null when they are not the leaves of a bisection by
 * the shared rule (then the caller stores nothing). Decoding gives the same boxes in preorder.
 */
export function encodeBisectionTree(inner: Box, leaves: readonly Box[]): string | null {
  const wanted = new Map<string, number>();
  for (const b of leaves) wanted.set(key(b), (wanted.get(key(b)) ?? 0) + 1);
  const bits: number[] = [];
  const stack: Box[] = [inner];
  let found = 0;
  while (stack.length > 0) {
    // A tree with n leaves has 2n - 1 nodes: more means the leaves do not follow the rule.
    if (bits.length > 2 * leaves.length) return null;
    const box = stack.pop()!;
    const k = key(box);
    const n = wanted.get(k) ?? 0;
    if (n > 0) {
      wanted.set(k, n - 1);
      bits.push(0);
      found++;
      continue;
    }
    const h = halves(box);
    if (!h) return null;
    bits.push(1);
    stack.push(h[1], h[0]);
  }
  if (found !== leaves.length) return null;
  const bytes = new Uint8Array(Math.ceil(bits.length / 8));
  bits.forEach((b, i) => { if (b) bytes[i >> 3]! |= 0x80 >> (i & 7); });
  return Buffer.from(bytes).toString('base64');
}

/** The leaves of a tree code in preorder; an error message when the code is malformed. */
export function decodeBisectionTree(inner: Box, code: string, maxLeaves: number): Box[] | string {
  if (typeof code !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(code)) return 'the tree is not a base64 string';
  const bytes = Buffer.from(code, 'base64');
  const total = bytes.length * 8;
  const out: Box[] = [];
  const stack: Box[] = [inner];
  let i = 0;
  while (stack.length > 0) {
    if (i >= total) return 'the tree code ends before the tree does';
    const box = stack.pop()!;
    const cut = (bytes[i >> 3]! & (0x80 >> (i & 7))) !== 0;
    i++;
    if (!cut) {
      out.push(box);
      if (out.length > maxLeaves) return `the tree has more than ${maxLeaves} leaves`;
      continue;
    }
    const h = halves(box);
    if (!h) return 'the tree cuts a box that cannot be cut';
    stack.push(h[1], h[0]);
  }
  // Only the zero padding of the last byte may follow.
  if (i + 8 <= total) return 'the tree code has bytes after the tree';
  for (let j = i; j < total; j++) if ((bytes[j >> 3]! & (0x80 >> (j & 7))) !== 0) return 'the tree code has bits after the tree';
  return out;
}
