/**
 * The port every channel adapter implements. Adapters map their platform's errors to three kinds:
 * rate_limited (wait retryAfterMs, then retry), transient (retry with back-off) and permanent
 * (dead-letter at once).
 */
import type { Tier } from '../vocabulary/tier.js';
import type { DeliveryChannel } from '../subscribers/recipient-directory.js';
import type { RenderedMessage } from './renderer.js';

export interface OutgoingMessage {
  deliveryId: string;
  tier: Tier;
  /** subscriberId for direct channels, '' for broadcasts. */
  recipient: string;
  /** Email address or Telegram chat id for direct channels. */
  address: string | null;
  message: RenderedMessage;
  /** Exactly what is sent, as recorded in the ledger. */
  text: string;
  /** Email: the recipient's own unsubscribe link (and mailto), for List-Unsubscribe. */
  unsubscribe?: { url: string; mailto?: string } | null;
  /** Stable per delivery row: provider-side idempotency key where the platform takes one. */
  idempotencyKey: string;
  /**
   * Files sent with the message (a report's charts and levels, a signal's chart): email attaches
   * them (inline when they have a contentId), Discord uploads them for its embeds, Telegram sends
   * the first image as a photo with the message as its caption.
   */
  attachments?: OutgoingAttachment[];
}

export interface OutgoingAttachment {
  filename: string;
  contentType: string;
  data: Uint8Array;
  /** Email: referenced from the HTML as `cid:<contentId>`. */
  contentId?: string;
}

export interface SendResult {
  providerMessageId: string;
}

export type SendErrorKind = 'rate_limited' | 'transient' | 'permanent';

export class SendError extends Error {
  override name = 'SendError';
  constructor(
    readonly kind: SendErrorKind,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

export interface ChannelSender {
  /** The ledger's `sent_via`: the adapter that sent (e.g. 'discord' or 'outbox'). */
  readonly via: DeliveryChannel;
  send(msg: OutgoingMessage): Promise<SendResult>;
  /**
   * Checks the credentials with the platform's cheapest authenticated call (start-up, /health);
   * throws a SendError with a short reason (never a secret) when they do not work.
   */
  probe?(): Promise<void>;
  close?(): Promise<void>;
}

/** HTTP status → error kind, shared by the HTTP-based adapters. */
export function kindForStatus(status: number | undefined): SendErrorKind {
  if (status === 429) return 'rate_limited';
  if (status === undefined || status >= 500 || status === 408) return 'transient';
  return 'permanent';
}

/** Network-level failures (refused, reset, timeout) are transient. */
export function isNetworkError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return (
    typeof code === 'string' &&
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'UND_ERR_SOCKET'].includes(
      code,
    )
  );
}
