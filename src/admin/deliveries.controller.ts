import {
  BadRequestException,
  Controller,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import { z } from 'zod';
import { DistributionService } from '../distribution/distribution.service.js';
import type { DeliveryRow } from '../distribution/delivery-store.js';
import { isoOf } from '../database/sql.js';
import { RequireRole } from './access/require-role.js';

const listQuery = z.object({
  since: z.iso.datetime({ offset: true }).optional(),
  signalId: z.string().min(1).max(64).optional(),
  status: z.enum(['scheduled', 'sending', 'sent', 'dead', 'blocked']).optional(),
  afterId: z.string().regex(/^\d+$/).optional(),
  limit: z.coerce.number().int().min(1).max(5000).optional(),
});

export function deliveryJson(r: DeliveryRow) {
  return {
    id: r.id,
    signalId: r.signalId,
    kind: r.kind,
    tier: r.tier,
    channel: r.channel,
    recipient: r.recipient === '' ? null : r.recipient,
    publishedAt: isoOf(r.publishedAt),
    promisedAt: isoOf(r.promisedAt),
    sentAt: isoOf(r.sentAt),
    status: r.status,
    attempts: r.attempts,
    text: r.text,
    providerMessageId: r.providerMessageId,
    sentVia: r.sentVia,
    lastError: r.lastError,
  };
}

/** Operator API: the delivery ledger (times on the engine clock), delay statistics, resend. */
@Controller('api/admin/deliveries')
@RequireRole('admin')
export class DeliveriesController {
  constructor(@Inject(DistributionService) private readonly distribution: DistributionService) {}

  @Get()
  async list(@Query() raw: Record<string, unknown>) {
    const parsed = listQuery.safeParse(raw);
    if (!parsed.success) {
      throw new BadRequestException(
        parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      );
    }
    const q = parsed.data;
    const rows = await this.distribution.store.list({
      since: q.since ? Date.parse(q.since) : undefined,
      signalId: q.signalId,
      status: q.status,
      afterId: q.afterId,
      limit: q.limit,
    });
    return rows.map(deliveryJson);
  }

  @Get('stats')
  async stats(@Query('signalId') signalId?: string) {
    if (signalId !== undefined && !/^[\w-]{1,64}$/.test(signalId)) {
      throw new BadRequestException('signalId: invalid');
    }
    return {
      perTier: await this.distribution.store.delayStats(),
      perSignal: await this.distribution.store.delayStats({ signalId, perSignal: true }),
      byStatus: await this.distribution.store.countByStatus(),
    };
  }

  @Post(':id/resend')
  @HttpCode(202)
  async resend(@Param('id') id: string) {
    if (!/^\d{1,18}$/.test(id)) throw new BadRequestException('id: a delivery id is numeric');
    const row = await this.distribution.engine.resend(id);
    if (!row) throw new NotFoundException('no dead-lettered or blocked delivery with this id');
    return deliveryJson(row);
  }
}
