/**
 * The port distribution reads recipients through; subscribers implements it. Only what delivery
 * needs: addresses, tier and preferences — never payment data.
 */
import type { Tier } from '../vocabulary/tier.js';

export type DeliveryChannel = 'discord' | 'telegram' | 'email' | 'twitter' | 'reddit' | 'outbox';

export interface RecipientPreferences {
  /** null = every symbol. */
  symbols: string[] | null;
  /** null = every strategy. */
  strategies: string[] | null;
  /** Local quiet hours, e.g. { start: '22:00', end: '07:00', timeZone: 'America/New_York' }. */
  quietHours: { start: string; end: string; timeZone: string } | null;
  /** Channels the subscriber wants signals on. */
  channels: DeliveryChannel[];
  emailMode: 'instant' | 'digest';
  /**
   * Telegram DMs even while in the tier's Telegram group (which already gets every signal);
   * off or absent, a group member gets one copy: the group's.
   */
  telegramDmInGroup?: boolean;
}

export interface Recipient {
  subscriberId: string;
  tier: Tier;
  /** Present when the address is verified, subscribed and not bounced/complained. */
  email: { address: string; unsubscribeUrl: string; unsubscribeMailto?: string } | null;
  /** A linked Telegram private chat for direct messages. */
  telegramChatId: string | null;
  preferences: RecipientPreferences;
}

export interface RecipientDirectory {
  /**
   * Recipients of direct channels (email, telegram DMs) at exactly this tier, in stable order,
   * a page at a time (afterId = the last subscriberId of the previous page).
   */
  listRecipients(query: {
    tier: Tier;
    channel: 'email' | 'telegram';
    afterId?: string;
    limit: number;
  }): Promise<Recipient[]>;
  // Telegram recipients in their tier's group are left out unless they asked for DMs too.

  getRecipient(subscriberId: string): Promise<Recipient | null>;
}

export const RECIPIENT_DIRECTORY = Symbol('RecipientDirectory');
