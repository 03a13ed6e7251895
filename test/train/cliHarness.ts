// Runs one emcert subcommand in-process, the way src/cli/main.ts does (expected errors become one
// line and their exit code; usage errors exit 3), capturing stdout and stderr. The train/evaluate/
// export CLI tests use it so they do not depend on every other subcommand importing cleanly.
import { Command, CommanderError } from 'commander';
import { isExpectedError } from '../../src/util/errors.js';

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCommand(registers: ((program: Command) => void)[], args: string[]): Promise<CommandResult> {
  let stdout = '', stderr = '';
  const program = new Command('emcert').exitOverride();
  const output = { writeOut: (s: string) => void (stdout += s), writeErr: (s: string) => void (stderr += s) };
  program.configureOutput(output);
  for (const register of registers) register(program);
  program.commands.forEach((c) => c.exitOverride().configureOutput(output));
  const write = process.stdout.write.bind(process.stdout);
  const savedExitCode = process.exitCode;
  process.exitCode = undefined;
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  }) as typeof process.stdout.write;
  let code: number;
  try {
    await program.parseAsync(args, { from: 'user' });
    code = typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) code = e.exitCode === 0 ? 0 : 3;
    else if (isExpectedError(e)) {
      stderr += `emcert: ${e.message}\n`;
      code = e.exitCode;
    } else throw e;
  } finally {
    process.stdout.write = write;
    process.exitCode = savedExitCode;
  }
  return { code, stdout, stderr };
}
