/**
 * Operator API for subscribers and billing (admin role: the operator token, `Authorization: Bearer
 * <ADMIN_API_TOKEN>`, 401 otherwise). Every tier-changing action is audited with the actor
 * (X-Admin-Actor header, default "admin") and followed by entitlement sync.
 */
import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Inject,
  NotFoundException,
  ServiceUnavailableException,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { TIERS } from '../vocabulary/tier.js';
import { DATA_SOURCE } from '../core/tokens.js';
import { BillingAdmin } from '../billing/billing-admin.js';
import { BillingService } from '../billing/billing-service.js';
import { BillingStore } from '../billing/billing-store.js';
import { Reconciler } from '../billing/reconciler.js';
import { parseInput } from '../subscribers/http-input.js';
import { SubscriberService } from '../subscribers/subscriber-service.js';
import { isUuid, SubscriberStore, type Subscriber } from '../subscribers/subscriber-store.js';
import { isoOf } from '../database/sql.js';
import { RequireRole } from './access/require-role.js';

const idParam = z.string().refine(isUuid, 'not a subscriber id');
const searchQuery = z.object({ email: z.string().min(1).max(320) });
const reason = z.string().trim().min(1).max(500);
const compSchema = z
  .object({ tier: z.enum(TIERS), until: z.iso.datetime({ offset: true }), reason })
  .strict();
const freeDaysSchema = z
  .object({ days: z.number().int().min(1).max(366), reason, tier: z.enum(TIERS).optional() })
  .strict();
const reasonSchema = z.object({ reason }).strict();
const refundSchema = z
  .object({
    paymentIntentId: z.string().startsWith('pi_').optional(),
    amountCents: z.number().int().min(1).optional(),
    reason,
  })
  .strict();
const figuresQuery = z.object({ days: z.coerce.number().int().min(1).max(366).default(30) });
const actorHeader = z
  .string()
  .regex(/^[\w.@-]{1,64}$/)
  .optional();

@Controller('api/admin')
@RequireRole('admin')
export class SubscribersAdminController {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(SubscriberStore) private readonly store: SubscriberStore,
    @Inject(BillingStore) private readonly billing: BillingStore,
    @Inject(SubscriberService) private readonly subscribers: SubscriberService,
    @Inject(BillingAdmin) private readonly admin: BillingAdmin,
    @Inject(BillingService) private readonly billingService: BillingService,
    @Inject(Reconciler) private readonly reconciler: Reconciler,
  ) {}

  @Get('subscribers')
  async search(@Query() query: unknown) {
    const { email } = parseInput(searchQuery, query);
    const found = await this.store.searchByEmail(this.db, email.trim().toLowerCase());
    return Promise.all(found.map((s) => this.view(s)));
  }

  @Get('subscribers/:id')
  async get(@Param('id') id: string) {
    return this.view(await this.mustGet(id));
  }

  @Post('subscribers/:id/comp')
  @HttpCode(200)
  async comp(
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('x-admin-actor') actor?: string,
  ) {
    const input = parseInput(compSchema, body);
    return this.admin.comp(
      this.id(id),
      input.tier,
      Date.parse(input.until),
      this.actor(actor),
      input.reason,
    );
  }

  @Post('subscribers/:id/free-days')
  @HttpCode(200)
  async freeDays(
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('x-admin-actor') actor?: string,
  ) {
    const input = parseInput(freeDaysSchema, body);
    return this.admin.addFreeDays(
      this.id(id),
      input.days,
      this.actor(actor),
      input.reason,
      input.tier,
    );
  }

  @Post('subscribers/:id/pause')
  @HttpCode(200)
  async pause(
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('x-admin-actor') actor?: string,
  ) {
    const input = parseInput(reasonSchema, body);
    return this.admin.setPaused(this.id(id), true, this.actor(actor), input.reason);
  }

  @Post('subscribers/:id/resume')
  @HttpCode(200)
  async resume(
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('x-admin-actor') actor?: string,
  ) {
    const input = parseInput(reasonSchema, body);
    return this.admin.setPaused(this.id(id), false, this.actor(actor), input.reason);
  }

  @Post('subscribers/:id/refund')
  @HttpCode(200)
  async refund(
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('x-admin-actor') actor?: string,
  ) {
    const input = parseInput(refundSchema, body);
    return this.admin.refund(this.id(id), input, this.actor(actor));
  }

  @Get('subscribers/:id/export')
  async export(@Param('id') id: string) {
    const data = await this.subscribers.exportData(this.id(id));
    if (!data) throw new NotFoundException('no such subscriber');
    return data;
  }

  @Delete('subscribers/:id')
  async delete(@Param('id') id: string) {
    if (!(await this.subscribers.deleteData(this.id(id))))
      throw new NotFoundException('no such subscriber');
    return { deleted: true };
  }

  @Get('billing/figures')
  async figures(@Query() query: unknown) {
    const { days } = parseInput(figuresQuery, query);
    return this.billingService.figures(days);
  }

  @Post('billing/reconcile')
  @HttpCode(200)
  async reconcile(@Headers('x-admin-actor') actor?: string) {
    try {
      return await this.reconciler.run(this.actor(actor));
    } catch (err) {
      // Stripe unconfigured or unreachable: the operator retries later; not a server fault.
      throw new ServiceUnavailableException(
        `reconciliation could not run: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }

  private async view(s: Subscriber) {
    const [history, subscriptions] = await Promise.all([
      this.store.tierHistory(this.db, s.id),
      this.billing.subscriptionsOf(this.db, s.id),
    ]);
    const current = [...subscriptions].sort((a, b) => b.created - a.created)[0];
    return {
      id: s.id,
      email: s.email,
      tier: s.tier,
      status: current?.status ?? 'none',
      tierReason: s.tierReason,
      comp: s.comp ? { tier: s.comp.tier, until: new Date(s.comp.until).toISOString() } : null,
      paused: s.paused,
      tierHistory: history.map((h) => ({ ...h, at: new Date(h.at).toISOString() })),
      channels: {
        email: { status: s.emailStatus, enabled: s.preferences.channels.includes('email') },
        telegram: {
          linked: s.telegramChatId !== null,
          enabled: s.preferences.channels.includes('telegram'),
        },
        discord: {
          linked: s.discordUserId !== null,
          enabled: s.preferences.channels.includes('discord'),
        },
      },
      subscriptions: subscriptions.map((x) => ({
        id: x.id,
        status: x.status,
        priceId: x.priceId,
        cancelAtPeriodEnd: x.cancelAtPeriodEnd,
        currentPeriodEnd: isoOf(x.currentPeriodEnd),
        pastDueSince: isoOf(x.pastDueSince),
      })),
    };
  }

  private id(id: string): string {
    return parseInput(idParam, id);
  }

  private async mustGet(id: string): Promise<Subscriber> {
    const sub = await this.store.get(this.db, this.id(id));
    if (!sub) throw new NotFoundException('no such subscriber');
    return sub;
  }

  private actor(header: string | undefined): string {
    const parsed = actorHeader.safeParse(header);
    return parsed.success && parsed.data ? `admin:${parsed.data}` : 'admin';
  }
}
