import { Logger, type Provider } from '@nestjs/common';
import type { Clock } from '../../common/clock.js';
import { CONFIG_SLICE, type AdminConfig } from '../../config/slices.js';
import { CLOCK } from '../../core/tokens.js';
import { OperatorApiController } from '../operator-api/operator-api.controller.js';
import { HEADER_CONTROLS, type HeaderControlsSource } from '../portal/portal-pages.js';
import { ControlsController } from './controls.controller.js';
import { DistributionService } from '../../distribution/distribution.service.js';
import { OPERATOR_ALERTS, OperatorAlerts } from './operator-alerts.js';
import { TradingControls } from './trading-controls.js';

/** The Controls page and the operator API over the trading controls. */
export const CONTROLS_CONTROLLERS = [ControlsController, OperatorApiController];

/** The trading controls, and the header state every portal page shows. */
export const controlsProviders: Provider[] = [
  {
    provide: OPERATOR_ALERTS,
    inject: [CONFIG_SLICE.admin, CLOCK, { token: DistributionService, optional: true }],
    useFactory: (config: AdminConfig, clock: Clock, distribution?: DistributionService) => {
      const logger = new Logger('OperatorAlerts');
      // Planned as deliveries where distribution runs (every app process); sent by its workers.
      return new OperatorAlerts(
        distribution ?? null,
        clock,
        config.OPERATOR_ALERTS_PER_MINUTE,
        (m) => logger.warn(m),
      );
    },
  },
  TradingControls,
  {
    provide: HEADER_CONTROLS,
    inject: [TradingControls],
    useFactory:
      (controls: TradingControls): HeaderControlsSource =>
      () =>
        controls.header(),
  },
];
