import { Global, Module } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { AnalyticsService } from '../analytics/analytics.service.js';
import type { Clock } from '../common/clock.js';
import type { AppConfig } from '../config/schema.js';
import { APP_CONFIG, CLOCK } from '../core/tokens.js';
import { tierPolicyFromConfig } from '../distribution/tier-policy.js';
import { ENGINE_REPOSITORY, type EngineRepository } from '../engine/storage/engine-repository.js';
import { LEVELS_PROVIDER, SIGNAL_EXPLAINER } from '../subscribers/insight-ports.js';
import { AnalyticsLevelsProvider } from './levels-provider.js';
import { TemplateWhyExplainer } from './why-explainer.js';

/**
 * Plain-words explanations for the bots' /why and /levels (the template writer). Collaborators
 * are looked up when first used, so this module depends on engine and analytics without
 * importing their modules (and without creating second instances of them).
 */
@Global()
@Module({
  providers: [
    {
      provide: SIGNAL_EXPLAINER,
      inject: [ModuleRef, APP_CONFIG, CLOCK],
      useFactory: (refs: ModuleRef, config: AppConfig, clock: Clock) => {
        let explainer: TemplateWhyExplainer | null = null;
        return {
          explain: (id: string, tier: Parameters<TemplateWhyExplainer['explain']>[1]) => {
            explainer ??= new TemplateWhyExplainer(
              refs.get<EngineRepository>(ENGINE_REPOSITORY, { strict: false }),
              tierPolicyFromConfig(config),
              clock,
            );
            return explainer.explain(id, tier);
          },
        };
      },
    },
    {
      provide: LEVELS_PROVIDER,
      inject: [ModuleRef],
      useFactory: (refs: ModuleRef) =>
        new AnalyticsLevelsProvider((symbol) =>
          refs.get(AnalyticsService, { strict: false }).latest(symbol),
        ),
    },
  ],
  exports: [SIGNAL_EXPLAINER, LEVELS_PROVIDER],
})
export class NarrativeModule {}
