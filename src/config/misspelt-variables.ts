/**
 * Environment variables that look like ours but are not (a typo such as TWITTER_ACCES_SECRET
 * leaves the real key unset, and its channel silently unconfigured): names that share a prefix
 * with a known key (TWITTER_, SMTP_, …) and are within two edits of one.
 */
const MAX_EDITS = 2;

export function misspeltVariables(
  env: Record<string, string | undefined>,
  known: string[],
): string[] {
  const keys = new Set(known);
  const prefixes = new Set(known.map(prefixOf).filter((p) => p !== null));
  const out: string[] = [];
  for (const name of Object.keys(env)) {
    if (keys.has(name)) continue;
    const prefix = prefixOf(name);
    if (prefix === null || !prefixes.has(prefix)) continue;
    let best: { key: string; distance: number } | null = null;
    for (const key of known) {
      const distance = editDistance(name, key, MAX_EDITS);
      if (distance <= MAX_EDITS && (!best || distance < best.distance)) best = { key, distance };
    }
    if (best) out.push(`${name} is not a GammaDesk setting: did you mean ${best.key}?`);
  }
  return out;
}

function prefixOf(name: string): string | null {
  const i = name.indexOf('_');
  return i > 0 ? name.slice(0, i + 1) : null;
}

/** Levenshtein distance, giving up (returning max + 1) once it must exceed `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      rowMin = Math.min(rowMin, row[j]);
    }
    if (rowMin > max) return max + 1;
    prev = row;
  }
  return prev[b.length];
}
