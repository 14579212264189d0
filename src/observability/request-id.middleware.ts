import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { requestContext } from './logger.js';

const VALID_ID = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * Gives every request an id (the caller's X-Request-Id when well-formed, else a new UUID), echoes it
 * in the response, runs the request inside the log context, and logs one line when it finishes.
 */
export function requestIdMiddleware(logger: Logger, now: () => number) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const incoming = req.header('x-request-id');
    const requestId = incoming && VALID_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader('x-request-id', requestId);
    const started = now();
    res.on('finish', () => {
      requestContext.run({ requestId }, () =>
        logger.info(
          {
            method: req.method,
            path: req.path,
            status: res.statusCode,
            durationMs: now() - started,
          },
          'request',
        ),
      );
    });
    requestContext.run({ requestId }, next);
  };
}
