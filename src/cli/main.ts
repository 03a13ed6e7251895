// The emcert command. Each subcommand lives in its own file under commands/ and registers itself.
// Expected failures (InputError, RunError) become one line on stderr and their exit code;
// usage errors from the parser exit 3; anything else is a bug and keeps its stack trace.
import { Command, CommanderError } from 'commander';
import { isExpectedError } from '../util/errors.js';
import { recordInvocation } from '../util/invocation.js';
import { commands } from './commands/index.js';
import { VERSION } from '../version.js';

export function buildProgram(): Command {
  const program = new Command('emcert')
    .description(
      'Certify static scalar energy generative models: Langevin convergence (Lyapunov), when to stop ' +
        '(stopping), sums of energies (composition), and a refutation of the noise-free gradient flow.',
    )
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  program.configureOutput({ outputError: (str, write) => write(`emcert: ${str.replace(/^error: /, '')}`) });
  for (const register of commands) register(program);
  program.commands.forEach((c) => c.exitOverride());
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  recordInvocation(argv);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end through here with code 0.
      if (e.exitCode === 0 || e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return 3;
    }
    if (isExpectedError(e)) {
      process.stderr.write(`emcert: ${e.message}\n`);
      return e.exitCode;
    }
    throw e;
  }
}

const invokedDirectly = process.argv[1] && /(?:^|[\\/])main\.ts$/.test(process.argv[1]);
if (invokedDirectly) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`emcert: internal error: ${(e as Error)?.stack ?? e}\n`);
      process.exit(70);
    },
  );
}
