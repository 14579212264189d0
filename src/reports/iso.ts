/** An instant (ms) as ISO-8601 UTC; formatting a given instant, not reading the time. */
export function isoOf(ms: number): string {
  return new Date(ms).toISOString();
}
