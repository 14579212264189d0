/** Public billing endpoints: checkout, customer portal, and the signed Stripe webhook. */
import {
  BadRequestException,
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Inject,
  Post,
  Req,
  ServiceUnavailableException,
  Logger,
} from '@nestjs/common';
import type { RawBodyRequest } from '@nestjs/common';
import type { Request } from 'express';
import { z } from 'zod';
import type { Clock } from '../common/clock.js';
import { CLOCK } from '../core/tokens.js';
import { parseInput } from '../subscribers/http-input.js';
import { subscriberOfManageToken } from '../subscribers/manage-auth.js';
import { SubscriberService } from '../subscribers/subscriber-service.js';
import { BILLING_GATEWAY, WebhookRejected, type BillingGateway } from './billing-gateway.js';
import { BillingService } from './billing-service.js';
import { InvalidEventObject, WebhookProcessor } from './webhook-processor.js';

const checkoutSchema = z
  .object({
    plan: z.enum(['premium', 'basic']),
    interval: z.enum(['month', 'year']).default('month'),
    email: z.string().max(320).optional(),
  })
  .strict();

@Controller('billing')
export class BillingController {
  private readonly log = new Logger('BillingWebhook');

  constructor(
    @Inject(BillingService) private readonly billing: BillingService,
    @Inject(SubscriberService) private readonly subscribers: SubscriberService,
    @Inject(WebhookProcessor) private readonly webhooks: WebhookProcessor,
    @Inject(BILLING_GATEWAY) private readonly gateway: BillingGateway,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post('checkout')
  async checkout(@Headers('authorization') auth: string | undefined, @Body() body: unknown) {
    const input = parseInput(checkoutSchema, body);
    const subscriberId = auth ? await subscriberOfManageToken(this.subscribers, auth) : null;
    const session = await this.billing.checkout({
      subscriberId,
      email: input.email ?? null,
      plan: input.plan,
      interval: input.interval,
    });
    // Only the page to pay on: a subscriber id here would name who subscribes with an address.
    return { url: session.url };
  }

  @Get('portal')
  async portal(@Headers('authorization') auth: string | undefined) {
    return this.billing.portal(await subscriberOfManageToken(this.subscribers, auth));
  }

  @Post('webhook')
  @HttpCode(200)
  async webhook(
    @Req() req: RawBodyRequest<Request>,
    @Headers('stripe-signature') signature: string | undefined,
  ) {
    const raw = req.rawBody;
    if (!raw || raw.length === 0) throw new BadRequestException('empty body');
    let event;
    try {
      event = this.gateway.verifyWebhook(raw, signature, this.clock.now());
    } catch (err) {
      if (err instanceof WebhookRejected) throw new BadRequestException(err.message);
      throw err;
    }
    try {
      const outcome = await this.webhooks.process(event);
      return { received: true, outcome };
    } catch (err) {
      if (err instanceof InvalidEventObject) throw new BadRequestException(err.message);
      // Transient (database, Stripe): a non-2xx makes Stripe deliver the event again later.
      this.log.error(
        `event ${event.id} (${event.type}) failed: ${err instanceof Error ? err.message : String(err)}`,
      );
      throw new ServiceUnavailableException('could not process the event now; it will be retried');
    }
  }
}
