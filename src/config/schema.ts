import { z } from 'zod';
import { coreConfig } from './sections/core.js';
import { analyticsConfig } from './sections/analytics.js';
import { engineConfig } from './sections/engine.js';
import { marketDataConfig } from './sections/market-data.js';
import { distributionConfig } from './sections/distribution.js';

/**
 * The whole configuration: one flat object of environment variables, assembled from one
 * section per module. Every variable has a description and (unless optional) a default;
 * .env.example is generated from this schema (`npm run config:example`).
 */
export const configSchema = z.object({
  ...coreConfig.shape,
  ...analyticsConfig.shape,
  ...engineConfig.shape,
  ...marketDataConfig.shape,
  ...distributionConfig.shape,
});

export type AppConfig = z.infer<typeof configSchema>;
