import { z } from 'zod';
import { coreConfig } from './sections/core.js';
import { adminConfig } from './sections/admin.js';
import { demoConfig } from './sections/demo.js';
import { analyticsConfig } from './sections/analytics.js';
import { billingConfig } from './sections/billing.js';
import { subscribersConfig } from './sections/subscribers.js';
import { engineConfig } from './sections/engine.js';
import { marketDataConfig } from './sections/market-data.js';
import { distributionConfig } from './sections/distribution.js';
import { tiersConfig } from './sections/tiers.js';
import { strategiesConfig } from './sections/strategies.js';
import { channelsConfig } from './sections/channels.js';
import { narrativeConfig, narrativeConfigProblems } from './sections/narrative.js';
import { accountConfig } from './sections/account.js';
import { archiveConfig } from './sections/archive.js';
import { reportsConfig } from './sections/reports.js';

/**
 * The whole configuration: one flat object of environment variables, assembled from one
 * section per module. Every variable has a description and (unless optional) a default;
 * .env.example is generated from this schema (`npm run config:example`).
 */
export const configSchema = z
  .object({
    ...coreConfig.shape,
    ...adminConfig.shape,
    ...demoConfig.shape,
    ...analyticsConfig.shape,
    ...billingConfig.shape,
    ...subscribersConfig.shape,
    ...engineConfig.shape,
    ...marketDataConfig.shape,
    ...tiersConfig.shape,
    ...distributionConfig.shape,
    ...channelsConfig.shape,
    ...strategiesConfig.shape,
    ...narrativeConfig.shape,
    ...accountConfig.shape,
    ...archiveConfig.shape,
    ...reportsConfig.shape,
  })
  .superRefine(
    (config, ctx) => {
      for (const p of narrativeConfigProblems(config))
        ctx.addIssue({ code: 'custom', path: [p.path], message: p.message });
    },
    // Also when other keys failed, so every problem is listed at once.
    { when: () => true },
  );

export type AppConfig = z.infer<typeof configSchema>;
