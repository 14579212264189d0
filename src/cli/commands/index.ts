import type { Command } from 'commander';

/** Each module's CLI commands; add a module's `register` here. */
export const commandRegistrars: ((program: Command) => void)[] = [];
