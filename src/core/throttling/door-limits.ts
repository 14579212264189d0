import type { Request } from 'express';

/** At most `limit` requests per `ttlMs`; past it, refused (429) for `ttlMs`. */
export interface Window {
  limit: number;
  ttlMs: number;
}

/** The limits of one public door: per client IP, and per target (an address, a token). */
export interface DoorLimit {
  methods: readonly string[];
  path: string;
  perIp: Window;
  perTarget?: Window & { target: (req: Request) => string | null };
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function field(source: unknown, name: string): string | null {
  if (!source || typeof source !== 'object' || !Object.hasOwn(source, name)) return null;
  const value = (source as Record<string, unknown>)[name];
  return typeof value === 'string' && value.length > 0 ? value.slice(0, 400) : null;
}

const emailOf = (req: Request): string | null =>
  field(req.body, 'email')?.trim().toLowerCase() ?? null;
const tokenOf = (req: Request): string | null =>
  field(req.query, 'token') ?? field(req.body, 'token');
const bearerOrEmail = (req: Request): string | null =>
  req.headers.authorization?.slice(0, 400) ?? emailOf(req);

/**
 * Every rate-limited door. The per-target limits are what stops a flood aimed at one person
 * (thirty confirmation mails to one inbox) from many addresses; the per-IP limits stop one
 * client trying many targets.
 */
export const DOOR_LIMITS: readonly DoorLimit[] = [
  {
    methods: ['POST'],
    path: '/subscribers',
    perIp: { limit: 10, ttlMs: 10 * MINUTE },
    perTarget: { limit: 3, ttlMs: HOUR, target: emailOf },
  },
  {
    methods: ['POST'],
    path: '/billing/checkout',
    perIp: { limit: 10, ttlMs: 10 * MINUTE },
    perTarget: { limit: 5, ttlMs: HOUR, target: bearerOrEmail },
  },
  {
    methods: ['POST'],
    path: '/pricing/checkout',
    perIp: { limit: 10, ttlMs: 10 * MINUTE },
    perTarget: { limit: 5, ttlMs: HOUR, target: emailOf },
  },
  {
    methods: ['POST'],
    path: '/pricing/free',
    perIp: { limit: 10, ttlMs: 10 * MINUTE },
    perTarget: { limit: 3, ttlMs: HOUR, target: emailOf },
  },
  {
    // The sign-in email: a flood aimed at one inbox is stopped per address.
    methods: ['POST'],
    path: '/account/login',
    perIp: { limit: 10, ttlMs: 10 * MINUTE },
    perTarget: { limit: 5, ttlMs: HOUR, target: emailOf },
  },
  {
    methods: ['POST'],
    path: '/account/login/confirm',
    perIp: { limit: 20, ttlMs: 10 * MINUTE },
  },
  {
    methods: ['POST'],
    path: '/admin/login',
    perIp: { limit: 10, ttlMs: MINUTE },
  },
  {
    methods: ['GET', 'POST'],
    path: '/subscribers/confirm',
    perIp: { limit: 20, ttlMs: 10 * MINUTE },
    perTarget: { limit: 10, ttlMs: HOUR, target: tokenOf },
  },
  {
    methods: ['GET', 'POST'],
    path: '/email/unsubscribe',
    perIp: { limit: 30, ttlMs: 10 * MINUTE },
    perTarget: { limit: 10, ttlMs: HOUR, target: tokenOf },
  },
];

/** The door a request comes through, or undefined when it is not rate-limited. */
export function doorOf(req: Request): DoorLimit | undefined {
  return DOOR_LIMITS.find((d) => d.path === req.path && d.methods.includes(req.method));
}
