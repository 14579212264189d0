import { Global, Logger, Module } from '@nestjs/common';
import { AnalyticsModule } from '../analytics/analytics.module.js';
import { AnalyticsService } from '../analytics/analytics.service.js';
import type { Clock } from '../common/clock.js';
import { CONFIG_SLICE, type NarrativeConfig } from '../config/slices.js';
import { CLOCK, DATA_SOURCE } from '../core/tokens.js';
import type { DataSource } from 'typeorm';
import { SIGNAL_RECORD_READER, type SignalRecordReader } from '../signals/signal-record.js';
import { LEVELS_PROVIDER, SIGNAL_EXPLAINER } from '../subscribers/insight-ports.js';
import { NarrativeApprovals } from './approval/narrative-approvals.js';
import { AnalyticsLevelsProvider } from './levels-provider.js';
import { NARRATIVE_APPROVALS, NARRATIVE_STORE } from './narrative.tokens.js';
import type { NarrativeStore } from './store/narrative-store.js';
import { PostgresNarrativeStore } from './store/postgres-narrative-store.js';
import { createNarrativeService, NARRATIVE_SERVICE } from './writer/create-narrative-service.js';
import { tierDelaysFromConfig, TemplateWhyExplainer } from './why-explainer.js';

/** Without signal records in the app (no engine), /why has nothing to explain. */
const NO_SIGNAL_RECORDS: SignalRecordReader = { getSignal: () => Promise.resolve(null) };

/**
 * Plain-words explanations for the bots' /why and /levels (the template writer): /why reads the
 * signal's own record through the SIGNAL_RECORD_READER port (the engine provides it), /levels the
 * analytics service's latest snapshot. NARRATIVE_SERVICE is the configured writer (template,
 * Anthropic or OpenAI) behind its budget, fact check and (signal, tier) cache; it keeps every
 * narrative in PostgreSQL (NARRATIVE_STORE), and NARRATIVE_APPROVALS is the editors' approval of
 * model texts when NARRATIVE_REQUIRE_APPROVAL is on.
 */
@Global()
@Module({
  imports: [AnalyticsModule],
  providers: [
    {
      provide: SIGNAL_EXPLAINER,
      inject: [CONFIG_SLICE.narrative, CLOCK, { token: SIGNAL_RECORD_READER, optional: true }],
      useFactory: (
        config: NarrativeConfig,
        clock: Clock,
        signals: SignalRecordReader | undefined,
      ) =>
        new TemplateWhyExplainer(signals ?? NO_SIGNAL_RECORDS, tierDelaysFromConfig(config), clock),
    },
    {
      provide: NARRATIVE_STORE,
      inject: [{ token: DATA_SOURCE, optional: true }],
      useFactory: (ds: DataSource | undefined) => (ds ? new PostgresNarrativeStore(ds) : null),
    },
    {
      provide: NARRATIVE_SERVICE,
      inject: [CONFIG_SLICE.narrative, CLOCK, NARRATIVE_STORE],
      useFactory: (config: NarrativeConfig, clock: Clock, store: NarrativeStore | null) => {
        const log = new Logger('Narrative');
        return createNarrativeService({
          config,
          clock,
          ...(store ? { store } : {}),
          log: { warn: (detail, msg) => log.warn({ ...detail, msg }) },
        });
      },
    },
    {
      provide: NARRATIVE_APPROVALS,
      inject: [NARRATIVE_STORE, CLOCK, CONFIG_SLICE.narrative],
      useFactory: (store: NarrativeStore | null, clock: Clock, config: NarrativeConfig) => {
        const log = new Logger('NarrativeApprovals');
        return store
          ? new NarrativeApprovals({
              store,
              clock,
              required: config.NARRATIVE_REQUIRE_APPROVAL,
              log: { error: (detail, msg) => log.error({ ...detail, msg }) },
            })
          : null;
      },
    },
    {
      provide: LEVELS_PROVIDER,
      inject: [AnalyticsService, CLOCK],
      useFactory: (analytics: AnalyticsService, clock: Clock) => {
        const provider = new AnalyticsLevelsProvider(
          (symbol) => analytics.latest(symbol),
          () => clock.now(),
        );
        // Basic's /levels answers from the snapshots as they stood its delay ago.
        analytics.onSnapshot((snapshot) => provider.remember(snapshot));
        return provider;
      },
    },
  ],
  exports: [
    SIGNAL_EXPLAINER,
    LEVELS_PROVIDER,
    NARRATIVE_SERVICE,
    NARRATIVE_STORE,
    NARRATIVE_APPROVALS,
  ],
})
export class NarrativeModule {}
