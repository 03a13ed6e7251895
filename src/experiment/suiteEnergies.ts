// The paper suite's energies: embedded 2D energies with known structure, and trained models from
// models/ when they ship (a row says so when they do not).
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EnergyTerm } from '../certify/energyBuild.js';

export interface SuiteEntry {
  readonly name: string;
  readonly terms: readonly EnergyTerm[];
  /** For quadratic energies f = x'Ax/2 (at T = 1): [a00, a01, a11], which gives the exact ULA law. */
  readonly quadratic?: readonly [number, number, number];
  /** Why the entry cannot run (no trained model shipped). */
  readonly missing?: string;
}

export const EMBEDDED_ENERGIES: readonly SuiteEntry[] = [
  { name: 'Gaussian', terms: [{ spec: 'expr:0.5*x1^2 + x2^2', weight: 1 }], quadratic: [1, 0, 2] },
  // Eigenvalues 2 and 0.5 along the diagonals (a 45 degree rotation).
  { name: 'rotated Gaussian', terms: [{ spec: 'expr:0.625*x1^2 + 0.75*x1*x2 + 0.625*x2^2', weight: 1 }], quadratic: [1.25, 0.75, 1.25] },
  { name: 'double well', terms: [{ spec: 'expr:(x1^2 - 1)^2 + 0.5*x2^2', weight: 1 }] },
  {
    name: 'three-mode mixture',
    terms: [
      {
        spec: 'expr:-log(exp(-((x1 - 1.5)^2 + x2^2) / 2) + exp(-((x1 + 0.75)^2 + (x2 - 1.3)^2) / 2) + exp(-((x1 + 0.75)^2 + (x2 + 1.3)^2) / 2))',
        weight: 1,
      },
    ],
  },
];

/** models/ next to the package root. */
export function modelsDirectory(): string {
  return fileURLToPath(new URL('../../models/', import.meta.url));
}

/** 2D trained models in models/ (each a directory with model.json), the default 8gaussians first. */
export function shippedModels(dir = modelsDirectory()): string[] {
  if (!existsSync(dir)) return [];
  const names = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, 'model.json')))
    .map((e) => e.name)
    .sort((a, b) => (a === '8gaussians' ? -1 : b === '8gaussians' ? 1 : a.localeCompare(b)));
  return names.map((n) => join(dir, n, 'model.json'));
}

export function paperSuite(models = shippedModels()): SuiteEntry[] {
  const entries = [...EMBEDDED_ENERGIES];
  const name = (p: string): string => p.split(/[\\/]/).slice(-2, -1)[0] ?? p;
  if (models.length >= 1) entries.push({ name: `trained: ${name(models[0]!)}`, terms: [{ spec: models[0]!, weight: 1 }] });
  else entries.push({ name: 'trained model', terms: [], missing: 'no trained model in models/' });
  if (models.length >= 2)
    entries.push({ name: `sum: ${name(models[0]!)} + ${name(models[1]!)}`, terms: [{ spec: models[0]!, weight: 0.5 }, { spec: models[1]!, weight: 0.5 }] });
  else entries.push({ name: 'sum of two trained models', terms: [], missing: `needs two trained models in models/ (found ${models.length})` });
  return entries;
}
