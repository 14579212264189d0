/**
 * Simulator figures: a full SPY session (every five-second step, the full chain built at each
 * step), the per-snapshot cost, and the whole focus universe's tape without chains.
 */
import { MarketSimulator } from '../src/market-data/simulator/index.js';

const FOCUS = ['SPX', 'SPY', 'QQQ', 'IWM', 'AAPL', 'MSFT', 'GOOGL', 'AMZN', 'NVDA', 'META', 'TSLA'];

export default async function (): Promise<void> {
  const date = '2026-03-02';

  let t0 = performance.now();
  const sim = new MarketSimulator({ seed: 42, symbols: ['SPY'], date });
  const setupMs = performance.now() - t0;
  t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let snapshots = 0;
  let contracts = 0;
  let events = 0;
  for (const _step of sim.sessionSteps()) {
    contracts += sim.chainSnapshot('SPY').contracts.length;
    events += sim.drainEvents().length;
    snapshots++;
  }
  const sessionMs = performance.now() - t0;
  const sessionCpuMs = process.cpuUsage(cpu0).user / 1000;
  console.log(
    `SPY session ${date}: ${snapshots} snapshots, ${(contracts / snapshots).toFixed(0)} contracts each`,
  );
  console.log(`  set-up: ${setupMs.toFixed(0)} ms`);
  // Wall time suffers when other processes share the cores; CPU time is the steadier figure.
  console.log(
    `  full session with a chain every step: ${(sessionMs / 1000).toFixed(2)} s wall, ${(sessionCpuMs / 1000).toFixed(2)} s CPU`,
  );
  console.log(
    `  per snapshot: ${(sessionMs / snapshots).toFixed(3)} ms wall, ${(sessionCpuMs / snapshots).toFixed(3)} ms CPU (${((sessionCpuMs * 1e6) / contracts).toFixed(0)} ns CPU a contract)`,
  );
  console.log(`  tape events drained: ${events}`);

  t0 = performance.now();
  const all = new MarketSimulator({ seed: 42, symbols: FOCUS, date });
  let allEvents = 0;
  for (const _step of all.sessionSteps()) allEvents += all.drainEvents().length;
  const allMs = performance.now() - t0;
  console.log(
    `focus universe (${FOCUS.length} symbols), tape/books/bars/imbalances, no chains: ${(allMs / 1000).toFixed(2)} s, ${allEvents} events`,
  );

  t0 = performance.now();
  let chains = 0;
  const every = new MarketSimulator({ seed: 42, symbols: FOCUS, date, recordEvents: false });
  for (const step of every.sessionSteps()) {
    if (step.index % 12 !== 0) continue;
    for (const s of FOCUS) {
      every.chainSnapshot(s);
      chains++;
    }
  }
  const everyMs = performance.now() - t0;
  console.log(
    `focus universe, every chain once a minute: ${chains} chains in ${(everyMs / 1000).toFixed(2)} s`,
  );
}
