/**
 * The email adapter's connection pool against a real SMTP server (smtp-server): never more
 * connections than the pool size, a refused recipient is a permanent error that leaves the
 * connection usable, a connection the server closed while idle is replaced, login when the URL
 * carries credentials, and close() ends every connection.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { SendError, type OutgoingMessage } from '../../../src/distribution/channel-sender.js';
import { EmailSender } from '../../../src/distribution/adapters/email.js';

interface Server {
  url: string;
  /** Recipients of accepted messages, in arrival order. */
  accepted: string[];
  /** Connections open now, and the most ever open at once. */
  open: () => number;
  peak: () => number;
  sessions: SMTPServerSession[];
  logins: string[];
  close(): Promise<void>;
}

async function startServer(options: { auth?: boolean; dataDelayMs?: number } = {}) {
  const accepted: string[] = [];
  const sessions: SMTPServerSession[] = [];
  const logins: string[] = [];
  let open = 0;
  let peak = 0;
  const server = new SMTPServer({
    authOptional: !options.auth,
    disabledCommands: options.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    allowInsecureAuth: true,
    logger: false,
    onConnect(session, cb) {
      open++;
      peak = Math.max(peak, open);
      sessions.push(session);
      cb();
    },
    onClose() {
      open--;
    },
    onAuth(auth, _session, cb) {
      logins.push(auth.username ?? '');
      if (auth.username === 'desk' && auth.password === 's3cret') cb(null, { user: 'desk' });
      else cb(new Error('bad credentials'));
    },
    onRcptTo(address, _session, cb) {
      if (address.address.startsWith('nobody@')) {
        const err = new Error('no such mailbox') as Error & { responseCode: number };
        err.responseCode = 550;
        cb(err);
        return;
      }
      cb();
    },
    onData(stream, session, cb) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        setTimeout(() => {
          for (const r of session.envelope.rcptTo) accepted.push(r.address);
          cb();
        }, options.dataDelayMs ?? 0);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  const s: Server = {
    url: `smtp://127.0.0.1:${port}`,
    accepted,
    open: () => open,
    peak: () => peak,
    sessions,
    logins,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return { s, server };
}

function message(to: string, id: string): OutgoingMessage {
  return {
    deliveryId: id,
    tier: 'premium',
    recipient: `sub-${id}`,
    address: to,
    message: {
      channel: 'email',
      subject: 'SPY calls',
      text: 'Bought the SPY 442 call.',
      html: '<p>Bought the SPY 442 call.</p>',
    },
    text: 'Subject: SPY calls\n\nBought the SPY 442 call.',
    idempotencyKey: `gd-${id}`,
    unsubscribe: { url: `https://gd.test/u/${id}` },
  };
}

const until = async (cond: () => boolean, what: string) => {
  for (let i = 0; i < 400 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!cond()) throw new Error(`timed out waiting for ${what}`);
};

describe('email connection pool (real SMTP server)', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  async function setup(
    url: (base: string) => string,
    options: { auth?: boolean; dataDelayMs?: number } = {},
    poolSize = 3,
  ) {
    const { s } = await startServer(options);
    const sender = new EmailSender({
      smtpUrl: url(s.url),
      from: 'GammaDesk <signals@gammadesk.test>',
      poolSize,
      now: () => Date.now(),
    });
    cleanup.push(() => s.close());
    cleanup.push(() => sender.close());
    return { s, sender };
  }

  it('sends many messages over at most the pool size of connections, each once', async () => {
    const { s, sender } = await setup((u) => u, { dataDelayMs: 5 }, 3);
    const to = Array.from({ length: 40 }, (_, i) => `r${i}@bench.test`);
    const results = await Promise.all(to.map((a, i) => sender.send(message(a, String(i + 1)))));
    expect(results.map((r) => r.providerMessageId)).toEqual(
      to.map((_, i) => `<delivery-${i + 1}@gammadesk.local>`),
    );
    expect([...s.accepted].sort()).toEqual([...to].sort());
    expect(s.peak()).toBe(3);
    expect(s.sessions.length).toBe(3);
  });

  it('a refused recipient is a permanent error; the connection goes on to the next message', async () => {
    const { s, sender } = await setup((u) => u, {}, 1);
    const err = await sender.send(message('nobody@bench.test', '1')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SendError);
    expect((err as SendError).kind).toBe('permanent');
    await sender.send(message('someone@bench.test', '2'));
    expect(s.accepted).toEqual(['someone@bench.test']);
    expect(s.sessions.length).toBe(1);
  });

  it('a connection the server closed while idle is replaced by a fresh one', async () => {
    const { s, server } = await startServer();
    const sender = new EmailSender({
      smtpUrl: s.url,
      from: 'signals@gammadesk.test',
      poolSize: 1,
      now: () => Date.now(),
    });
    cleanup.push(() => s.close());
    cleanup.push(() => sender.close());
    await sender.send(message('a@bench.test', '1'));
    // The server ends every open session, as a relay does after its idle timeout.
    for (const conn of server.connections) conn.close();
    await until(() => s.open() === 0, 'the server to close the connection');
    await sender.send(message('b@bench.test', '2'));
    expect(s.accepted).toEqual(['a@bench.test', 'b@bench.test']);
    expect(s.sessions.length).toBe(2);
  });

  it('logs in with the URL credentials; wrong ones fail the probe as permanent', async () => {
    const ok = await setup((u) => u.replace('smtp://', 'smtp://desk:s3cret@'), { auth: true });
    await ok.sender.probe();
    await ok.sender.send(message('a@bench.test', '1'));
    expect(ok.s.accepted).toEqual(['a@bench.test']);
    expect(ok.s.logins).toEqual(['desk', 'desk']);

    const bad = await setup((u) => u.replace('smtp://', 'smtp://desk:wrong@'), { auth: true });
    const err = await bad.sender.probe().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SendError);
    expect((err as SendError).kind).toBe('permanent');
  });

  it('close() ends the connections; a send after it fails', async () => {
    const { s, sender } = await setup((u) => u, {}, 2);
    await Promise.all([
      sender.send(message('a@bench.test', '1')),
      sender.send(message('b@bench.test', '2')),
    ]);
    expect(s.open()).toBe(2);
    await sender.close();
    await until(() => s.open() === 0, 'the connections to close');
    await expect(sender.send(message('c@bench.test', '3'))).rejects.toBeInstanceOf(SendError);
  });
});
