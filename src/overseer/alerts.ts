/** What the overseer raises when a stage misbehaves, and what it did about it. */

export type AlertLevel = 'info' | 'warning' | 'critical';
export type OverseerAction =
  'none' | 'halt' | 'halt_symbol' | 'taper' | 'paper_only' | 'disable_strategy' | 'resume';

export interface AlertRecord {
  at: number;
  level: AlertLevel;
  kind: string;
  action: OverseerAction;
  symbol: string | null;
  strategy: string | null;
  message: string;
  context: Record<string, number | string | boolean | null>;
}
