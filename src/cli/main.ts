#!/usr/bin/env node
/**
 * `gammadesk` — the command line over the same services the app runs.
 * Output for machines goes to stdout; messages for people go to stderr.
 */
import { Command, CommanderError } from 'commander';
import { commandRegistrars } from './commands/index.js';
import { CliError } from './cli-error.js';

export function buildProgram(): Command {
  const program = new Command('gammadesk')
    .description('GammaDesk: options analytics, signals and tiered delivery')
    .exitOverride()
    .showHelpAfterError();
  for (const register of commandRegistrars) register(program);
  return program;
}

async function main(): Promise<void> {
  try {
    await buildProgram().parseAsync(process.argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode === 0 ? 0 : 2;
      return;
    }
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`gammadesk: ${message}\n`);
    process.exitCode = err instanceof CliError ? err.exitCode : 1;
  }
}

void main();
