// Reading the import graph of src/ for the boundary tests: every module specifier of a source file,
// resolved to a file when relative, with type-only imports told apart (they vanish at run time).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|js|mjs|cjs)$/.test(name) ? [path] : [];
  });
}

export interface ImportEdge {
  readonly specifier: string;
  /** `import type` / `export type`: erased by the compiler, no run-time dependency. */
  readonly typeOnly: boolean;
  /** `import()`: loaded only when that code runs. */
  readonly dynamic: boolean;
}

/** Every module specifier in a source file: static imports/exports, dynamic import(), require(). */
export function importEdges(source: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const m of source.matchAll(/\b(import|export)\s+(type\s+)?(?:[^'"`;]*?\s+from\s+)?['"]([^'"]+)['"]/g)) edges.push({ specifier: m[3]!, typeOnly: m[2] !== undefined, dynamic: false });
  for (const m of source.matchAll(/\bimport\s*\(\s*['"`]([^'"`]+)['"`]\s*\)/g)) edges.push({ specifier: m[1]!, typeOnly: false, dynamic: true });
  for (const m of source.matchAll(/\brequire\s*\(\s*['"`]([^'"`]+)['"`]\s*\)/g)) edges.push({ specifier: m[1]!, typeOnly: false, dynamic: false });
  return edges;
}

/** The .ts file a relative specifier names (sources import './x.js' for './x.ts'). */
export function resolveRelative(fromFile: string, specifier: string): string {
  return resolve(dirname(fromFile), specifier).replace(/\.js$/, '.ts');
}

export function packageOf(specifier: string): string {
  return specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;
}

export function readEdges(file: string): ImportEdge[] {
  return importEdges(readFileSync(file, 'utf8'));
}
