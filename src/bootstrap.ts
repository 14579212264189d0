import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { AppModule } from './app.module.js';
import { SystemClock, type Clock } from './common/clock.js';
import { Heartbeats } from './common/heartbeats.js';
import { roleRuns } from './common/roles.js';
import type { AppConfig } from './config/schema.js';
import { Database } from './database/database.js';
import { HealthChecks } from './health/health-checks.js';
import { setupOpenApi } from './analytics/openapi.js';
import { ChannelHealth } from './distribution/channel-health.js';
import { DistributionService } from './distribution/distribution.service.js';
import type { SenderRegistry } from './distribution/senders.js';
import { createLogger, PinoNestLogger } from './observability/logger.js';
import { requestIdMiddleware } from './observability/request-id.middleware.js';
import { HttpErrorsFilter } from './observability/http-errors.filter.js';
import { favicon } from './core/http/favicon.js';
import { jsonOnlyBodies } from './core/http/json-only-bodies.js';
import { securityHeaders } from './core/http/security-headers.js';
import { asStartupFailure, hostOf } from './core/startup-failure.js';

export interface RunningApp {
  app: NestExpressApplication;
  config: AppConfig;
  database: Database;
  redis: Redis | null;
  clock: Clock;
  logger: Logger;
  /** The HTTP base URL when this process serves HTTP. */
  url: string | null;
  /** Stops taking work, finishes in-flight work, closes connections. Safe to call twice. */
  close(): Promise<void>;
}

export interface StartOptions {
  clock?: Clock;
  logger?: Logger;
  /** Listen on this port instead of config.PORT (0 = any free port; tests). */
  port?: number;
  /** An already-open database (tests pass one in a schema of their own). Closed with the app. */
  database?: Database;
  /** Start-up warnings about the environment (misspelt variables…), logged once the logger exists. */
  warnings?: string[];
  /** Extra setup on the Nest app before it listens (e.g. the demo's routes). */
  beforeListen?: (app: NestExpressApplication) => void | Promise<void>;
}

/**
 * Starts GammaDesk for a validated config: database (embedded when DATABASE_URL is unset) with
 * migrations, Redis when REDIS_URL is set, the Nest app, and HTTP when the role serves it.
 */
export async function startApp(config: AppConfig, options: StartOptions = {}): Promise<RunningApp> {
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  for (const warning of options.warnings ?? []) logger.warn(warning);
  const clock = options.clock ?? new SystemClock();
  const database =
    options.database ??
    (await Database.open(config, {
      onConnectionError: (err) => logger.warn({ err: err.message }, 'database connection lost'),
    }).catch((err: unknown) => {
      throw asStartupFailure(err, 'PostgreSQL', hostOf(config.DATABASE_URL ?? '', 5432));
    }));
  logger.info({ database: database.kind }, 'database ready (migrations applied)');

  let redis: Redis | null = null;
  const healthChecks = new HealthChecks();
  if (config.REDIS_URL) {
    redis = await connectRedis(config.REDIS_URL, logger).catch(async (err: unknown) => {
      await database.close();
      throw err;
    });
    const client = redis;
    healthChecks.register('redis', async () => ({ ok: (await client.ping()) === 'PONG' }));
  }

  const metrics = new Registry();
  collectDefaultMetrics({ register: metrics, prefix: 'gammadesk_' });

  let app: NestExpressApplication;
  try {
    app = await NestFactory.create<NestExpressApplication>(
      AppModule.forRoot({
        config,
        clock,
        database,
        redis,
        metrics,
        heartbeats: new Heartbeats(clock),
        healthChecks,
      }),
      { rawBody: true, logger: new PinoNestLogger(logger), abortOnError: false },
    );
  } catch (err) {
    await database.close();
    redis?.disconnect();
    throw err;
  }
  app.disable('x-powered-by');
  app.use(requestIdMiddleware(logger, () => clock.now()));
  app.use(securityHeaders());
  app.use(favicon());
  app.use(jsonOnlyBodies());
  app.useGlobalFilters(new HttpErrorsFilter(logger));
  const deliveries = app.get(DistributionService).engine.queue;
  healthChecks.register('queue', async () => {
    await deliveries.ping();
    return {
      ok: true,
      detail: {
        backend: config.REDIS_URL ? 'bull' : 'in-process',
        pending: await deliveries.count(),
      },
    };
  });
  await registerChannelHealth(app.get(DistributionService).engine.senders, healthChecks, logger);
  setupOpenApi(app);
  await options.beforeListen?.(app);

  let url: string | null = null;
  if (roleRuns(config.ROLE, 'http')) {
    await app.listen(options.port ?? config.PORT, '0.0.0.0');
    const address = app.getHttpServer().address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    url = `http://127.0.0.1:${port}`;
    logger.info({ url, role: config.ROLE }, 'GammaDesk listening');
  } else {
    await app.init();
    logger.info({ role: config.ROLE }, 'GammaDesk started (no HTTP in this role)');
  }

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      logger.info('shutting down: finishing in-flight work');
      await app.close(); // stops HTTP, runs every module's shutdown hook (in-flight work finishes)
      redis?.disconnect();
      await database.close();
      logger.info('shutdown complete');
      logger.flush();
    })();
    return closing;
  };

  return { app, config, database, redis, clock, logger, url, close };
}

/**
 * Probes every channel's credentials now (logged: a failing one at error level, with its reason)
 * and shows their states on /health, which is degraded while a configured channel fails.
 */
async function registerChannelHealth(
  senders: SenderRegistry,
  healthChecks: HealthChecks,
  logger: Logger,
): Promise<void> {
  const channels = new ChannelHealth(senders, new SystemClock());
  for (const [channel, state] of Object.entries(await channels.refresh())) {
    if (state.state === 'failing')
      logger.error({ channel, ...state }, 'channel credentials failing');
    else logger.info({ channel, state: state.state }, 'channel');
  }
  healthChecks.register('channels', async () => {
    const states = await channels.current();
    return {
      ok: Object.values(states).every((s) => s.state !== 'failing'),
      detail: states as unknown as Record<string, unknown>,
    };
  });
}

/** Connects to Redis once; unreachable → a one-line StartupFailure (no retry loop left behind). */
async function connectRedis(url: string, logger: Logger): Promise<Redis> {
  const redis = new Redis(url, { maxRetriesPerRequest: 2, lazyConnect: true });
  let lastError: unknown = null;
  const onError = (err: Error): void => {
    lastError = err;
  };
  redis.on('error', onError);
  try {
    await redis.connect();
  } catch (err) {
    redis.disconnect();
    throw asStartupFailure(lastError ?? err, 'Redis', hostOf(url, 6379));
  }
  redis.off('error', onError);
  // Later connection errors are retried by ioredis; log them instead of "Unhandled error event".
  redis.on('error', (err: Error) => logger.warn({ err: err.message }, 'redis connection error'));
  return redis;
}
