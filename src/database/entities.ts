/**
 * Every TypeORM entity class, registered here (ESM: TypeORM takes classes, not globs).
 * Modules that prefer plain SQL through DataSource.query need not add anything.
 */
export const entities: (new () => object)[] = [];
