import { withTimeout } from '../common/timeout.js';

/** Named readiness checks that modules register (queue, caches, providers) and /health runs. */
export interface HealthCheckResult {
  ok: boolean;
  detail?: Record<string, unknown>;
}

export type HealthCheck = () => Promise<HealthCheckResult>;

export class HealthChecks {
  private readonly checks = new Map<string, HealthCheck>();

  register(name: string, check: HealthCheck): void {
    this.checks.set(name, check);
  }

  async runAll(timeoutMs: number): Promise<Record<string, HealthCheckResult>> {
    const entries = await Promise.all(
      [...this.checks.entries()].map(async ([name, check]) => {
        const result = await withTimeout(check(), timeoutMs).catch(
          (err: unknown): HealthCheckResult => ({
            ok: false,
            detail: { error: err instanceof Error ? err.message : String(err) },
          }),
        );
        return [name, result] as const;
      }),
    );
    return Object.fromEntries(entries);
  }
}

export const HEALTH_CHECKS = Symbol('HealthChecks');
