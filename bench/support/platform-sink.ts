/**
 * The fake Discord and Telegram APIs in a process of their own, as the platforms are remote: their
 * HTTP parsing and replies do not share the sending process's event loop, whose latency the bench
 * measures. Each request's arrival (platform, path, status, wall time) is reported to the parent
 * over IPC in batches; the times are taken on arrival, so the batching delays none of them.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { SystemClock } from '../../src/common/clock.js';
import { FakeDiscordApi } from '../../src/sandbox/platforms/discord.js';
import { FakeTelegramApi } from '../../src/sandbox/platforms/telegram.js';

export interface PlatformArrival {
  path: string;
  status: number;
  receivedAt: number;
}

interface Ready {
  discordApiBase: string;
  telegramApiRoot: string;
}
type SinkMessage = Ready | { discord: PlatformArrival[]; telegram: PlatformArrival[] };

export interface PlatformSink extends Ready {
  discord: PlatformArrival[];
  telegram: PlatformArrival[];
  close(): Promise<void>;
}

/** Forks the fakes and resolves once both listen. */
export async function startPlatformSink(): Promise<PlatformSink> {
  const child: ChildProcess = fork(new URL(import.meta.url), ['--serve'], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const discord: PlatformArrival[] = [];
  const telegram: PlatformArrival[] = [];
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`platform sink exited (${code})`)));
    child.on('message', (m: SinkMessage) => {
      if ('discordApiBase' in m) resolve(m);
      else {
        discord.push(...m.discord);
        telegram.push(...m.telegram);
      }
    });
  });
  return {
    ...ready,
    discord,
    telegram,
    close: () =>
      new Promise<void>((resolve) => {
        child.removeAllListeners('exit');
        child.once('exit', () => resolve());
        child.kill();
      }),
  };
}

async function serve(): Promise<void> {
  const clock = new SystemClock();
  const discord = await FakeDiscordApi.start({ clock });
  const telegram = await FakeTelegramApi.start({ clock });
  const sent = { discord: 0, telegram: 0 };
  const arrivals = (
    log: readonly { path: string; status: number; receivedAt: number }[],
    from: number,
  ): PlatformArrival[] =>
    log.slice(from).map((r) => ({ path: r.path, status: r.status, receivedAt: r.receivedAt }));
  setInterval(() => {
    if (discord.requests.length === sent.discord && telegram.requests.length === sent.telegram)
      return;
    process.send?.({
      discord: arrivals(discord.requests, sent.discord),
      telegram: arrivals(telegram.requests, sent.telegram),
    });
    sent.discord = discord.requests.length;
    sent.telegram = telegram.requests.length;
  }, 5);
  process.send?.({ discordApiBase: discord.apiBase, telegramApiRoot: telegram.apiRoot });
  process.on('disconnect', () => process.exit(0));
}

if (process.argv.includes('--serve')) void serve();
