import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** Serves the OpenAPI document at /docs (UI) and /docs-json; main.ts calls this once. */
export function setupOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('GammaDesk API')
    .setDescription(
      'Options analytics (Greeks, dealer gamma exposure, max pain, the full analytics snapshot). ' +
        'Units: prices in dollars; IV as a decimal; delta per $1, gamma per $1 per $1, theta per ' +
        'calendar day, vega per vol point; GEX in dollars of delta per 1% move.',
    )
    .setVersion('1')
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        description:
          'The operator token (ADMIN_API_TOKEN): live data. A subscriber API key (gd_live_…) is also accepted here.',
      },
      'operator',
    )
    .addApiKey(
      {
        type: 'apiKey',
        in: 'header',
        name: 'X-API-Key',
        description:
          'A subscriber API key (gd_live_…; create one with POST /subscribers/me/api-keys). ' +
          'Premium: live data. Basic: the snapshot at least the Basic delay old, levels on a ' +
          'coarse grid, no per-strike profiles or chain. Free: 403. Rate-limited per key (429, Retry-After).',
      },
      'apiKey',
    )
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
