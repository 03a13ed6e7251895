// The samples file `emcert sample` writes: JSON {"samples": [[...], ...], "meta": {...}} or CSV with
// a header x1,...,xd. Numbers are written in JavaScript's shortest round-trip form, so reading a
// file back (readSamplesFile, which `emcert evaluate --data` uses for a user's own data) gives the
// exact doubles.
import { InputError } from '../util/errors.js';
import { readFileOrThrow } from '../util/files.js';

export type SamplesFormat = 'json' | 'csv';

/** The format named by a file's extension, or undefined for any other extension. */
export function samplesFormatOf(path: string): SamplesFormat | undefined {
  const m = /\.(json|csv)$/i.exec(path);
  return m ? (m[1]!.toLowerCase() as SamplesFormat) : undefined;
}

export function samplesToJson(positions: Float64Array, n: number, dim: number, meta: Record<string, unknown>): string {
  const rows: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const row: string[] = new Array(dim);
    for (let j = 0; j < dim; j++) row[j] = numberText(positions[i * dim + j]!);
    rows[i] = `[${row.join(', ')}]`;
  }
  return `{"samples": [\n${rows.join(',\n')}\n],\n"meta": ${JSON.stringify(meta, null, 2)}}\n`;
}

export function samplesToCsv(positions: Float64Array, n: number, dim: number): string {
  const lines: string[] = new Array(n + 1);
  lines[0] = Array.from({ length: dim }, (_, j) => `x${j + 1}`).join(',');
  for (let i = 0; i < n; i++) {
    const row: string[] = new Array(dim);
    for (let j = 0; j < dim; j++) row[j] = numberText(positions[i * dim + j]!);
    lines[i + 1] = row.join(',');
  }
  return lines.join('\n') + '\n';
}

function numberText(x: number): string {
  // The engine stops on non-finite values before anything is written; this guards the format.
  if (!Number.isFinite(x)) throw new RangeError(`samples file: non-finite coordinate ${x}`);
  // -0 would print as 0 and lose its sign bit; keep it so files round-trip bit for bit.
  return Object.is(x, -0) ? '-0' : String(x);
}

export interface SamplesData {
  /** n x dim, row-major. */
  readonly positions: Float64Array;
  readonly n: number;
  readonly dim: number;
}

/**
 * Reads a samples file: FILE.json with {"samples": [[x1, ..., xd], ...]} (meta optional; a bare array of
 * rows is accepted too) or FILE.csv with one row of numbers per point and an optional header line (any
 * non-numeric first line). Every row must have the same length and only finite numbers. Errors are
 * InputErrors naming `what` (the option), the file and the row.
 */
export function readSamplesFile(path: string, what = '--data'): SamplesData {
  const format = samplesFormatOf(path);
  if (!format) throw new InputError(`${what} ${JSON.stringify(path)}: expected a file name ending in .json or .csv`);
  const text = readFileOrThrow(path, 'samples file').toString('utf8');
  const rows: number[][] = [];
  if (format === 'json') {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      throw new InputError(`${what} ${path}: not valid JSON (${(e as Error).message})`);
    }
    const list = Array.isArray(doc) ? doc : (doc as { samples?: unknown } | null)?.samples;
    if (!Array.isArray(list)) throw new InputError(`${what} ${path}: expected {"samples": [[x1, ..., xd], ...]} (the format emcert sample writes)`);
    list.forEach((row: unknown, i) => {
      if (!Array.isArray(row) || !row.every((v) => typeof v === 'number' && Number.isFinite(v)))
        throw new InputError(`${what} ${path}: samples[${i}] is not a list of finite numbers`);
      rows.push(row as number[]);
    });
  } else {
    const lines = text.split(/\r?\n/);
    lines.forEach((line, i) => {
      if (line.trim() === '') return;
      const fields = line.split(',').map((f) => f.trim());
      const values = fields.map((f) => (f === '' ? NaN : Number(f)));
      if (values.every(Number.isFinite)) rows.push(values);
      else if (i === 0 && fields.some((f) => Number.isNaN(Number(f)))) return; // a header
      else throw new InputError(`${what} ${path}: line ${i + 1} is not a row of finite numbers: ${JSON.stringify(line.slice(0, 60))}`);
    });
  }
  if (rows.length === 0) throw new InputError(`${what} ${path}: holds no samples`);
  const dim = rows[0]!.length;
  if (dim === 0) throw new InputError(`${what} ${path}: the first sample has no coordinates`);
  const positions = new Float64Array(rows.length * dim);
  rows.forEach((row, i) => {
    if (row.length !== dim) throw new InputError(`${what} ${path}: sample ${i + 1} has ${row.length} coordinates, the first has ${dim}`);
    positions.set(row, i * dim);
  });
  return { positions, n: rows.length, dim };
}
