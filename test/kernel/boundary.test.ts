// The trusted kernel imports nothing outside src/kernel/ except the allow-listed packages:
// no tensor library, no I/O, no node built-ins, no randomness (ARCHITECTURE.md, STYLE.md).
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ALLOWED_PACKAGES = new Set(['interval-arithmetic', 'mathjs']);
const KERNEL = resolve(dirname(fileURLToPath(import.meta.url)), '../../src/kernel');

function kernelFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return kernelFiles(path);
    return /\.(ts|js|mjs|cjs)$/.test(name) ? [path] : [];
  });
}

/** Every module specifier in a source file: static imports/exports, dynamic import(), require(). */
export function moduleSpecifiers(source: string): string[] {
  const specifiers: string[] = [];
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?(?:[^'"`;]*?\s+from\s+)?['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"`]([^'"`]+)['"`]\s*\)/g,
    /\brequire\s*\(\s*['"`]([^'"`]+)['"`]\s*\)/g,
  ];
  for (const pattern of patterns) for (const m of source.matchAll(pattern)) specifiers.push(m[1]!);
  return specifiers;
}

/** Why a specifier is not allowed in the kernel file at `file`, or null if it is. */
export function boundaryViolation(file: string, specifier: string): string | null {
  if (specifier.startsWith('.')) {
    const target = resolve(dirname(file), specifier);
    const rel = relative(KERNEL, target);
    return rel.startsWith('..') ? `imports ${specifier}, outside src/kernel/` : null;
  }
  const packageName = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;
  return ALLOWED_PACKAGES.has(packageName) ? null : `imports ${specifier}, not in the allow-list (${[...ALLOWED_PACKAGES].join(', ')})`;
}

describe('kernel import boundary', () => {
  it('the specifier scanner and the rule catch what they should', () => {
    const src = `import a from './x.js';\nimport { b } from "../energy/types.js";\nexport * from './y.js';\nimport type { T } from 'mathjs';\nconst m = await import('node:fs');\nconst r = require("fs");\nimport 'interval-arithmetic';`;
    expect(moduleSpecifiers(src).sort()).toEqual(['../energy/types.js', './x.js', './y.js', 'fs', 'interval-arithmetic', 'mathjs', 'node:fs'].sort());
    const file = join(KERNEL, 'a.ts');
    expect(boundaryViolation(file, './b.js')).toBeNull();
    expect(boundaryViolation(join(KERNEL, 'checks/c.ts'), '../interval.js')).toBeNull();
    expect(boundaryViolation(file, '../energy/types.js')).toMatch(/outside src\/kernel/);
    expect(boundaryViolation(file, 'node:fs')).toMatch(/allow-list/);
    expect(boundaryViolation(file, '@tensorflow/tfjs')).toMatch(/allow-list/);
    expect(boundaryViolation(file, 'decimal.js')).toMatch(/allow-list/);
    expect(boundaryViolation(file, 'mathjs')).toBeNull();
  });

  it('no file under src/kernel/ imports anything outside src/kernel/ except interval-arithmetic and mathjs', () => {
    const files = kernelFiles(KERNEL);
    expect(files.length).toBeGreaterThan(0);
    const violations: string[] = [];
    for (const file of files) {
      for (const specifier of moduleSpecifiers(readFileSync(file, 'utf8'))) {
        const why = boundaryViolation(file, specifier);
        if (why !== null) violations.push(`${relative(KERNEL, file)}: ${why}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('no Math.* function outside the error model of proofs/interval-arithmetic.md (Math.tanh, Math.pow and friends)', () => {
    // Only exp, expm1, log, log1p, sin, cos (widened by 4 ulp) and exact ones (sqrt, abs, min, max...) may be called.
    const untrusted = /\bMath\.(tanh|pow|sinh|cosh|asinh|acosh|atanh|tan|atan|atan2|asin|acos|cbrt|exp2|log2|log10|hypot)\s*\(/;
    expect(untrusted.test('const t = Math.tanh(x);')).toBe(true);
    expect(untrusted.test('// Math.tanh is not used')).toBe(false);
    const offenders = kernelFiles(KERNEL).filter((file) => untrusted.test(readFileSync(file, 'utf8')));
    expect(offenders.map((f) => relative(KERNEL, f))).toEqual([]);
  });

  it('no randomness or clock in the kernel', () => {
    const offenders = kernelFiles(KERNEL).filter((file) => /\bMath\.random\s*\(|\bDate\.now\s*\(|\bperformance\.now\s*\(/.test(readFileSync(file, 'utf8')));
    expect(offenders.map((f) => relative(KERNEL, f))).toEqual([]);
  });
});
