/**
 * Queues: bull-board under /admin/queues for admins, when the queues run on Bull (REDIS_URL).
 * Read-only: the board's own actions would POST without the portal's CSRF token (refused), so
 * it is shown without them; retries go through the deliveries page. bull-board's page carries a
 * few inline styles, so this one path allows them (scripts stay same-origin only).
 */
import { Controller, Get, Inject, NotFoundException, Optional, Req, Res } from '@nestjs/common';
import { createBullBoard } from '@bull-board/api';
import { BullAdapter } from '@bull-board/api/bullAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Request, Response } from 'express';
import { DELIVERY_QUEUE } from '../../../distribution/delivery-queue.js';
import { BullDelayQueue } from '../../../queue/bull-delay-queue.js';
import type { DelayQueue } from '../../../queue/delay-queue.js';
import { delayQueueToken } from '../../../queue/queue.module.js';
import { RequireRole } from '../../access/require-role.js';

const BASE = '/admin/queues';
const BOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
  "base-uri 'self'",
].join('; ');

type Handler = (req: Request, res: Response, next: (err?: unknown) => void) => void;

@Controller('admin/queues')
@RequireRole('admin')
export class QueuesBoardController {
  private readonly board: Handler | null;

  constructor(
    @Optional() @Inject(delayQueueToken(DELIVERY_QUEUE)) queue?: DelayQueue<unknown> | null,
  ) {
    if (!(queue instanceof BullDelayQueue)) {
      this.board = null;
      return;
    }
    const adapter = new ExpressAdapter().setBasePath(BASE);
    createBullBoard({
      queues: [new BullAdapter(queue.queue, { readOnlyMode: true })],
      serverAdapter: adapter,
      options: { uiConfig: { boardTitle: 'GammaDesk queues' } },
    });
    this.board = adapter.getRouter() as Handler;
  }

  @Get(['', '*path'])
  show(@Req() req: Request, @Res() res: Response): Promise<void> {
    const board = this.board;
    if (!board) {
      throw new NotFoundException(
        'Queues run in this process (no REDIS_URL): there is no Bull queue to show.',
      );
    }
    res.setHeader('content-security-policy', BOARD_CSP);
    req.url = req.originalUrl.slice(BASE.length) || '/';
    return new Promise((resolve, reject) => {
      res.on('finish', () => resolve());
      board(req, res, (err?: unknown) => {
        if (err) return reject(err instanceof Error ? err : new Error(String(err)));
        if (!res.headersSent) res.status(404).type('text').send('Not found.');
        resolve();
      });
    });
  }
}
