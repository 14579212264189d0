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
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
