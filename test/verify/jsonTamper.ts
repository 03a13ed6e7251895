// Random schema-valid tampering of one record of a certificate, shared by the verify tests whose
// property is "replace, delete or shorten any field: refused or still equal, never a throw".
import fc from 'fast-check';
import { assertCertificate } from '../../src/verify/schema.js';

/** Replacement values: wrong types, edge doubles, empty and malformed containers. */
export const TAMPER_VALUES: readonly unknown[] = [null, 0, -1, 1e308, 5e-324, 0.5, 3, 'x', [], {}, [[0, 1]], [null], [0, 1]];

type Path = (string | number)[];

/** Every path (keys and array indices) into a JSON value, parents before children. */
export function jsonPaths(o: unknown, at: Path = [], out: Path[] = []): Path[] {
  if (o !== null && typeof o === 'object')
    for (const k of Object.keys(o)) {
      const key = Array.isArray(o) ? Number(k) : k;
      out.push([...at, key]);
      jsonPaths((o as Record<string, unknown>)[k], [...at, key], out);
    }
  return out;
}

/** One or two edits: where (a fraction of the paths), what (0 delete, 1 replace, 2 shorten a list), which value. */
export const tamperEdits = (values: readonly unknown[] = TAMPER_VALUES) =>
  fc.array(fc.tuple(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.nat(2), fc.nat(values.length - 1)), { minLength: 1, maxLength: 2 });

/** Applies the edits in place to `root` (the record), choosing among the paths `keep` lets through. */
export function applyTamperEdits(root: unknown, edits: readonly [number, number, number][], values: readonly unknown[] = TAMPER_VALUES, keep: (p: Path) => boolean = () => true): void {
  for (const [where, action, value] of edits) {
    const ps = jsonPaths(root).filter(keep);
    const p = ps[Math.floor(where * ps.length)]!;
    let o: any = root;
    for (const k of p.slice(0, -1)) o = o[k];
    const k = p[p.length - 1]!;
    if (action === 0) delete o[k];
    else if (action === 1) o[k] = values[value];
    else if (Array.isArray(o[k])) o[k] = o[k].slice(1);
  }
}

/** A plain-JSON copy of the certificate when it is still schema-valid, else null (the schema refuses it first). */
export function schemaValidCopy<T>(c: T): T | null {
  const doc = JSON.parse(JSON.stringify(c));
  try {
    assertCertificate(doc);
  } catch {
    return null;
  }
  return doc;
}
