import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/common/clock.js';
import { InProcessDelayQueue } from '../../../src/queue/in-process-delay-queue.js';
import { MailOutbox, type QueuedEmail } from '../../../src/subscribers/mail-outbox.js';
import type { Mailer, OutgoingEmail } from '../../../src/subscribers/mailer.js';

const mail: OutgoingEmail = { to: 'a@example.com', subject: 'Confirm', text: 'link' };
const settle = () => new Promise((r) => setTimeout(r, 20));

describe('MailOutbox', () => {
  it('send only enqueues: a failing transport never fails the caller, and the mail is retried', async () => {
    const sent: OutgoingEmail[] = [];
    let failures = 1;
    const transport: Mailer = {
      async send(email) {
        if (failures-- > 0) throw new Error('SMTP down');
        sent.push(email);
      },
    };
    const queue = new InProcessDelayQueue<QueuedEmail>('mail', new FakeClock(0));
    const outbox = new MailOutbox(queue, transport, true);
    await expect(outbox.send(mail)).resolves.toBeUndefined();
    expect(sent).toEqual([]); // nothing is sent inside send()
    outbox.onApplicationBootstrap();
    await settle();
    expect(sent).toEqual([]);
    expect(await queue.count()).toBe(1); // the retry, waiting its back-off
    await outbox.onModuleDestroy();
  });

  it('a process that does not consume the queue leaves the mail for one that does', async () => {
    const sent: OutgoingEmail[] = [];
    const queue = new InProcessDelayQueue<QueuedEmail>('mail', new FakeClock(0));
    const api = new MailOutbox(queue, { send: async (e) => void sent.push(e) }, false);
    api.onApplicationBootstrap();
    await api.send(mail);
    await settle();
    expect(sent).toEqual([]);
    new MailOutbox(queue, { send: async (e) => void sent.push(e) }, true).onApplicationBootstrap();
    await settle();
    expect(sent).toEqual([mail]);
    await api.onModuleDestroy();
  });
});
