import { Global, Logger, Module } from '@nestjs/common';
import { AnalyticsModule } from '../analytics/analytics.module.js';
import { AnalyticsService } from '../analytics/analytics.service.js';
import type { Clock } from '../common/clock.js';
import { CONFIG_SLICE, type NarrativeConfig } from '../config/slices.js';
import { CLOCK } from '../core/tokens.js';
import { SIGNAL_RECORD_READER, type SignalRecordReader } from '../signals/signal-record.js';
import { LEVELS_PROVIDER, SIGNAL_EXPLAINER } from '../subscribers/insight-ports.js';
import { AnalyticsLevelsProvider } from './levels-provider.js';
import { createNarrativeService, NARRATIVE_SERVICE } from './writer/create-narrative-service.js';
import { tierDelaysFromConfig, TemplateWhyExplainer } from './why-explainer.js';

/** Without signal records in the app (no engine), /why has nothing to explain. */
const NO_SIGNAL_RECORDS: SignalRecordReader = { getSignal: () => Promise.resolve(null) };

/**
 * Plain-words explanations for the bots' /why and /levels (the template writer): /why reads the
 * signal's own record through the SIGNAL_RECORD_READER port (the engine provides it), /levels the
 * analytics service's latest snapshot. NARRATIVE_SERVICE is the configured writer (template,
 * Anthropic or OpenAI) behind its budget, fact check and (signal, tier) cache.
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
      provide: NARRATIVE_SERVICE,
      inject: [CONFIG_SLICE.narrative, CLOCK],
      useFactory: (config: NarrativeConfig, clock: Clock) => {
        const log = new Logger('Narrative');
        return createNarrativeService({
          config,
          clock,
          log: { warn: (detail, msg) => log.warn({ ...detail, msg }) },
        });
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
  exports: [SIGNAL_EXPLAINER, LEVELS_PROVIDER, NARRATIVE_SERVICE],
})
export class NarrativeModule {}
