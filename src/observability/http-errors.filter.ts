import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { ZodError } from 'zod';
import { requestContext } from './logger.js';

interface ErrorBody {
  statusCode: number;
  message: string | string[];
  error?: string;
  requestId?: string;
}

/** Status and body for an error that came from the caller's input, else null. */
function clientError(err: unknown): ErrorBody | null {
  if (err instanceof ZodError) {
    return {
      statusCode: 400,
      error: 'Bad Request',
      message: err.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`),
    };
  }
  if (err instanceof URIError) {
    return { statusCode: 400, error: 'Bad Request', message: 'malformed percent-encoding' };
  }
  // http-errors (body-parser, send): `expose` marks a message meant for the client.
  const status = (err as { status?: unknown } | null)?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const exposed = (err as { expose?: unknown }).expose === true;
    return {
      statusCode: status,
      message: exposed && err instanceof Error ? err.message : 'bad request',
    };
  }
  return null;
}

/**
 * The one place errors become responses. Input errors that escaped a controller (a ZodError,
 * bad percent-encoding, a body parser's 4xx) answer 4xx naming the problem; anything else is a
 * 500 whose body carries only the request id, and whose log line carries message, stack and
 * request id (pino's err serializer).
 */
@Catch()
export class HttpErrorsFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(err: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const res = http.getResponse<Response>();
    const req = http.getRequest<Request>();
    const requestId = requestContext.getStore()?.requestId;
    let body: ErrorBody;
    if (err instanceof HttpException) {
      const response = err.getResponse();
      body =
        typeof response === 'string'
          ? { statusCode: err.getStatus(), message: response }
          : ({ statusCode: err.getStatus(), ...response } as ErrorBody);
    } else {
      body = clientError(err) ?? { statusCode: 500, message: 'Internal server error' };
    }
    if (body.statusCode >= 500) {
      this.logger.error(
        { err, method: req.method, path: req.path, status: body.statusCode },
        err instanceof Error ? err.message : 'request failed',
      );
      body = { ...body, requestId };
    }
    if (res.headersSent) return;
    res.status(body.statusCode).json(body);
  }
}
