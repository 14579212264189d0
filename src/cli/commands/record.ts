/**
 * `gammadesk record verify [--from T] [--to T]` — recompute the signal hash chain (and re-derive
 *   each entry from its stored signal); prints "intact, N entries, head H" or the first break,
 *   and exits 1 on a break.
 *   Stored signals whose entries the chain lacks (lost in a crash) are a break too.
 * `gammadesk record backfill` — append those entries, oldest first.
 * `gammadesk record export --out FILE` — the chain and its signals as JSON lines that the
 *   README's script verifies.
 */
import type { Command } from 'commander';
import { DateTime } from 'luxon';
import type { Clock } from '../../common/clock.js';
import { exportChain } from '../../record/chain-export.js';
import { describeVerify } from '../../record/chain-verifier.js';
import { createRecordServices, type RecordServices } from '../../record/record.composition.js';
import { defaultDatabaseCliDeps, withDatabase, type DatabaseCliDeps } from '../cli-database.js';
import { CliError } from '../cli-error.js';

export type RecordCliDeps = DatabaseCliDeps;

/** An instant from an ISO date or date-time (a bare date in UTC), as ms. */
function instant(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const t = DateTime.fromISO(value, { zone: 'utc' });
  if (!t.isValid) throw new CliError(`${flag} must be an ISO date or date-time, got "${value}"`, 2);
  return t.toMillis();
}

function withRecord<T>(
  deps: RecordCliDeps,
  fn: (r: RecordServices, clock: Clock) => Promise<T>,
): Promise<T> {
  return withDatabase(deps, (database, config, clock) =>
    fn(createRecordServices({ dataSource: database.dataSource, clock, config }), clock),
  );
}

export function registerRecordCommands(
  program: Command,
  deps: RecordCliDeps = defaultDatabaseCliDeps,
): void {
  const record = program
    .command('record')
    .description('The signal track record: verify and export the hash chain');

  record
    .command('verify')
    .description('Recompute the hash chain and report the first break (exit 1 on a break)')
    .option('--from <time>', 'first entry time (ISO)')
    .option('--to <time>', 'last entry time (ISO)')
    .action(async (opts: { from?: string; to?: string }) => {
      const range = { from: instant('--from', opts.from), to: instant('--to', opts.to) };
      const [result, missing] = await withRecord(deps, async (r) => [
        await r.verifier.verify(range),
        (await r.missing()).filter(
          (p) => p.at >= (range.from ?? -Infinity) && p.at <= (range.to ?? Infinity),
        ),
      ]);
      if (!result.intact) throw new CliError(describeVerify(result), 1);
      if (missing.length)
        throw new CliError(
          `${describeVerify(result)}; but ${missing.length} entries of stored signals are missing ` +
            `(first: ${missing[0].kind} ${missing[0].signalId}): run \`gammadesk record backfill\``,
          1,
        );
      deps.write(`${describeVerify(result)}\n`);
    });

  record
    .command('backfill')
    .description('Append the entries of stored signals the chain lacks (lost in a crash)')
    .action(async () => {
      const added = await withRecord(deps, (r) => r.backfill());
      deps.write(`appended ${added.length} entries\n`);
      for (const p of added) deps.write(`  ${p.kind} ${p.signalId}\n`);
    });

  record
    .command('export')
    .description('Write the chain and its signals as JSON lines (verify with the README script)')
    .requiredOption('--out <file>', 'output file')
    .action(async (opts: { out: string }) => {
      const summary = await withRecord(deps, (r, clock) =>
        exportChain(r.store, r.signals, opts.out, clock.now()),
      );
      deps.write(
        `exported ${summary.entries} entries and ${summary.signals} signals to ${opts.out}, head ${summary.head}\n`,
      );
    });
}
