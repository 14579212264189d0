import pg from 'pg';
import { DataSource } from 'typeorm';
import { migrations } from '../../migrations/index.js';
import { isConnectionLoss } from './connection-loss.js';
import { entities } from './entities.js';

export interface DataSourceOptions {
  url: string;
  /** 1 for the embedded database (PGlite serves one connection). */
  poolSize: number;
  /** A PostgreSQL schema to use instead of public (tests take one each). */
  schema?: string;
  /** `application_name` of every connection (operators and tests find the app's sessions by it). */
  applicationName?: string;
  /** Called for every error a connection raises outside a query (terminated backend, reset). */
  onConnectionError?: (err: Error) => void;
  /** Attempts of a statement outside a transaction that failed because its connection was lost. */
  queryAttempts?: number;
}

/**
 * A pg Client that never lets an 'error' event go unhandled. pg emits 'error' on a client whose
 * connection dies while it is checked out but between queries (PostgreSQL terminating a busy
 * backend: 57P01); TypeORM listens on the pool only, so without this the process would crash.
 * The broken client is dropped by the pool on release; the caller's next statement fails and is
 * retried (see below) or its work is picked up again by whoever owns it.
 */
function guardedClient(onError: (err: Error) => void): typeof pg.Client {
  return class GuardedClient extends pg.Client {
    constructor(config?: string | pg.ClientConfig) {
      super(config);
      this.on('error', onError);
    }
  };
}

export function createDataSource(options: DataSourceOptions): DataSource {
  const onError = options.onConnectionError ?? (() => undefined);
  const dataSource = new DataSource({
    type: 'postgres',
    url: options.url,
    entities,
    migrations,
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    schema: options.schema,
    applicationName: options.applicationName ?? 'gammadesk',
    // Each client reports its own errors (above); the pool's copy of an idle client's error is
    // the same error again.
    poolErrorHandler: () => undefined,
    extra: {
      max: options.poolSize,
      connectionTimeoutMillis: 10_000,
      Client: guardedClient(onError),
      ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
    },
  });
  retryOnConnectionLoss(dataSource, options.queryAttempts ?? 8);
  return dataSource;
}

/**
 * Statements run outside a transaction (`dataSource.query` without a query runner) are run again
 * on a fresh connection when theirs was lost (terminated backend, reset socket): PostgreSQL rolled
 * the statement back with the connection, so running it again is what the caller meant. (The one
 * ambiguous case — the backend killed after its commit but before the reply — re-runs a committed
 * statement; the ledger's statements are guarded by the row's status, so that is harmless there.)
 * Transactions are not retried here: their owner decides.
 */
function retryOnConnectionLoss(dataSource: DataSource, attempts: number): void {
  const query = dataSource.query.bind(dataSource);
  dataSource.query = async <T = unknown>(
    sql: string,
    parameters?: unknown[],
    queryRunner?: Parameters<DataSource['query']>[2],
  ): Promise<T> => {
    if (queryRunner) return query<T>(sql, parameters, queryRunner);
    for (let attempt = 1; ; attempt++) {
      try {
        return await query<T>(sql, parameters);
      } catch (err) {
        if (attempt >= attempts || !isConnectionLoss(err) || !dataSource.isInitialized) throw err;
        // 40 ms doubling to 1 s: about 3 s in all, through a failover's burst of terminations.
        await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, 20 * 2 ** attempt)));
      }
    }
  };
}
