/** Injection tokens for the process-wide collaborators every module may use. */
/**
 * The whole validated config, for the entry points that cut it (bootstrap, the demo, the CLI, the
 * sandbox); a module injects its own slice (CONFIG_SLICE in config/slices.ts) instead.
 */
export { APP_CONFIG } from '../config/config.js';
export { CLOCK } from '../common/clock.js';
export { HEARTBEATS } from '../common/heartbeats.js';
export { SIGNAL_BUS } from '../signals/signal.js';
/** TypeORM DataSource (initialised and migrated). */
export const DATA_SOURCE = Symbol('DataSource');
/** The Database wrapper (kind, ping, close). */
export const DATABASE = Symbol('Database');
/** prom-client Registry shared by every module's metrics. */
export const METRICS_REGISTRY = Symbol('MetricsRegistry');
/** An ioredis client, or null when REDIS_URL is unset (embedded mode). */
export const REDIS = Symbol('Redis');
export { HEALTH_CHECKS } from '../health/health-checks.js';
