#!/usr/bin/env node
/** `npm run migration:run` (up) and `npm run migration:revert` (down one). */
import { loadConfigFromProcess } from '../config/config.js';
import { Database } from './database.js';

async function main(direction: string | undefined): Promise<void> {
  if (direction !== 'up' && direction !== 'down') {
    throw new Error('usage: migrate up|down');
  }
  const db = await Database.open(loadConfigFromProcess(), { runMigrations: false });
  try {
    if (direction === 'up') {
      const ran = await db.dataSource.runMigrations({ transaction: 'each' });
      console.log(`applied ${ran.length} migration(s)${ran.map((m) => `\n  ${m.name}`).join('')}`);
    } else {
      await db.dataSource.undoLastMigration({ transaction: 'each' });
      console.log('reverted the last migration');
    }
  } finally {
    await db.close();
  }
}

main(process.argv[2]).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
