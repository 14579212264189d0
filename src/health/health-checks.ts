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

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

export const HEALTH_CHECKS = Symbol('HealthChecks');
