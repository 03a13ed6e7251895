// One way to check a JSON document against one of the project's schemas (certificates/schema/): ajv,
// compiled once per schema, and the first error named by its path into the document.
import { Ajv } from 'ajv';
import { readFileSync } from 'node:fs';

export type SchemaCheck = (doc: unknown) => string | undefined;

/** A checker for the schema at `url`; it returns undefined, or "<root>.path.to[3].field: message". */
export function schemaChecker(url: URL, root: string): SchemaCheck {
  let validator: ReturnType<Ajv['compile']> | undefined;
  return (doc) => {
    validator ??= new Ajv({ allErrors: false, strict: false }).compile(JSON.parse(readFileSync(url, 'utf8')));
    if (validator(doc)) return undefined;
    const e = validator.errors?.[0];
    if (!e) return `does not match the ${root} schema`;
    const where = root + e.instancePath.replace(/\/(\d+)/g, '[$1]').replace(/\//g, '.');
    const extra = e.keyword === 'additionalProperties' ? ` (${(e.params as { additionalProperty?: string }).additionalProperty})` : '';
    return `${where}: ${e.message}${extra}`;
  };
}
