// Reading certificates: ajv validates against certificates/schema/certificate-v1.json (producers
// validate what they write with the same function), and errors carry the JSON path into the document.
import { InputError } from '../util/errors.js';
import { readFileOrThrow } from '../util/files.js';
import { CERTIFICATE_SCHEMA, type Certificate } from './certificate.js';
import { schemaChecker } from './schemaValidator.js';

const SCHEMA_URL = new URL('../../certificates/schema/certificate-v1.json', import.meta.url);

const validate = schemaChecker(SCHEMA_URL, 'certificate');

/** Throws InputError naming the path when the document is not a valid certificate. */
export function assertCertificate(doc: unknown, source = 'certificate'): Certificate {
  if (typeof doc === 'object' && doc !== null && 'schema' in doc && (doc as { schema: unknown }).schema !== CERTIFICATE_SCHEMA)
    throw new InputError(`${source}: schema ${JSON.stringify((doc as { schema: unknown }).schema)} is not ${CERTIFICATE_SCHEMA}`);
  const problem = validate(doc);
  if (problem) throw new InputError(`${source}: ${problem}`);
  return doc as Certificate;
}

export function readCertificate(path: string): Certificate {
  const text = readFileOrThrow(path, 'certificate').toString('utf8');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new InputError(`${path}: not valid JSON (${(e as Error).message})`);
  }
  return assertCertificate(doc, path);
}
