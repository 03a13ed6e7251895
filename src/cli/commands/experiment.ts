import type { Command } from 'commander';
import { RunError } from '../../util/errors.js';

// Placeholder until the owning issue lands: registered so --help lists it, and honest when run.
export function register(program: Command): void {
  program
    .command('experiment')
    .description('(not yet available)')
    .allowUnknownOption()
    .action(() => {
      throw new RunError('experiment: not yet available in this build', 2);
    });
}
