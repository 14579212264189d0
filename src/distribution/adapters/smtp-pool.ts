/**
 * A few long-lived SMTP connections (nodemailer's SMTPConnection) that send raw messages, each
 * connection one message at a time, the rest waiting in order. nodemailer's pooled transport does
 * the same but runs every raw message through its Mailer, MIME tree and stream pipeline first:
 * ~0.5 ms of CPU a message, most of what a large email fan-out cost. The envelope and DATA are
 * pipelined (RFC 2920) by SMTPConnection when the server offers it.
 *
 * Failures are not retried here (the delivery worker owns retries), except a send that found its
 * idle connection already closed before writing anything, which goes out over a fresh one.
 */
import SMTPConnection, { type SMTPConnectionOptions } from 'nodemailer/lib/smtp-connection';

export interface SmtpPoolOptions {
  connection: SMTPConnectionOptions;
  auth: { user: string; pass: string } | null;
  maxConnections: number;
}

interface Slot {
  conn: SMTPConnection;
  /** Set once the connection errored or ended: it is never handed out again. */
  dead: boolean;
}

type SmtpError = Error & { code?: string; command?: string; responseCode?: number };

export class SmtpPool {
  private readonly idle: Slot[] = [];
  private readonly waiting: { resolve: (s: Slot) => void; reject: (e: Error) => void }[] = [];
  /** Connections open or opening. */
  private open = 0;
  private closed = false;

  constructor(private readonly options: SmtpPoolOptions) {}

  /** Sends one raw message; resolves once the server accepted it (250 after the data). */
  async send(envelope: { from: string; to: string[] }, raw: Buffer): Promise<void> {
    for (let fresh = false; ; fresh = true) {
      const slot = await this.acquire();
      try {
        await new Promise<void>((resolve, reject) =>
          slot.conn.send(envelope, raw, (err) => (err ? reject(err) : resolve())),
        );
        this.release(slot);
        return;
      } catch (err) {
        const e = err as SmtpError;
        // Refused before anything was written (the connection had closed while idle): once more.
        const unwritten = e.code === 'ECONNECTION' && e.command === 'API';
        this.recover(slot, e);
        if (!unwritten || fresh) throw err;
      }
    }
  }

  /** Connects, authenticates and says QUIT (what a start-up probe needs to know). */
  async verify(): Promise<void> {
    const conn = await this.connect();
    conn.quit();
  }

  /** Idle connections say QUIT; busy ones close when their message is done; waiters fail. */
  close(): void {
    this.closed = true;
    for (const slot of this.idle.splice(0)) this.discard(slot, true);
    for (const w of this.waiting.splice(0)) w.reject(new Error('the SMTP pool is closed'));
  }

  private acquire(): Promise<Slot> {
    if (this.closed) return Promise.reject(new Error('the SMTP pool is closed'));
    const slot = this.idle.pop();
    if (slot) return Promise.resolve(slot);
    if (this.open >= this.options.maxConnections) {
      return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
    }
    this.open++;
    return this.connect().then(
      (conn) => this.track(conn),
      (err: unknown) => {
        this.open--;
        this.wakeNext();
        throw err;
      },
    );
  }

  private release(slot: Slot): void {
    if (slot.dead) return;
    if (this.closed) return this.discard(slot, true);
    const w = this.waiting.shift();
    if (w) w.resolve(slot);
    else this.idle.push(slot);
  }

  /**
   * After a failed send: a message the server refused leaves the connection usable once reset
   * (as nodemailer's pool does); anything else closes it.
   */
  private recover(slot: Slot, e: SmtpError): void {
    const refused =
      (e.code === 'EENVELOPE' || e.code === 'EMESSAGE') && e.responseCode !== 421 && !slot.dead;
    if (!refused) return this.discard(slot, false);
    slot.conn.reset((err) => (err ? this.discard(slot, false) : this.release(slot)));
  }

  private discard(slot: Slot, quit: boolean): void {
    if (!slot.dead) {
      slot.dead = true;
      this.open--;
      const i = this.idle.indexOf(slot);
      if (i >= 0) this.idle.splice(i, 1);
      this.wakeNext();
    }
    if (quit) slot.conn.quit();
    else slot.conn.close();
  }

  /** A slot freed up: the first waiter gets a new connection. */
  private wakeNext(): void {
    if (this.closed || this.waiting.length === 0 || this.open >= this.options.maxConnections) {
      return;
    }
    const w = this.waiting.shift()!;
    this.open++;
    this.connect().then(
      (conn) => w.resolve(this.track(conn)),
      (err: Error) => {
        this.open--;
        w.reject(err);
        this.wakeNext();
      },
    );
  }

  /** A connected connection as a slot; an idle one the server closes (its timeout) is dropped. */
  private track(conn: SMTPConnection): Slot {
    const slot: Slot = { conn, dead: false };
    const drop = () => {
      if (!slot.dead) this.discard(slot, false);
    };
    conn.on('error', drop);
    conn.once('end', drop);
    return slot;
  }

  private connect(): Promise<SMTPConnection> {
    return new Promise((resolve, reject) => {
      const conn = new SMTPConnection(this.options.connection);
      let settled = false;
      const fail = (err: Error) => {
        if (settled) return;
        settled = true;
        conn.close();
        reject(err);
      };
      // Stays attached (a no-op once settled): an 'error' without a listener would throw.
      conn.on('error', fail);
      conn.connect((err) => {
        if (err) return fail(err);
        const ready = () => {
          if (settled) return;
          settled = true;
          resolve(conn);
        };
        const auth = this.options.auth;
        if (!auth || !conn.allowsAuth) return ready();
        conn.login({ credentials: auth }, (loginErr) => (loginErr ? fail(loginErr) : ready()));
      });
    });
  }
}
