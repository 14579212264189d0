import { describe, expect, it } from 'vitest';
import { Database } from '../../src/database/database.js';

describe('embedded PostgreSQL (PGlite over a socket)', () => {
  it('serves the ordinary pg driver and runs the same migrations', async () => {
    const db = await Database.open({
      DATABASE_URL: undefined,
      DATA_DIR: '.data',
      EMBEDDED_DB_IN_MEMORY: true,
      EMBEDDED_DB_PORT: 0,
    });
    try {
      expect(db.kind).toBe('embedded');
      await db.dataSource.query(
        `INSERT INTO feed_heartbeat (feed, last_beat_at) VALUES ('simulator', now())`,
      );
      const rows: { feed: string }[] = await db.dataSource.query(`SELECT feed FROM feed_heartbeat`);
      expect(rows).toEqual([{ feed: 'simulator' }]);
    } finally {
      await db.close();
    }
  });
});
