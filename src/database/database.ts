import { join } from 'node:path';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { CoreConfig } from '../config/slices.js';
import { createDataSource } from './data-source.js';
import { EmbeddedPostgres } from './embedded-postgres.js';
import { createLogger } from '../observability/logger.js';

let fallback: Logger | null = null;
const fallbackLogger = (): Logger => (fallback ??= createLogger('warn'));

/** An initialised, migrated database and whatever must be stopped with it. */
export class Database {
  private constructor(
    readonly dataSource: DataSource,
    readonly embedded: EmbeddedPostgres | null,
  ) {}

  get kind(): 'postgres' | 'embedded' {
    return this.embedded ? 'embedded' : 'postgres';
  }

  /** Connects (starting the embedded server when DATABASE_URL is unset) and runs migrations. */
  static async open(
    config: Pick<
      CoreConfig,
      'DATABASE_URL' | 'DATA_DIR' | 'EMBEDDED_DB_IN_MEMORY' | 'EMBEDDED_DB_PORT'
    >,
    options: {
      runMigrations?: boolean;
      schema?: string;
      /** Default `gammadesk`, or `gammadesk/<schema>` in a schema of its own. */
      applicationName?: string;
      /** Where connection errors raised outside a query are reported (never thrown). */
      onConnectionError?: (err: Error) => void;
    } = {},
  ): Promise<Database> {
    let embedded: EmbeddedPostgres | null = null;
    let url = config.DATABASE_URL;
    if (!url) {
      embedded = await EmbeddedPostgres.start({
        dataDir: config.EMBEDDED_DB_IN_MEMORY ? undefined : join(config.DATA_DIR, 'pg'),
        port: config.EMBEDDED_DB_PORT,
      });
      url = embedded.url;
    }
    const dataSource = createDataSource({
      url,
      poolSize: embedded ? 1 : 10,
      schema: options.schema,
      applicationName:
        options.applicationName ?? (options.schema ? `gammadesk/${options.schema}` : 'gammadesk'),
      onConnectionError:
        options.onConnectionError ??
        ((err) => fallbackLogger().warn({ err: err.message }, 'database connection lost')),
    });
    try {
      await dataSource.initialize();
      if (options.runMigrations ?? true) await dataSource.runMigrations({ transaction: 'each' });
    } catch (err) {
      if (dataSource.isInitialized) await dataSource.destroy();
      await embedded?.stop();
      throw err;
    }
    return new Database(dataSource, embedded);
  }

  async ping(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    await this.embedded?.stop();
  }
}
