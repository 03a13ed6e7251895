// The trusted part of emcert is src/kernel/ plus the replay layer src/verify/. The replay layer
// may import only itself, the kernel, and the model-loading files (reading model.json and
// safetensors, hashing files); those files in turn import only each other. Producers import the
// replay layer, never the reverse, and src/ has no import circles.
import { describe, expect, it } from 'vitest';
import { relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importEdges, packageOf, readEdges, resolveRelative, sourceFiles } from '../helpers/imports.js';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');
const VERIFY = resolve(SRC, 'verify');
const KERNEL = resolve(SRC, 'kernel');

/** Files outside src/kernel and src/verify that verify may execute: reading models and files. */
export const MODEL_LOADING = new Set(
  ['energy/network/readModel.ts', 'energy/network/manifest.ts', 'energy/network/safetensors.ts', 'util/files.ts', 'util/errors.ts', 'langevin/types.ts'].map((f) => resolve(SRC, f)),
);
const ALLOWED_PACKAGES = new Set(['ajv', 'node:fs', 'node:path', 'node:crypto', 'mathjs', 'interval-arithmetic']);

const inside = (dir: string, file: string): boolean => !relative(dir, file).startsWith('..');

/** Why `file` (in the trusted closure) may not import `specifier`, or null. */
function violation(file: string, specifier: string, typeOnly: boolean): string | null {
  if (specifier.startsWith('.')) {
    const target = resolveRelative(file, specifier);
    if (inside(VERIFY, target) || inside(KERNEL, target) || MODEL_LOADING.has(target)) return null;
    if (typeOnly) return null; // erased at run time
    return `imports ${specifier} (${relative(SRC, target)}), outside the trusted code and the model-loading files`;
  }
  return ALLOWED_PACKAGES.has(packageOf(specifier)) || typeOnly ? null : `imports package ${specifier}, not in the allow-list`;
}

describe('replay layer boundary', () => {
  it('the rule catches what it should', () => {
    const f = resolve(VERIFY, 'x.ts');
    expect(violation(f, './claims.js', false)).toBeNull();
    expect(violation(f, '../kernel/interval.js', false)).toBeNull();
    expect(violation(f, '../energy/network/readModel.js', false)).toBeNull();
    expect(violation(f, '../certify/compose.js', false)).toMatch(/outside the trusted code/);
    expect(violation(f, '../energy/expression.js', false)).toMatch(/outside the trusted code/);
    expect(violation(f, '../energy/types.js', true)).toBeNull();
    expect(violation(f, '@tensorflow/tfjs', false)).toMatch(/allow-list/);
    expect(importEdges(`import type { A } from './a.js';\nimport { b } from './b.js';\nconst c = await import('./c.js');`)).toEqual([
      { specifier: './a.js', typeOnly: true, dynamic: false },
      { specifier: './b.js', typeOnly: false, dynamic: false },
      { specifier: './c.js', typeOnly: false, dynamic: true },
    ]);
  });

  it('src/verify/ and the model-loading files import only trusted code, model loading and allow-listed packages', () => {
    const files = [...sourceFiles(VERIFY), ...MODEL_LOADING];
    expect(files.length).toBeGreaterThan(8);
    const bad: string[] = [];
    for (const file of files) for (const e of readEdges(file)) {
      const why = violation(file, e.specifier, e.typeOnly);
      if (why) bad.push(`${relative(SRC, file)}: ${why}`);
    }
    expect(bad).toEqual([]);
  });

  it('nothing in src/kernel/ or src/verify/ imports a producer', () => {
    const bad = [...sourceFiles(VERIFY), ...sourceFiles(KERNEL)].flatMap((file) =>
      readEdges(file)
        .filter((e) => e.specifier.startsWith('.') && inside(resolve(SRC, 'certify'), resolveRelative(file, e.specifier)))
        .map((e) => `${relative(SRC, file)} imports ${e.specifier}`),
    );
    expect(bad).toEqual([]);
  });

  it('src/ has no import circles (static run-time imports)', () => {
    const files = sourceFiles(SRC);
    const graph = new Map<string, string[]>();
    for (const f of files) graph.set(f, readEdges(f).filter((e) => !e.typeOnly && !e.dynamic && e.specifier.startsWith('.')).map((e) => resolveRelative(f, e.specifier)));
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (f: string): void => {
      state.set(f, 'open');
      stack.push(f);
      for (const g of graph.get(f) ?? []) {
        if (state.get(g) === 'open') cycles.push([...stack.slice(stack.indexOf(g)), g].map((x) => relative(SRC, x)).join(' -> '));
        else if (!state.has(g)) visit(g);
      }
      stack.pop();
      state.set(f, 'done');
    };
    for (const f of files) if (!state.has(f)) visit(f);
    expect(cycles).toEqual([]);
  });
});
