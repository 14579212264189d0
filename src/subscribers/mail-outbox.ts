/**
 * Subscriber mail through the queue: `send` only enqueues, a queue consumer hands the mail to the
 * real mailer. A request that sends mail (sign-up) then answers as fast as one that sends none,
 * so its timing does not tell whether an address is known; an SMTP outage delays the mail
 * instead of failing the request. Failed sends are retried with back-off, then dropped and logged.
 */
import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { DelayQueue } from '../queue/delay-queue.js';
import type { Mailer, OutgoingEmail } from './mailer.js';

export interface QueuedEmail {
  email: OutgoingEmail;
  attempt: number;
}

const MAX_ATTEMPTS = 5;
const BACKOFF_MS = [5_000, 30_000, 120_000, 600_000];
const CONCURRENCY = 2;

export class MailOutbox implements Mailer {
  private readonly log = new Logger('MailOutbox');

  constructor(
    private readonly queue: DelayQueue<QueuedEmail>,
    private readonly transport: Mailer,
    /** Whether this process consumes the queue (ROLE all/worker). */
    private readonly consume: boolean,
  ) {}

  async send(email: OutgoingEmail): Promise<void> {
    await this.queue.add(randomUUID(), { email, attempt: 1 });
  }

  onApplicationBootstrap(): void {
    if (!this.consume) return;
    this.queue.process(CONCURRENCY, async ({ data }) => {
      try {
        await this.transport.send(data.email);
      } catch (err) {
        const why = err instanceof Error ? err.message : String(err);
        if (data.attempt >= MAX_ATTEMPTS) {
          this.log.error(
            `mail "${data.email.subject}" dropped after ${data.attempt} tries: ${why}`,
          );
          return;
        }
        const wallDelayMs = BACKOFF_MS[data.attempt - 1] ?? BACKOFF_MS.at(-1)!;
        this.log.warn(
          `mail "${data.email.subject}" failed (${why}); retrying in ${wallDelayMs} ms`,
        );
        await this.queue.add(randomUUID(), { ...data, attempt: data.attempt + 1 }, { wallDelayMs });
      }
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.queue.close();
  }
}
