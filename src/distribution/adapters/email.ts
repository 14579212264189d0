import {
  SendError,
  isNetworkError,
  type ChannelSender,
  type OutgoingMessage,
  type SendResult,
} from '../channel-sender.js';
import { composeMime, mailboxAddress } from './mime.js';
import { SmtpPool } from './smtp-pool.js';

export interface EmailSenderOptions {
  smtpUrl: string;
  from: string;
  poolSize: number;
  /** Domain of the per-delivery Message-ID. */
  messageIdDomain?: string;
  /** Wall time (ms) for the Date header: when the message really leaves. */
  now: () => number;
}

/**
 * Email over a pool of nodemailer SMTP connections (smtp-pool.ts; the pool size is the rate
 * limit: that many connections, unlimited messages each). Each message carries the recipient's
 * own unsubscribe link, List-Unsubscribe (link + mailto when known) and List-Unsubscribe-Post for
 * one-click, and a Message-ID derived from the delivery row, so a re-send after a crash is
 * recognisable as the same message by receiving systems. The message is composed by mime.ts and
 * sent raw.
 */
export class EmailSender implements ChannelSender {
  readonly via = 'email' as const;
  private readonly pool: SmtpPool;

  constructor(private readonly options: EmailSenderOptions) {
    const url = new URL(options.smtpUrl);
    this.pool = new SmtpPool({
      connection: {
        host: url.hostname,
        port: Number(url.port || 25),
        secure: url.protocol === 'smtps:',
        connectionTimeout: 10_000,
        socketTimeout: 30_000,
        tls: { rejectUnauthorized: url.searchParams.get('tlsInsecure') !== '1' },
        ignoreTLS: url.searchParams.get('ignoreTLS') === '1',
      },
      auth: url.username
        ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) }
        : null,
      maxConnections: options.poolSize,
    });
  }

  /** SMTP connect, EHLO and AUTH, then QUIT. */
  async probe(): Promise<void> {
    try {
      await this.pool.verify();
    } catch (err) {
      const code = (err as { responseCode?: number }).responseCode;
      throw new SendError(
        code !== undefined && code >= 500 ? 'permanent' : 'transient',
        `SMTP ${code ?? (err as { code?: string }).code ?? 'error'}: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }

  messageId(deliveryId: string): string {
    return `<delivery-${deliveryId}@${this.options.messageIdDomain ?? 'gammadesk.local'}>`;
  }

  async send(msg: OutgoingMessage): Promise<SendResult> {
    if (msg.message.channel !== 'email') throw new SendError('permanent', 'not an email');
    if (!msg.address) throw new SendError('permanent', 'no email address');
    const unsubscribe = {
      url: msg.unsubscribe?.url ?? null,
      mailto: msg.unsubscribe?.mailto ?? null,
    };
    const listUnsubscribe = [
      unsubscribe.url ? `<${unsubscribe.url}>` : null,
      unsubscribe.mailto ? `<mailto:${unsubscribe.mailto}>` : null,
    ]
      .filter(Boolean)
      .join(', ');
    const messageId = this.messageId(msg.deliveryId);
    let raw: Buffer;
    try {
      raw = composeMime({
        from: this.options.from,
        to: msg.address,
        subject: msg.message.subject,
        text: msg.message.text,
        html: msg.message.html,
        messageId,
        date: new Date(this.options.now()),
        headers: {
          ...(listUnsubscribe ? { 'List-Unsubscribe': listUnsubscribe } : {}),
          ...(unsubscribe.url ? { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : {}),
          'X-GammaDesk-Delivery': msg.deliveryId,
        },
        ...(msg.attachments ? { attachments: msg.attachments } : {}),
      });
    } catch (err) {
      throw new SendError('permanent', `cannot compose: ${(err as Error).message}`);
    }
    try {
      await this.pool.send({ from: mailboxAddress(this.options.from), to: [msg.address] }, raw);
      return { providerMessageId: messageId };
    } catch (err) {
      throw mapSmtpError(err);
    }
  }

  async close(): Promise<void> {
    this.pool.close();
  }
}

export function mapSmtpError(err: unknown): SendError {
  const e = err as { responseCode?: number; code?: string; message?: string };
  const text = e?.message ?? String(err);
  if (typeof e?.responseCode === 'number') {
    if (e.responseCode === 421 || e.responseCode === 450 || e.responseCode === 451) {
      return new SendError('rate_limited', `SMTP ${e.responseCode}: ${text}`, 5_000);
    }
    if (e.responseCode >= 500) return new SendError('permanent', `SMTP ${e.responseCode}: ${text}`);
    return new SendError('transient', `SMTP ${e.responseCode}: ${text}`);
  }
  if (isNetworkError(err) || e?.code === 'ECONNECTION' || e?.code === 'ETIMEDOUT') {
    return new SendError('transient', `SMTP unreachable: ${text}`);
  }
  return new SendError('transient', text);
}
