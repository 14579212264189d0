/**
 * nodemailer adapter: SMTP_URL → a pooled SMTP transport; unset → nodemailer's JSON transport
 * (nothing leaves the process; the last messages are kept for the demo and the admin outbox).
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type { Mailer, OutgoingEmail } from '../mailer.js';

export class SmtpMailer implements Mailer {
  private readonly transport: Transporter;
  /** Sent through the JSON transport (no SMTP configured), newest last, at most 200. */
  readonly outbox: OutgoingEmail[] = [];

  constructor(
    private readonly smtpUrl: string | undefined,
    private readonly from: string,
  ) {
    this.transport = smtpUrl
      ? nodemailer.createTransport(smtpUrl)
      : nodemailer.createTransport({ jsonTransport: true });
  }

  async send(email: OutgoingEmail): Promise<void> {
    await this.transport.sendMail({
      from: this.from,
      to: email.to,
      subject: email.subject,
      text: email.text,
      headers: email.headers,
    });
    if (!this.smtpUrl) {
      this.outbox.push(email);
      if (this.outbox.length > 200) this.outbox.shift();
    }
  }

  close(): void {
    this.transport.close();
  }
}
