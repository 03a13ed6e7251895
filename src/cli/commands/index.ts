import type { Command } from 'commander';
import { register as sample } from './sample.js';
import { register as bounds } from './bounds.js';
import { register as check } from './check.js';
import { register as compose } from './compose.js';
import { register as verify } from './verify.js';
import { register as train } from './train.js';
import { register as evaluate } from './evaluate.js';
import { register as exportModel } from './export.js';
import { register as experiment } from './experiment.js';
import { register as demo } from './demo.js';
import { register as audit } from './audit.js';
import { register as barrier } from './barrier.js';

/** Every subcommand, in the order --help lists them. */
export const commands: ((program: Command) => void)[] = [demo, check, verify, compose, bounds, audit, barrier, sample, train, evaluate, exportModel, experiment];
