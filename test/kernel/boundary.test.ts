// The trusted kernel imports nothing outside src/kernel/ except the allow-listed packages (no
// tensor library, no I/O, no node built-ins, no randomness), and calls only the Math members
// whose error the interval proofs model (TRUST_BOUNDARIES.md, kernel assumptions).
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

/**
 * Math members the kernel may use: the transcendentals of assumption 2 (widened by 4 ulp), sqrt
 * (correctly rounded, assumption 1), exact ones, and the constants PI and E (which the kernel
 * encloses by [Math.X, nextUp(Math.X)]).
 */
export const ALLOWED_MATH = new Set(['exp', 'expm1', 'log', 'log1p', 'sin', 'cos', 'sqrt', 'abs', 'min', 'max', 'floor', 'ceil', 'trunc', 'sign', 'PI', 'E']);

/** Source without comments (block and line), so prose such as "Math.tanh is not used" is ignored. */
export function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/.*$/gm, '');
}

/** Every use of Math that is not `Math.<allowed member>`: other members, Math[...], aliases. */
export function untrustedMathUses(source: string): string[] {
  const uses: string[] = [];
  for (const m of withoutComments(source).matchAll(/\bMath\b(\s*\.\s*([A-Za-z_$][\w$]*))?/g)) {
    const member = m[2];
    if (member === undefined || !ALLOWED_MATH.has(member)) uses.push(m[0].replace(/\s+/g, ''));
  }
  return uses;
}

/** Every ** or **= whose left operand is not a BigInt literal (BigInt powers are exact). */
export function exponentOperatorUses(source: string): string[] {
  const uses: string[] = [];
  for (const m of withoutComments(source).matchAll(/(\S+)\s*\*\*=?/g)) {
    if (!/\b\d+n$/.test(m[1]!)) uses.push(m[0]);
  }
  return uses;
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

  it('the Math and ** scanners catch every form they should, and nothing in comments', () => {
    const bad = [
      'const t = Math.tanh(x);',
      'const t = Math.pow(x, 2);',
      "const t = Math['tanh'](x);",
      'const t = Math [ "exp" ](x);',
      'const { tanh } = Math;',
      'const M = Math; M.tanh(x);',
      'const f = Math.exp2;',
      'const r = Math.fround(x);',
      'const r = Math.round(x);',
      'const r = globalThis.Math.tanh(x);',
    ];
    for (const src of bad) expect(untrustedMathUses(src), src).not.toEqual([]);
    const good = [
      'const y = Math.exp(x) + Math.expm1(x) + Math.log(x) + Math.log1p(x) + Math.sin(x) + Math.cos(x);',
      'const y = Math.sqrt(Math.abs(Math.min(a, Math.max(b, Math.floor(Math.ceil(Math.trunc(Math.sign(c))))))));',
      'const pi = [Math.PI, nextUp(Math.PI)], e = Math.E;',
      '// Math.tanh is not used',
      '/* Math.pow(x, 2) is not used */',
      "const s = 'Mathematics';",
    ];
    for (const src of good) expect(untrustedMathUses(src), src).toEqual([]);
    for (const src of ['const y = x ** 2;', 'const y = 2 ** -50;', 'y **= 2;', 'const y = (a)**b;']) expect(exponentOperatorUses(src), src).not.toEqual([]);
    for (const src of ['const p = 10n ** BigInt(k);', 'const q = m * 5n ** BigInt(k);', '/** doc */', '// 2 ** -50', '/* x ** 2 */', 'const z = a * *b;'])
      expect(exponentOperatorUses(src), src).toEqual([]);
  });

  it('no Math member outside the proofs\' error model (allow-list), no Math[...], no aliasing', () => {
    const offenders = kernelFiles(KERNEL).flatMap((file) => untrustedMathUses(readFileSync(file, 'utf8')).map((use) => `${relative(KERNEL, file)}: ${use}`));
    expect(offenders).toEqual([]);
  });

  it('no ** on numbers in the kernel (not specified to be exact); BigInt literal bases are exact', () => {
    const offenders = kernelFiles(KERNEL).flatMap((file) => exponentOperatorUses(readFileSync(file, 'utf8')).map((use) => `${relative(KERNEL, file)}: ${use}`));
    expect(offenders).toEqual([]);
  });

  it('one mathjs parser: only expression/parse.ts imports mathjs values (literals read one way)', () => {
    const valueImport = /\bimport\s+(?!type\b)[^;]*?from\s+['"]mathjs['"]|\b(?:import|require)\s*\(\s*['"]mathjs['"]/;
    expect(valueImport.test("import { parse, type MathNode } from 'mathjs';")).toBe(true);
    expect(valueImport.test("import type { MathNode } from 'mathjs';")).toBe(false);
    const offenders = kernelFiles(KERNEL).filter((file) => valueImport.test(withoutComments(readFileSync(file, 'utf8'))));
    expect(offenders.map((f) => relative(KERNEL, f))).toEqual(['expression/parse.ts']);
  });

  it('no randomness or clock in the kernel', () => {
    const offenders = kernelFiles(KERNEL).filter((file) => /\bMath\.random\s*\(|\bDate\.now\s*\(|\bperformance\.now\s*\(/.test(readFileSync(file, 'utf8')));
    expect(offenders.map((f) => relative(KERNEL, f))).toEqual([]);
  });
});
