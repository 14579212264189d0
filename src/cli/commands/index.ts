import type { Command } from 'commander';
import { registerAdminCommands } from './admin.js';
import { registerBillingCommands } from './billing.js';
import { registerBacktestCommand } from './backtest.js';
import { registerChainAnalyzeCommand } from './chain-analyze.js';
import { registerChainShowCommand } from './chain-show.js';
import { registerGreeksCommand } from './greeks.js';
import { registerIngestCommands } from './ingest.js';
import { registerIvCommand } from './iv.js';
import { registerReportCommands } from './report.js';
import { registerRecordCommands } from './record.js';
import { registerArchiveCommands } from './archive.js';
import { registerDiscordCommands } from './discord.js';
import { registerTelegramCommands } from './telegram.js';

/** Each module's CLI commands; add a module's `register` here. */
export const commandRegistrars: ((program: Command) => void)[] = [
  registerGreeksCommand,
  registerIvCommand,
  registerChainAnalyzeCommand,
  registerIngestCommands,
  registerChainShowCommand,
  registerBacktestCommand,
  (program) => registerBillingCommands(program),
  (program) => registerRecordCommands(program),
  (program) => registerArchiveCommands(program),
  registerReportCommands,
  (program) => registerAdminCommands(program),
  (program) => registerDiscordCommands(program),
  (program) => registerTelegramCommands(program),
];
