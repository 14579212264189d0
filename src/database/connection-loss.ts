/**
 * SQLSTATEs meaning the server ended the session (admin shutdown, crash shutdown, cannot connect
 * now) or the connection failed; the statement did not run to completion on that connection.
 */
const CONNECTION_LOSS_CODES = new Set([
  '57P01', // admin_shutdown (pg_terminate_backend, smart/fast shutdown)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up / failover)
  '08000',
  '08003',
  '08006',
  '08001',
  '08004',
]);

const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT']);

const CONNECTION_LOSS_MESSAGES = [
  'Connection terminated',
  'connection terminated',
  'Client has encountered a connection error',
  'terminating connection',
];

/** True when an error (pg's, or TypeORM's QueryFailedError wrapping it) is a lost connection. */
export function isConnectionLoss(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const driverError = (err as { driverError?: unknown }).driverError;
  const e = driverError instanceof Error ? driverError : err;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string' && (CONNECTION_LOSS_CODES.has(code) || NETWORK_CODES.has(code)))
    return true;
  return CONNECTION_LOSS_MESSAGES.some((m) => e.message.includes(m));
}
