/**
 * Process roles: one image, split into processes by ROLE. `all` runs everything in one process
 * (the demo and small deployments); more `worker` processes on the same Redis is how delivery scales.
 */
export type ProcessRole = 'all' | 'api' | 'worker' | 'ingest';
export type RoleDuty = 'http' | 'queue-consumers' | 'market-data';

const DUTIES: Record<ProcessRole, RoleDuty[]> = {
  all: ['http', 'queue-consumers', 'market-data'],
  api: ['http'],
  worker: ['queue-consumers'],
  ingest: ['market-data'],
};

export function roleRuns(role: ProcessRole, duty: RoleDuty): boolean {
  return DUTIES[role].includes(duty);
}
