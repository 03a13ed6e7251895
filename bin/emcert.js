#!/usr/bin/env node
// The emcert command. An installed package runs the compiled JavaScript in dist/ (no TypeScript
// loader needed). In a checkout of the repository (src/ is there; the package does not ship it) it
// runs the TypeScript sources through tsx, a devDependency, so `npx emcert` and the CLI tests always
// run the current sources, never a stale dist/. EMCERT_USE_DIST=1 runs dist/ in a checkout too
// (`npm run build` first); without tsx (npm ci --omit=dev) a checkout also falls back to dist/.
import { existsSync } from 'node:fs';

const sources = new URL('../src/cli/main.ts', import.meta.url);
const compiled = new URL('../dist/cli/main.js', import.meta.url);

async function entry() {
  if (process.env.EMCERT_USE_DIST !== '1' && existsSync(sources)) {
    try {
      const { register } = await import('tsx/esm/api');
      register();
      return sources;
    } catch (e) {
      if (e?.code !== 'ERR_MODULE_NOT_FOUND') throw e;
    }
  }
  if (!existsSync(compiled)) {
    process.stderr.write('emcert: dist/ is missing: run `npm run build` (or `npm ci`, which builds it)\n');
    process.exit(70);
  }
  return compiled;
}

const { main } = await import((await entry()).href);
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`emcert: internal error: ${e?.stack ?? e}\n`);
    process.exit(70);
  },
);
