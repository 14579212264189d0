/**
 * A real SMTP server on a free local port (smtp-server) whose messages are parsed with
 * mailparser, for tests that read what the app mailed.
 */
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface SmtpInbox {
  /** smtp://127.0.0.1:PORT, for SMTP_URL. */
  url: string;
  mails: ParsedMail[];
  /** The first mail after index `after` to `to` whose subject matches; waits up to 10 s. */
  waitFor(to: string, subject: RegExp, after?: number): Promise<ParsedMail>;
  close(): Promise<void>;
}

export async function startSmtpInbox(): Promise<SmtpInbox> {
  const mails: ParsedMail[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((m) => {
          mails.push(m);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const matches = (m: ParsedMail, to: string, subject: RegExp) =>
    m.subject !== undefined && subject.test(m.subject) && JSON.stringify(m.to).includes(to);
  return {
    url: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
    mails,
    async waitFor(to, subject, after = 0) {
      for (let i = 0; i < 400; i++) {
        const found = mails.slice(after).find((m) => matches(m, to, subject));
        if (found) return found;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error(`no mail "${subject.source}" to ${to}`);
    },
    close: () => new Promise<void>((resolve) => smtp.close(() => resolve())),
  };
}
