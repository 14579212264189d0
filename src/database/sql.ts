/** The query surface shared by a DataSource and a transaction's EntityManager. */
export interface Sql {
  query(text: string, params?: unknown[]): Promise<unknown>;
}

export async function rows<T>(sql: Sql, text: string, params: unknown[] = []): Promise<T[]> {
  return (await sql.query(text, params)) as T[];
}

export async function first<T>(sql: Sql, text: string, params: unknown[] = []): Promise<T | null> {
  return (await rows<T>(sql, text, params))[0] ?? null;
}

/** timestamptz (Date from pg) → ms, keeping null. */
export function msOf(value: Date | string | null): number | null {
  if (value === null) return null;
  return value instanceof Date ? value.getTime() : Date.parse(value);
}

/** ms → ISO-8601 UTC text (for timestamptz parameters and JSON), keeping null. */
export function isoOf(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
