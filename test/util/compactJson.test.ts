// compactJson only moves whitespace: any JSON value survives the round trip, and boxes fit on one line.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compactJson } from '../../src/util/compactJson.js';

describe('compactJson', () => {
  it('parses back to the same value (any JSON value, strings with brackets and escaped newlines included)', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => {
      expect(JSON.parse(compactJson(v))).toEqual(JSON.parse(JSON.stringify(v)));
    }), { numRuns: 500 });
    const tricky = { s: ['[\n 1,\n 2\n]', ']', '['], boxes: [[[-6, -5.25], [null, 1e-300]]] };
    expect(JSON.parse(compactJson(tricky))).toEqual(tricky);
  });

  it('puts a box and a list of pairs on one line each', () => {
    expect(compactJson({ box: [[-6, -5.25], [0, null]], s: [0.2, 0.25] })).toBe('{\n "box": [[-6, -5.25], [0, null]],\n "s": [0.2, 0.25]\n}');
    expect(compactJson({ boxes: [[[1, 2]], [[3, 4]]] })).toBe('{\n "boxes": [\n  [[1, 2]],\n  [[3, 4]]\n ]\n}');
  });
});
