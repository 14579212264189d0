/**
 * A start-up failure an operator fixes outside the code (a service down, a wrong address): main
 * prints its one-line message and exits 1, without a stack trace.
 */
export class StartupFailure extends Error {
  override name = 'StartupFailure';
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  '28P01', // PostgreSQL: password authentication failed
  '3D000', // PostgreSQL: database does not exist
]);

/** The network error code of `err` (also inside an AggregateError or a `cause`), else null. */
function networkCode(err: unknown, depth = 0): string | null {
  if (!err || typeof err !== 'object' || depth > 3) return null;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
  for (const inner of (err as { errors?: unknown[] }).errors ?? []) {
    const found = networkCode(inner, depth + 1);
    if (found) return found;
  }
  return networkCode((err as { cause?: unknown }).cause, depth + 1);
}

/** host:port of a connection URL, without credentials. */
export function hostOf(url: string, defaultPort: number): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || defaultPort}`;
  } catch {
    return 'an unparsable URL';
  }
}

/**
 * A StartupFailure ("cannot reach PostgreSQL at 127.0.0.1:5432: ECONNREFUSED") when `err` is a
 * connection problem; otherwise `err` unchanged.
 */
export function asStartupFailure(err: unknown, service: string, where: string): unknown {
  const code = networkCode(err);
  if (!code) return err;
  const detail = err instanceof Error && !err.message.includes(code) ? ` (${err.message})` : '';
  return new StartupFailure(`cannot reach ${service} at ${where}: ${code}${detail}`);
}
