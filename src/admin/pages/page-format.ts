/** Small formatting shared by the portal's pages (UTC, the engine clock's instants). */

/** "2026-03-02 14:31:05Z". */
export function at(ms: number): string {
  return `${new Date(ms).toISOString().replace('T', ' ').slice(0, 19)}Z`;
}

export function dollars(cents: number): string {
  return `$${(cents / 100).toLocaleString('en-US', { maximumFractionDigits: 2 })}`;
}

/** Seconds with one decimal, or '—'. */
export function seconds(ms: number | null): string {
  return ms === null || !Number.isFinite(ms) ? '—' : (ms / 1000).toFixed(1);
}

/** A message for the operator from any thrown value (HTTP exceptions keep their own text). */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
