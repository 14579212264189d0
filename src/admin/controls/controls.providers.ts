import type { Provider } from '@nestjs/common';
import { OperatorApiController } from '../operator-api/operator-api.controller.js';
import { HEADER_CONTROLS, type HeaderControlsSource } from '../portal/portal-pages.js';
import { ControlsController } from './controls.controller.js';
import { TradingControls } from './trading-controls.js';

/** The Controls page and the operator API over the trading controls. */
export const CONTROLS_CONTROLLERS = [ControlsController, OperatorApiController];

/** The trading controls, and the header state every portal page shows. */
export const controlsProviders: Provider[] = [
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
