/**
 * A local SMTP server in a process of its own, as a mail relay would be: it accepts every message
 * and reports each arrival (recipient, wall time) to the parent over IPC, in batches. Forked by the
 * distribution bench so that the server's CPU is not counted against the sending process.
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface Arrival {
  to: string;
  at: number;
}

type SinkMessage = { port: number } | { arrivals: Arrival[] };

export interface SmtpSink {
  url: string;
  arrivals: Arrival[];
  close(): Promise<void>;
}

/** Forks the sink and resolves once it listens. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const child: ChildProcess = fork(new URL(import.meta.url), ['--serve'], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const arrivals: Arrival[] = [];
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`SMTP sink exited (${code})`)));
    child.on('message', (m: SinkMessage) => {
      if ('port' in m) resolve(m.port);
      else arrivals.push(...m.arrivals);
    });
  });
  return {
    url: `smtp://127.0.0.1:${port}`,
    arrivals,
    close: () =>
      new Promise<void>((resolve) => {
        child.removeAllListeners('exit');
        child.once('exit', () => resolve());
        child.kill();
      }),
  };
}

function serve(): void {
  let pending: Arrival[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    maxClients: 200,
    onData(stream, session, cb) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        const at = Date.now();
        for (const r of session.envelope.rcptTo) pending.push({ to: r.address, at });
        cb();
      });
    },
  });
  // Arrivals go up every few milliseconds: one IPC message per batch, not per mail.
  setInterval(() => {
    if (pending.length === 0) return;
    process.send?.({ arrivals: pending });
    pending = [];
  }, 5);
  server.listen(0, '127.0.0.1', () => {
    process.send?.({ port: (server.server.address() as AddressInfo).port });
  });
  process.on('disconnect', () => process.exit(0));
}

if (process.argv.includes('--serve')) serve();
