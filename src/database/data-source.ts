import { DataSource } from 'typeorm';
import { migrations } from '../../migrations/index.js';
import { entities } from './entities.js';

export interface DataSourceOptions {
  url: string;
  /** 1 for the embedded database (PGlite serves one connection). */
  poolSize: number;
  /** A PostgreSQL schema to use instead of public (tests take one each). */
  schema?: string;
}

export function createDataSource(options: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    entities,
    migrations,
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    schema: options.schema,
    extra: {
      max: options.poolSize,
      connectionTimeoutMillis: 10_000,
      ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
    },
  });
}
