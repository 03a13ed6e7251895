// The samples file `emcert sample` writes: JSON {"samples": [[...], ...], "meta": {...}} or CSV with
// a header x1,...,xd. Numbers are written in JavaScript's shortest round-trip form, so reading a
// file back gives the exact doubles.

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
