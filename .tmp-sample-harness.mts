import { Command } from 'commander';
import { register } from './src/cli/commands/sample.ts';
import { isExpectedError } from './src/util/errors.ts';
const program = new Command('emcert').exitOverride();
register(program);
program.commands.forEach((c) => c.exitOverride());
try { await program.parseAsync(process.argv.slice(2), { from: 'user' }); } catch (e) {
  if (isExpectedError(e)) { console.error('emcert: ' + (e as Error).message); process.exit((e as any).exitCode); }
  else if ((e as any).code?.startsWith?.('commander')) process.exit((e as any).exitCode === 0 ? 0 : 3); else throw e; }
