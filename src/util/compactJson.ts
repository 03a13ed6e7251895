// Indented JSON with flat arrays on one line: a box is [[lo, hi], ...] on one line instead of one number
// per line, which keeps certificates with thousands of boxes (localisation evidence) a few times smaller
// and still readable. Only newline-plus-indentation runs are removed, and JSON strings never hold a raw
// newline, so the parsed value is unchanged.

/** JSON.stringify(value, null, indent) with every array of scalars, and every array of such arrays, on one line. */
export function compactJson(value: unknown, indent = 1): string {
  const text = JSON.stringify(value, null, indent);
  const scalar = String.raw`(?:-?[0-9][0-9.eE+-]*|null|true|false)`;
  const flat = new RegExp(String.raw`\[\n\s*(${scalar}(?:,\n\s*${scalar})*)\n\s*\]`, 'g');
  const once = text.replace(flat, (_, items: string) => `[${items.replace(/,\n\s*/g, ', ')}]`);
  const nested = /\[\n\s*(\[[^[\]\n]*\](?:,\n\s*\[[^[\]\n]*\])*)\n\s*\]/g;
  return once.replace(nested, (_, items: string) => `[${items.replace(/,\n\s*/g, ', ')}]`);
}
