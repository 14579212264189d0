import { Controller, Get, Header, Inject, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import type { Registry } from 'prom-client';
import type { Heartbeats } from '../common/heartbeats.js';
import type { Database } from '../database/database.js';
import { DATABASE, HEARTBEATS, METRICS_REGISTRY } from '../core/tokens.js';
import { MetricsAccessGuard } from '../observability/metrics-access.guard.js';
import { HEALTH_CHECKS, type HealthChecks } from './health-checks.js';

const CHECK_TIMEOUT_MS = 2_000;

@Controller()
export class HealthController {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(HEARTBEATS) private readonly heartbeats: Heartbeats,
    @Inject(HEALTH_CHECKS) private readonly checks: HealthChecks,
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
  ) {}

  /** 200 when the database and every registered check answer; 503 otherwise. Feeds are reported, not judged. */
  @Get('health')
  async health(@Res() res: Response): Promise<void> {
    const database = await this.database
      .ping()
      .then(() => ({ ok: true, detail: { kind: this.database.kind } }))
      .catch((err: unknown) => ({
        ok: false,
        detail: {
          kind: this.database.kind,
          error: err instanceof Error ? err.message : String(err),
        },
      }));
    const checks = await this.checks.runAll(CHECK_TIMEOUT_MS);
    const ok = database.ok && Object.values(checks).every((c) => c.ok);
    const feeds = this.heartbeats.all().map((h) => ({ feed: h.feed, ageMs: h.ageMs }));
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'degraded', database, ...checks, feeds });
  }

  @Get('metrics')
  @UseGuards(MetricsAccessGuard)
  @Header('Cache-Control', 'no-store')
  async metrics(@Res() res: Response): Promise<void> {
    res.setHeader('Content-Type', this.registry.contentType);
    res.send(await this.registry.metrics());
  }
}
