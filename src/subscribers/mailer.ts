/** The port subscriber emails (confirmation, trial ending) go through. */
export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  headers?: Record<string, string>;
}

export interface Mailer {
  send(email: OutgoingEmail): Promise<void>;
}

export const SUBSCRIBER_MAILER = Symbol('SubscriberMailer');

/**
 * RFC 8058 one-click unsubscribe headers for a mail to a recipient (distribution adds these
 * to every signal email): List-Unsubscribe with the HTTPS URL (and mailto when given) and
 * List-Unsubscribe-Post, so a mail client's button POSTs `List-Unsubscribe=One-Click`.
 */
export function listUnsubscribeHeaders(email: {
  unsubscribeUrl: string;
  unsubscribeMailto?: string;
}): Record<string, string> {
  const targets = [`<${email.unsubscribeUrl}>`];
  if (email.unsubscribeMailto) targets.push(`<${email.unsubscribeMailto}>`);
  return {
    'List-Unsubscribe': targets.join(', '),
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };
}
