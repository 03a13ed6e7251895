// The tree code of integration leaves: random bisections round-trip in preorder, and malformed codes
// (truncated, trailing bits, a cut of an uncuttable box, leaves that are not a bisection) are refused.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Box } from '../../src/kernel/box.js';
import { splitBox, splitPoint, widestDimension } from '../../src/kernel/box.js';
import { decodeBisectionTree, encodeBisectionTree } from '../../src/verify/bisectionTree.js';

/** Leaves of a bisection of `inner` driven by the bits (1 = cut while depth allows), in preorder. */
function bisection(inner: Box, cuts: readonly boolean[], maxDepth: number): Box[] {
  let next = 0;
  const out: Box[] = [];
  const walk = (box: Box, depth: number): void => {
    const cut = depth < maxDepth && (cuts[next++ % cuts.length] ?? false);
    const dim = widestDimension(box);
    if (!cut || dim === null) return void out.push(box);
    const [a, b] = splitBox(box, dim, splitPoint(box[dim]!.lo, box[dim]!.hi)!);
    walk(a, depth + 1);
    walk(b, depth + 1);
  };
  walk(inner, 0);
  return out;
}

const square: Box = [{ lo: -8, hi: 8 }, { lo: -4, hi: 4 }];

describe('bisection tree code', () => {
  it('round-trips random bisections of a box, leaves in preorder', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 64 }), fc.integer({ min: 0, max: 12 }), fc.integer({ min: 1, max: 3 }), (cuts, depth, d) => {
        const inner: Box = Array.from({ length: d }, (_, i) => ({ lo: -(2 ** i), hi: 3 * 2 ** i }));
        const leaves = bisection(inner, cuts, depth);
        const code = encodeBisectionTree(inner, leaves);
        expect(code).not.toBeNull();
        expect(decodeBisectionTree(inner, code!, 1e6)).toEqual(leaves);
        // Shuffled leaves give the same code (the tree is the same).
        expect(encodeBisectionTree(inner, [...leaves].reverse())).toBe(code);
      }),
      { numRuns: 200 },
    );
  });

  it('stores one bit per node: 2n - 1 bits for n leaves', () => {
    const leaves = bisection(square, [true], 10); // a full tree: 1024 leaves
    expect(leaves).toHaveLength(1024);
    const code = encodeBisectionTree(square, leaves)!;
    expect(Buffer.from(code, 'base64').length).toBe(Math.ceil(2047 / 8));
  });

  it('refuses leaves that are not a bisection by the shared rule', () => {
    // Cut along the narrower coordinate first: not what the rule does.
    const wrong: Box[] = [[{ lo: -8, hi: 8 }, { lo: -4, hi: 0 }], [{ lo: -8, hi: 8 }, { lo: 0, hi: 4 }]];
    expect(encodeBisectionTree(square, wrong)).toBeNull();
    // A missing leaf, an extra leaf.
    const leaves = bisection(square, [true], 2);
    expect(encodeBisectionTree(square, leaves.slice(1))).toBeNull();
    expect(encodeBisectionTree(square, [...leaves, leaves[0]!])).toBeNull();
  });

  it('refuses malformed codes', () => {
    const code = encodeBisectionTree(square, bisection(square, [true], 3))!; // 15 bits: 2 bytes
    expect(decodeBisectionTree(square, Buffer.from([0xff]).toString('base64'), 1e6)).toMatch(/ends before the tree does/);
    expect(decodeBisectionTree(square, Buffer.concat([Buffer.from(code, 'base64'), Buffer.from([0])]).toString('base64'), 1e6)).toMatch(/bytes after the tree/);
    expect(decodeBisectionTree(square, Buffer.from([0x40]).toString('base64'), 1e6)).toMatch(/bits after the tree/); // "0" then a stray 1
    expect(decodeBisectionTree(square, '!!', 1e6)).toMatch(/not a base64 string/);
    expect(decodeBisectionTree(square, code, 7)).toMatch(/more than 7 leaves/);
    expect(decodeBisectionTree(square, code, 8)).toHaveLength(8);
    // A point box cannot be cut.
    expect(decodeBisectionTree([{ lo: 1, hi: 1 }], Buffer.from([0x80]).toString('base64'), 1e6)).toMatch(/cannot be cut/);
  });
});
