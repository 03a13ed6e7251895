#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, so a fresh clone needs only `npm ci`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`emcert: internal error: ${e?.stack ?? e}\n`);
    process.exit(70);
  },
);
