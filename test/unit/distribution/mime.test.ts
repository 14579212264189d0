import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { composeMime, mailboxAddress } from '../../../src/distribution/adapters/mime.js';

const base = {
  from: 'GammaDesk <signals@gammadesk.local>',
  to: 'ana@example.com',
  subject: 'Bullish SPY setup triggered',
  text: 'SPY calls around 440.\n\nNot investment advice.',
  html: '<p>SPY calls around <b>440</b>.</p><p>Not investment advice.</p>',
  messageId: '<delivery-42@gammadesk.local>',
  date: new Date(Date.UTC(2026, 2, 2, 15, 0, 5)),
  headers: {
    'List-Unsubscribe': '<https://gd.test/u/abc>',
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    'X-GammaDesk-Delivery': '42',
  },
};

describe('composeMime (read back with mailparser)', () => {
  it('carries the addresses, subject, both bodies, Message-ID, date and extra headers', async () => {
    const mail = await simpleParser(composeMime(base));
    expect(mail.from?.value[0]).toMatchObject({
      name: 'GammaDesk',
      address: 'signals@gammadesk.local',
    });
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.value[0].address : null).toBe(
      'ana@example.com',
    );
    expect(mail.subject).toBe(base.subject);
    expect(mail.text?.trim()).toBe(base.text);
    expect(mail.html).toBe(base.html);
    expect(mail.messageId).toBe(base.messageId);
    expect(mail.date?.getTime()).toBe(base.date.getTime());
    expect(mail.headerLines.find((h) => h.key === 'list-unsubscribe')?.line).toBe(
      'List-Unsubscribe: <https://gd.test/u/abc>',
    );
    expect(mail.headerLines.find((h) => h.key === 'list-unsubscribe-post')?.line).toBe(
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    );
    expect(mail.headers.get('x-gammadesk-delivery')).toBe('42');
  });

  it('encodes non-ASCII subjects, names and bodies (long subjects in several encoded words)', async () => {
    const subject = `Señal alcista en SPY — ${'ñ'.repeat(60)} ✅`;
    const mail = await simpleParser(
      composeMime({
        ...base,
        from: 'Gamma Désk <signals@gammadesk.local>',
        subject,
        text: 'Précio ≈ 440 €',
        html: '<p>Précio ≈ 440 €</p>',
      }),
    );
    expect(mail.subject).toBe(subject);
    expect(mail.from?.value[0].name).toBe('Gamma Désk');
    expect(mail.text?.trim()).toBe('Précio ≈ 440 €');
    expect(mail.html).toBe('<p>Précio ≈ 440 €</p>');
  });

  it('keeps every line within 998 characters, whatever the body length', () => {
    const raw = composeMime({ ...base, html: `<p>${'x'.repeat(20_000)}</p>` }).toString('utf8');
    expect(Math.max(...raw.split('\r\n').map((l) => l.length))).toBeLessThanOrEqual(998);
  });

  it('refuses a line break in any header (no header injection)', () => {
    expect(() => composeMime({ ...base, subject: 'Hi\r\nBcc: all@example.com' })).toThrow(
      /Subject/,
    );
    expect(() => composeMime({ ...base, to: 'a@b.c\nBcc: x@y.z' })).toThrow(/To/);
    expect(() =>
      composeMime({ ...base, headers: { 'List-Unsubscribe': '<https://x>\r\nBcc: z@z.z' } }),
    ).toThrow(/List-Unsubscribe/);
    expect(() => composeMime({ ...base, headers: { 'Bad Name': 'x' } })).toThrow(/header name/);
  });

  it('takes the bare address of a mailbox for the SMTP envelope', () => {
    expect(mailboxAddress('GammaDesk <signals@gammadesk.local>')).toBe('signals@gammadesk.local');
    expect(mailboxAddress('plain@example.com')).toBe('plain@example.com');
  });
});
